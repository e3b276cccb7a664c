/*
 * rt_line_fast.c — the line steps' inline path (rt_lines_fast.h), built
 * alone into libstackheap-hooks.a, for the probe linked into the program
 * (rt_probe.S), which calls it before it saves the SSE registers: so this
 * file is built with -mgeneral-regs-only, and must call nothing.  Over the
 * library's ring and thread state, as rt_cyg.c's frame hooks.
 */
#include "rt_lines_fast.h"

RT_HIDDEN bool	__stackheap_line_fast(uintptr_t ret, uintptr_t sp,
		    uintptr_t fp, _Atomic uint8_t *dirty);

RT_HIDDEN RT_NOINSTR bool
__stackheap_line_fast(uintptr_t ret, uintptr_t sp, uintptr_t fp,
    _Atomic uint8_t *dirty)
{
	return rt_line_fast(ret, sp, fp, dirty);
}
