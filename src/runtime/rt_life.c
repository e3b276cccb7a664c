/*
 * rt_life.c — what a program's life does besides calls and returns: fork,
 * whose child the stream does not follow (longjmp is rt_jump.c's).
 *
 * fork: the child stops writing at once (rt_core.c); the parent's stream
 * says so at a step of its own.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#include "rt_internal.h"

/* Sends a step of the runtime's own (no file, no line) and its narration. */
static void
say_step_locked(const char *text)
{
	uint8_t *p;

	if ((p = rt_rec_open(SH_REC_STEP, 4)) != NULL)
		rt_rec_close(wire_enc_step(p, 0, 0));
	if ((p = rt_rec_open(SH_REC_SAY, 30 + SH_WIRE_MAX_STRING)) != NULL)
		rt_rec_close(wire_enc_say(p, 0, 0, text));
}

/* --- fork -------------------------------------------------------------------- */

RT_API pid_t
fork(void)
{
	static pid_t (*real_fork)(void);
	char text[64];
	pid_t pid;

	RT_REAL(fork);
	pid = real_fork();
	if (pid <= 0 || !rt_enter())
		return pid;
	if (rt_self() != NULL) {
		snprintf(text, sizeof text, "fork: child %d not followed",
		    (int)pid);
		rt_lock();
		say_step_locked(text);
		rt_flush_locked();
		rt_unlock();
	}
	rt_leave();
	return pid;
}
