/*
 * cc_probe.h — line probes for the assembly a compiler writes: the text
 * rewrite stackheap-cc's assembler wrapper (cc_as.c) applies before the
 * real assembler sees it.
 *
 * After each statement row (`.loc` with is_stmt set) of the program's own
 * source, inside a function's instrumented body (after its call of
 * __cyg_profile_func_enter, before its call of __cyg_profile_func_exit),
 * the rewrite puts a call of the runtime's line probe (see
 * src/runtime/rt_probe.S), the way AFL's afl-as put its trampolines at
 * basic blocks.  Rows of files under /usr (system headers' inline
 * functions) and inline assembly are left alone.
 */
#ifndef CC_PROBE_H
#define CC_PROBE_H

#include <stdint.h>
#include <stdio.h>

/*
 * A probe site is `call __stackheap_probe`, then two seven-byte no-ops
 * (0f 1f 80 and a 32-bit operand): the row's key, then the frame's extent
 * (CC_PROBE_EXTENT_KNOWN | how many bytes above %rbp its slots reach, or
 * 0).  A call the rewrite knows to write nothing unmarked is followed by
 * the same no-op with CC_PROBE_CLEAN_CALL; any other by a store of 1 to
 * __stackheap_dirty.  See cc_probe.c; rt_lines.c reads them.
 */
#define CC_PROBE_NOP_SIZE 7
#define CC_PROBE_EXTENT_KNOWN 0x80000000u
#define CC_PROBE_CLEAN_CALL 0x53484331u	/* "1CHS" */
/*
 * A store the rewrite logs (__stackheap_store) instead of marking the
 * flag writes at most this many bytes from the logged address (a zmm).
 */
#define CC_PROBE_STORE_MAX 64

/* The key a probe's no-op carries: the row's file number and line. */
static inline uint32_t
cc_probe_key(unsigned file, unsigned line)
{
	return (uint32_t)(file & 0xfff) << 20 | (line & 0xfffff);
}

/* Copies assembly from in to out with probes added; -1 on a read or write error. */
int	cc_probe_rewrite(FILE *in, FILE *out);

#endif
