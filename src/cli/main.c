/*
 * main.c — stackheap's entry: picks the subcommand.  Everything else lives
 * in the convenience library, so the tests link the same code.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void
usage(FILE *to)
{
	fputs("usage: stackheap [COMMAND] [ARGS...]\n"
	    "\n"
	    "  (no command)        open the default demo, complex, in the viewer\n"
	    "  demo [NAME]         list the demos, or open one\n"
	    "  run [--stdin FILE] [--] PROG [ARGS...]\n"
	    "                      run PROG and watch it live\n"
	    "  replay TRACE        open a recorded trace\n"
	    "  dump [--book|--real] [--step N|--last] (TRACE | -- PROG [ARGS...])\n"
	    "                      print each step's picture as text\n"
	    "  record -o TRACE -- PROG [ARGS...]\n"
	    "                      run PROG and save its trace\n"
	    "  --help, --version\n"
	    "\n"
	    "Build your own program with stackheap-cc (a drop-in for cc).\n"
	    "See stackheap(1).\n", to);
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* Debug info comes from the program's own files, never the network. */
	unsetenv("DEBUGINFOD_URLS");
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("stackheap %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "dump") == 0)
		return cmd_dump(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "record") == 0)
		return cmd_record(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "replay") == 0)
		return cmd_replay(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "demo") == 0)
		return cmd_demo(argc - 1, argv + 1);
	if (argc >= 2) {
		cli_error("unknown command '%s'", argv[1]);
		usage(stderr);
		return 2;
	}
	return cmd_demo(2, (char *[]){ "demo", "complex", NULL });
}
