/*
 * cmd_tui.c — the ways into the interactive viewer:
 *
 *   stackheap                      the default demo, complex
 *   stackheap demo [NAME]          list the demos, or open one
 *   stackheap run [--stdin FILE] [--] PROG [ARGS...]
 *                                  run a program and watch it live
 *   stackheap replay TRACE         open a recorded trace
 *
 * A live program gets /dev/null as its input unless --stdin says
 * otherwise; its output is shown in the viewer, in step with its events.
 */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ui/ui_app.h"

static bool
need_terminal(void)
{
	if (isatty(0) && isatty(1))
		return true;
	cli_error("the viewer needs a terminal (for text, use 'stackheap dump')");
	return false;
}

static int
view(struct model_trace *t, const char *title, struct cli_child *child)
{
	struct ui_app app;
	char *cause = NULL;
	int rc;

	ui_app_init(&app, t, title, child ? child->stream_fd : -1,
	    child ? child->output_fd : -1, child ? child->pid : -1);
	app.view.ascii = !cli_utf8();
	rc = ui_app_run(&app, &cause);
	ui_app_free(&app);
	if (rc != 0) {
		cli_error("%s", cause != NULL ? cause : "the viewer failed");
		free(cause);
	}
	return rc;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static int
run_live(char *const *argv, const char *stdin_path)
{
	struct cli_spawn_opts o = { .stdin_path = stdin_path,
	    .output = CLI_OUTPUT_PIPE, .own_group = true, .sync_output = true };
	struct model_trace *t;
	struct cli_child child;
	char *cause = NULL;
	int rc;

	if (!need_terminal())
		return 1;
	if (!cli_spawn(argv, &o, &child, &cause)) {
		cli_error("%s", cause);
		free(cause);
		return 1;
	}
	fcntl(child.stream_fd, F_SETFL, O_NONBLOCK);
	fcntl(child.output_fd, F_SETFL, O_NONBLOCK);
	t = model_trace_new();
	rc = view(t, base_name(argv[0]), &child);
	model_trace_free(t);
	return rc;
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "stdin", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *stdin_path = NULL;
	int c, first;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longs, NULL)) != -1) {
		switch (c) {
		case 'i': stdin_path = optarg; break;
		case 'h':
			puts("usage: stackheap run [--stdin FILE] [--] PROG [ARGS...]");
			return 0;
		default: return 2;
		}
	}
	first = optind;
	if (first >= argc) {
		cli_error("run: no program given");
		return 2;
	}
	return run_live(argv + first, stdin_path);
}

int
cmd_replay(int argc, char **argv)
{
	struct cli_source_spec spec = { 0 };
	struct cli_spawn_opts none = { 0 };
	struct model_trace *t;
	char *cause = NULL;
	int rc;

	if (argc != 2) {
		cli_error("replay: usage: stackheap replay TRACE");
		return 2;
	}
	spec.trace = argv[1];
	t = model_trace_new();
	if (!cli_source_read(&spec, &none, t, &cause) &&
	    model_trace_nsteps(t) == 0) {
		cli_error("%s", cause);
		free(cause);
		model_trace_free(t);
		return 1;
	}
	free(cause);	/* a damaged tail: the viewer shows what came before */
	rc = need_terminal() ? view(t, base_name(argv[1]), NULL) : 1;
	model_trace_free(t);
	return rc;
}

static int
list_demos(void)
{
	const struct cli_demo *d;

	for (d = cli_demos; d->name != NULL; d++)
		printf("%-16s %s\n", d->name, d->about);
	return 0;
}

int
cmd_demo(int argc, char **argv)
{
	char *dir, *program;
	char *args[2];
	int rc;

	if (argc < 2)
		return list_demos();
	if (cli_demo_find(argv[1]) == NULL) {
		cli_error("no demo called '%s' (stackheap demo lists them)", argv[1]);
		return 1;
	}
	dir = cli_demos_dir();
	if (dir == NULL || asprintf(&program, "%s/%s", dir, argv[1]) < 0) {
		cli_error("cannot find the demos (set STACKHEAP_DEMOS)");
		free(dir);
		return 1;
	}
	args[0] = program;
	args[1] = NULL;
	rc = run_live(args, NULL);
	free(program);
	free(dir);
	return rc;
}
