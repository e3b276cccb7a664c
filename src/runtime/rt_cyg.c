/*
 * rt_cyg.c — the compiler's frame hooks, built twice: into the runtime
 * library, for any program built with -finstrument-functions, and alone
 * into libstackheap-hooks.a, which stackheap-cc links into the program
 * itself.  A call from the program to a hook in a shared library goes
 * through the PLT and costs about twice what the same call to its own code
 * does; on a program of small functions that is most of the recording's
 * cost.  The hooks are the inline path of rt_frames.h over the library's
 * buffer and thread state (which it exports for the archive's copy), and
 * leave everything else to the library.  Built with frame pointers,
 * without instrumentation, position-independent (a program may be PIE or
 * not), with initial-exec thread-locals (the library is loaded with the
 * program, never by dlopen).
 */
#include "rt_frames.h"

/* The compiler calls them; no header declares them (gcc knows them). */
RT_API void	__cyg_profile_func_enter(void *, void *);
RT_API void	__cyg_profile_func_exit(void *, void *);

RT_API RT_NOINSTR void
__cyg_profile_func_enter(void *fn, void *call_site)
{
	rt_frames_enter(fn, call_site, __builtin_frame_address(0));
}

RT_API RT_NOINSTR void
__cyg_profile_func_exit(void *fn, void *call_site)
{
	(void)fn;
	(void)call_site;
	rt_frames_exit();
}
