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
	    "  dump [--book|--real] [--step N|--last] (TRACE | -- PROG [ARGS...])\n"
	    "                      print each step's picture as text\n"
	    "  record -o TRACE -- PROG [ARGS...]\n"
	    "                      run PROG and save its trace\n"
	    "  --help, --version\n"
	    "\n"
	    "Build your own program with stackheap-cc (a drop-in for cc).\n"
	    "See stackheap(1).\n", to);
}

/* With no command: the default demo, complex, printed step by step. */
static int
cmd_default_demo(void)
{
	char *dir = cli_demos_dir(), *program;
	char *args[] = { "dump", "--", NULL, NULL };
	int rc;

	if (dir == NULL || asprintf(&program, "%s/complex", dir) < 0) {
		cli_error("cannot find the demos (set STACKHEAP_DEMOS)");
		free(dir);
		return 1;
	}
	args[2] = program;
	rc = cmd_dump(3, args);
	free(program);
	free(dir);
	return rc;
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
	if (argc >= 2) {
		cli_error("unknown command '%s'", argv[1]);
		usage(stderr);
		return 2;
	}
	return cmd_default_demo();
}
