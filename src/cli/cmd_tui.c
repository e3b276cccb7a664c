/*
 * cmd_tui.c — the ways into the interactive viewer:
 *
 *   stackheap [MODES]                    the default demo, complex
 *   stackheap demo [MODES] [NAME]        list the demos, or open one
 *   stackheap run [MODES] [--stdin FILE] [--] PROG [ARGS...]
 *                                        run a program and watch it live
 *   stackheap replay [MODES] [--source-dir DIR] TRACE
 *                                        open a recorded trace
 *
 * MODES: --present (a large, plain layout for a projector) and --predict
 * (each step shows the line about to run before its picture), both also
 * keys in the viewer.
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
#include "ui/ui_term.h"
#include "util/util_str.h"

/* Checked before a program is started for it. */
static bool
need_terminal(void)
{
	char *cause = NULL;

	if (!isatty(0) || !isatty(1)) {
		cli_error("the viewer needs a terminal (for text, use 'stackheap "
		    "dump')");
		return false;
	}
	if (ui_term_check(&cause))
		return true;
	cli_error("%s", cause != NULL ? cause : "the terminal cannot show the "
	    "viewer");
	free(cause);
	return false;
}

struct modes {
	bool		 present;
	bool		 predict;
	const char	*source_dir;	/* replay --source-dir, or NULL */
};

static const struct option mode_options[] = {
	{ "present", no_argument, NULL, 'P' },
	{ "predict", no_argument, NULL, 'w' },
	{ "stdin", required_argument, NULL, 'i' },
	{ "source-dir", required_argument, NULL, 'D' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * Options common to the viewer's commands; the index of the first operand.
 * --stdin is run's (stdin_path not NULL), --source-dir replay's
 * (sources): a live program's own files are read anyway.
 */
static int
parse_modes(int argc, char **argv, struct modes *m, const char **stdin_path,
    bool sources, const char *usage)
{
	int c;

	memset(m, 0, sizeof *m);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", mode_options, NULL)) != -1) {
		switch (c) {
		case 'P': m->present = true; break;
		case 'w': m->predict = true; break;
		case 'i':
			if (stdin_path == NULL)
				goto bad;
			*stdin_path = optarg;
			break;
		case 'D':
			if (!sources)
				goto bad;
			if (!cli_source_dir_ok(optarg))
				return -1;
			m->source_dir = optarg;
			break;
		case 'h': printf("usage: %s\n", usage); exit(0);
		default: goto bad;
		}
	}
	return optind;
bad:
	fprintf(stderr, "usage: %s\n", usage);
	return -1;
}

/* note: said once in the status line when the viewer opens, or NULL. */
static int
view(struct model_trace *t, const char *title, struct cli_child *child,
    const struct modes *m, const char *note)
{
	struct ui_app app;
	char *cause = NULL;
	int rc;

	ui_app_init(&app, t, title, child ? child->stream_fd : -1,
	    child ? child->output_fd : -1, child ? child->pid : -1);
	app.view.ascii = !cli_utf8();
	app.view.present = m->present;
	app.view.predict = m->predict;
	if (note != NULL)
		snprintf(app.view.message, sizeof app.view.message, "%s", note);
	if (m->source_dir != NULL)
		ui_app_set_sources(&app, &(struct ui_source_policy){
		    .symbols = model_trace_symbols(t), .dir = m->source_dir });
	rc = ui_app_run(&app, &cause);
	ui_app_free(&app);
	if (rc != 0) {
		cli_error("%s", cause != NULL ? cause : "the viewer failed");
		free(cause);
	}
	/* stopped by a signal, not quit: whoever sent it sees it was obeyed */
	if (app.stopped_by != 0)
		cli_die_of(app.stopped_by);
	return rc;
}

static int
run_live(char *const *argv, const char *stdin_path, const struct modes *m)
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
	if (child.untraced != NULL)	/* under the screen; there at the end */
		cli_error("warning: %s: %s", argv[0], child.untraced);
	fcntl(child.stream_fd, F_SETFL, O_NONBLOCK);
	fcntl(child.output_fd, F_SETFL, O_NONBLOCK);
	t = model_trace_new();
	rc = view(t, base_name(argv[0]), &child, m, NULL);
	model_trace_free(t);
	return rc;
}

int
cmd_run(int argc, char **argv)
{
	const char *stdin_path = NULL;
	struct modes m;
	int first = parse_modes(argc, argv, &m, &stdin_path, false,
	    "stackheap run "
	    "[--present] [--predict] [--stdin FILE] [--] PROG [ARGS...]");

	if (first < 0)
		return 2;
	if (first >= argc) {
		cli_error("run: no program given");
		return 2;
	}
	return run_live(argv + first, stdin_path, &m);
}

int
cmd_replay(int argc, char **argv)
{
	struct cli_source_spec spec = { 0 };
	struct cli_spawn_opts none = { 0 };
	struct model_trace *t;
	char *cause = NULL, *rebuilt;
	int rc;

	struct modes m;
	int first = parse_modes(argc, argv, &m, NULL, true,
	    "stackheap replay [--present] [--predict] [--source-dir DIR] TRACE");

	if (first < 0)
		return 2;
	if ((cause = cli_program_not_trace("run", argc, argv, first)) != NULL) {
		cli_error("%s", cause);	/* its live twin is run */
		free(cause);
		return 2;
	}
	if (first + 1 != argc) {
		cli_error("replay: one trace file, please");
		return 2;
	}
	spec.trace = argv[first];
	t = model_trace_new();
	if (!cli_source_read(&spec, &none, t, &cause) &&
	    model_trace_nsteps(t) == 0) {
		cli_error("%s", cause);
		free(cause);
		model_trace_free(t);
		return 1;
	}
	/*
	 * A damaged tail: the viewer shows what came before, says so while
	 * it is open, and the damage is said again, and is the exit status,
	 * after it closes, as dump and export do.
	 */
	rebuilt = cli_trace_rebuilt(spec.trace, t);
	rc = need_terminal() ? view(t, base_name(spec.trace), NULL, &m,
	    cause != NULL ? cause : rebuilt) : 1;
	if (rebuilt != NULL) {	/* said again where it stays */
		cli_error("%s", rebuilt);
		free(rebuilt);
	}
	if (cause != NULL) {
		cli_error("%s", cause);
		rc = 1;
	}
	if (model_trace_check_file(t)) {
		cli_error("%s: %s", spec.trace, model_trace_changed(t));
		rc = 1;
	}
	free(cause);
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
	char **args;
	struct modes m;
	int first = parse_modes(argc, argv, &m, NULL, false,
	    "stackheap demo [--present] [--predict] [NAME [ARGS...]]"), rc, i;

	if (first < 0)
		return 2;
	if (first >= argc)
		return list_demos();
	if (cli_demo_find(argv[first]) == NULL) {
		cli_error("no demo called '%s' (stackheap demo lists them)",
		    argv[first]);
		return 1;
	}
	dir = cli_demos_dir();
	if (dir == NULL || asprintf(&program, "%s/%s", dir, argv[first]) < 0) {
		cli_error("cannot find the demos (set STACKHEAP_DEMOS)");
		free(dir);
		return 1;
	}
	args = calloc((size_t)(argc - first + 1), sizeof *args);
	if (args == NULL)
		abort();
	args[0] = program;
	for (i = first + 1; i < argc; i++)
		args[i - first] = argv[i];
	rc = run_live(args, NULL, &m);
	free(args);
	free(program);
	free(dir);
	return rc;
}
