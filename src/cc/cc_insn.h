/*
 * cc_insn.h — what one line of a compiler's x86-64 assembly (AT&T syntax)
 * does to memory, as far as the line probes need to know (cc_probe.c):
 * whether it may write anywhere but its own frame's fixed slots, which
 * %rbp offsets it uses, whether it sets up or changes the frame pointer,
 * and what it calls.  Anything it does not recognize counts as a write
 * elsewhere: a missed write would show a wrong value, an extra one only
 * costs a full comparison at the next line step.
 */
#ifndef CC_INSN_H
#define CC_INSN_H

#include <stdbool.h>

#include "cc/cc_probe.h"

#define CC_NAME_MAX 256	/* callee names kept; longer ones are unknown */

struct cc_insn {
	bool	 instruction;	/* an instruction at all (no label, no directive) */
	bool	 prefix_only;	/* rex64, data16, rep...: the instruction follows */
	bool	 writes_elsewhere;	/* may write outside its frame's fixed slots */
	bool	 writes_rbp_slot;	/* writes N(%rbp): see cc_insn.c */
	bool	 sets_fp;	/* mov %rsp, %rbp */
	bool	 sets_return;	/* its destination is %eax/%rax/%ax/%al/%xmm0 */
	bool	 clobbers_fp;	/* any other write of %rbp but pop/leave */
	bool	 call;		/* a call ... */
	bool	 jumps_away;	/* a jump to a symbol, or through a register */
	char	 callee[CC_NAME_MAX];	/* ... of this name ("" through a pointer) */
	/*
	 * A store through a pointer: the memory operand written, when it is
	 * addressed by registers other than %rsp and %rip (so may be a heap
	 * block), with store_rbp when %rbp is one of them; else NULL.
	 */
	const char *store;
	size_t	 store_len;
	bool	 store_rbp;
	/*
	 * ... and that store is all it writes, at most CC_PROBE_STORE_MAX bytes
	 * from the operand's address (a mov, an add to memory...; not a bit
	 * operation, whose bit offset may reach anywhere, nor fxsave's 512
	 * bytes): a store log's entry stands for the whole write.
	 */
	bool	 store_bounded;
	long	 rbp_top;	/* the highest fixed %rbp offset used, plus room */
};

/* s past its blanks. */
static inline const char *
cc_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads one line of assembly (leading blanks allowed). */
void	cc_insn_read(const char *line, struct cc_insn *);

/* Whether a call of name leaves the program's memory alone (strlen, puts...). */
bool	cc_insn_pure_call(const char *name);

#endif
