/*
 * alarm.c — a SIGALRM handler: main waits in a loop until the alarm
 * handler has run.
 */
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t rang;

static void
alarm_handler(int sig)
{
	(void)sig;
	rang = 1;
}

int
main(void)
{
	signal(SIGALRM, alarm_handler);
	ualarm(20000, 0);
	while (!rang)
		pause();
	return 0;
}
