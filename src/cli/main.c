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
	    "                      (--present: for a projector; --predict: guess\n"
	    "                      each step first; also for demo, run, replay)\n"
	    "  demo [NAME]         list the demos, or open one\n"
	    "  run [--stdin FILE] [--] PROG [ARGS...]\n"
	    "                      run PROG and watch it live\n"
	    "  replay [--source-dir DIR] TRACE\n"
	    "                      open a recorded trace (its sources from DIR)\n"
	    "  dump [--book|--real|--json] [--step N|--last]\n"
	    "       (TRACE | [--stdin FILE] -- PROG [ARGS...])\n"
	    "                      print each step's picture as text\n"
	    "  export --format md|svg|html [-o PATH] [--source-dir DIR]\n"
	    "         (TRACE | -- PROG [ARGS...])\n"
	    "                      write the steps as Markdown, SVG or an HTML player\n"
	    "  record -o TRACE [--stdin FILE] -- PROG [ARGS...]\n"
	    "                      run PROG and save its trace\n"
	    "  run|dump|record|export [OPTIONS] [-O.. -I.. -l.. -D.. --cc CC]\n"
	    "       prog.c [more.c...] [-- ARGS...]\n"
	    "                      build C sources with stackheap-cc, then the same\n"
	    "                      (no command: run)\n"
	    "  --help, --version\n"
	    "\n"
	    "Build your own program with stackheap-cc (a drop-in for cc).\n"
	    "See stackheap(1).\n", to);
}

/* With no command (or only options): the default demo, complex. */
static int
default_demo(int argc, char **argv)
{
	char *args[8];
	int n = 0, i;

	args[n++] = "demo";
	for (i = 1; i < argc && n < 6; i++)
		args[n++] = argv[i];
	args[n++] = "complex";
	args[n] = NULL;
	return cmd_demo(n, args);
}

static const struct command {
	char		*name;		/* becomes argv[0] */
	int		(*run)(int, char **);
	bool		  builds;	/* given prog.c, builds it first */
} commands[] = {
	{ "dump", cmd_dump, true },
	{ "export", cmd_export, true },
	{ "record", cmd_record, true },
	{ "run", cmd_run, true },
	{ "replay", cmd_replay, false },
	{ "demo", cmd_demo, false },
	{ NULL, NULL, false }
};

/* The commands that build C source files they are given, then run them. */
static int
with_sources(const struct command *c, int argc, char **argv)
{
	if (c->builds) {
		switch (cli_build(&argc, &argv)) {
		case -1: return 1;
		case -2: return 2;	/* a usage error */
		case 1: argv[0] = c->name; break;
		default: break;
		}
	}
	return c->run(argc, argv);
}

int
main(int argc, char **argv)
{
	const struct command *c;

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
	for (c = commands; c->name != NULL; c++)
		if (argc >= 2 && strcmp(argv[1], c->name) == 0)
			return with_sources(c, argc - 1, argv + 1);
	/* no command and a .c file: run it, as `stackheap run prog.c` */
	if (cli_build_wanted(argc, argv))
		return with_sources(&commands[3], argc, argv);
	if (argc == 1 || argv[1][0] == '-')
		return default_demo(argc, argv);
	cli_error("unknown command '%s'", argv[1]);
	usage(stderr);
	return 2;
}
