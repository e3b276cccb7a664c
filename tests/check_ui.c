/*
 * check_ui.c — the viewer without a terminal: whole screens drawn for
 * chosen steps of the complex demo are compared with golden text, and keys
 * are fed to the controller to check what they do (stepping both ways,
 * jumping, playing, pausing on a malloc, running to the next and previous
 * break, switching views, the help), plus the too-small message.  Then
 * which files a trace can make the viewer and the HTML export read: only
 * those its program's debug information names, or the user's --source-dir,
 * and never a device or a FIFO.  Endless program output stays bounded;
 * wide characters, combining marks and bidi controls keep the layout.
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model_step.h"
#include "view/view.h"
#include "stackheap.h"
#include "testlib.h"
#include "ui/ui_app.h"
#include "ui/ui_term.h"

static struct model_trace *trace;
static struct ui_app app;

static void
setup(void)
{
	struct cli_spawn_opts o = { .output = CLI_OUTPUT_STDERR };
	struct cli_source_spec spec = { 0 };
	char *argv[2] = { tl_path("STACKHEAP_DEMOS", "complex"), NULL };
	char *cause = NULL;

	trace = model_trace_new();
	spec.argv = argv;
	ck_assert_msg(cli_source_read(&spec, &o, trace, &cause), "%s", cause);
	free(argv[0]);
	ui_app_init(&app, trace, "complex", -1, -1, -1);
}

static void
teardown(void)
{
	ui_app_free(&app);
	model_trace_free(trace);
}

static char *
screen_of(struct ui_app *a, int w, int h)
{
	struct ui_grid g;
	char *text;

	ui_grid_init(&g, w, h);
	ui_screen_draw(&g, &a->view);
	text = ui_grid_to_text(&g);
	ui_grid_free(&g);
	return text;
}

static char *
screen(int w, int h)
{
	return screen_of(&app, w, h);
}

static void
keys(const char *s)
{
	for (; *s != '\0'; s++)
		ui_app_key(&app, *s == '\n' ? UI_KEY_ENTER :
		    *s == '\033' ? UI_KEY_ESCAPE : *s);
}

static void
assert_golden(const char *name, const char *got)
{
	char *rel, *path, *want;

	if (asprintf(&rel, "tests/golden/%s", name) < 0)
		abort();
	path = tl_path("SH_TOP_SRCDIR", rel);
	if (getenv("SH_REGENERATE") != NULL) {	/* then read the diff */
		FILE *f = fopen(path, "w");

		ck_assert_ptr_nonnull(f);
		fputs(got, f);
		fclose(f);
	}
	want = tl_read_file(path);
	ck_assert_msg(want != NULL, "cannot read %s; the screen is:\n%s", path, got);
	ck_assert_msg(strcmp(want, got) == 0, "%s differs; got:\n%s", path, got);
	free(want);
	free(path);
	free(rel);
}

START_TEST(screen_where_bar_calls_baz)
{
	char *text;

	keys(":28\n");
	text = screen(100, 30);
	assert_golden("ui_step28.txt", text);
	ck_assert_ptr_nonnull(strstr(text, "12          g     100"));
	free(text);
}
END_TEST

START_TEST(screen_of_a_returning_frame)
{
	char *text;

	keys(":33\n");
	text = screen(100, 30);
	assert_golden("ui_step33.txt", text);
	ck_assert_ptr_nonnull(strstr(text, "- 10          e     → 9"));
	free(text);
}
END_TEST

START_TEST(screen_at_80x24_scrolls_to_the_newest_frame)
{
	char *text;

	keys(":28\n");
	text = screen(80, 24);
	assert_golden("ui_step28_80x24.txt", text);
	ck_assert_ptr_nonnull(strstr(text, "── baz() ─"));
	free(text);
}
END_TEST

START_TEST(too_small)
{
	char *text = screen(60, 20);

	ck_assert_ptr_nonnull(strstr(text, "terminal too small"));
	ck_assert_ptr_nonnull(strstr(text, "80x24"));
	free(text);
}
END_TEST

START_TEST(stepping_both_ways_and_jumping)
{
	size_t last = model_trace_nsteps(trace) - 1;

	ck_assert_uint_eq(app.view.step, 0);
	keys("nnn");
	ck_assert_uint_eq(app.view.step, 3);
	keys("p");
	ck_assert_uint_eq(app.view.step, 2);
	ui_app_key(&app, UI_KEY_RIGHT);
	ck_assert_uint_eq(app.view.step, 3);
	ui_app_key(&app, UI_KEY_LEFT);
	ck_assert_uint_eq(app.view.step, 2);
	keys("G");
	ck_assert_uint_eq(app.view.step, last);
	keys("n");
	ck_assert_uint_eq(app.view.step, last);
	ck_assert_ptr_nonnull(strstr(app.view.message, "last step"));
	keys("g");
	ck_assert_uint_eq(app.view.step, 0);
	keys(":999\n");
	ck_assert_uint_eq(app.view.step, 0);
	ck_assert_ptr_nonnull(strstr(app.view.message, "no step '999'"));
}
END_TEST

START_TEST(step_back_shows_the_earlier_picture)
{
	char *at27, *again;

	keys(":27\n");
	at27 = screen(100, 30);
	keys("n");
	keys("p");
	again = screen(100, 30);
	ck_assert_str_eq(at27, again);
	free(at27);
	free(again);
}
END_TEST

START_TEST(pausing_on_malloc_and_free)
{
	struct model_step ev;
	size_t at;

	keys("bm\033");			/* every malloc */
	ck_assert(app.view.breaks.malloc);
	ck_assert(!app.view.breaks_menu);
	keys("c");
	at = app.view.step;
	ck_assert(model_trace_step(trace, at, &ev));
	ck_assert_uint_eq(ev.kind, MODEL_STEP_ALLOC);
	keys("c");
	ck_assert_uint_gt(app.view.step, at);
	ck_assert(model_trace_step(trace, app.view.step, &ev));
	ck_assert_uint_eq(ev.kind, MODEL_STEP_ALLOC);
	keys("C");
	ck_assert_uint_eq(app.view.step, at);
	keys("c");
	keys("c");
	ck_assert_ptr_nonnull(strstr(app.view.message, "no later step"));
}
END_TEST

/* The demo's `say:` comments: each is a pause, named for what it is. */
START_TEST(pausing_on_narrated_lines)
{
	keys("bs\033");			/* each narrated line / SH_STEP */
	ck_assert(app.view.breaks.annotation);
	keys("c");
	ck_assert_ptr_nonnull(model_trace_step_say(trace, app.view.step));
	ck_assert_str_eq(app.view.message, "paused on a narrated line");
}
END_TEST

START_TEST(pausing_on_a_named_function)
{
	struct model_step ev;
	char *name;

	keys("bfbar\n");
	ck_assert_str_eq(app.view.breaks.function, "bar");
	ck_assert(app.view.breaks.call);
	keys("\033c");
	ck_assert(model_trace_step(trace, app.view.step, &ev));
	ck_assert_uint_eq(ev.kind, MODEL_STEP_CALL);
	name = view_function_name(trace, ev.call.fn);
	ck_assert_str_eq(name, "bar");
	free(name);
}
END_TEST

START_TEST(playing_stops_at_a_break_and_at_the_end)
{
	struct model_step ev;
	int ticks = 0;

	keys("bx\033");			/* every free */
	keys("+++++++++++");		/* as fast as it goes */
	keys(" ");
	ck_assert(app.view.playing);
	while (app.view.playing && ticks++ < 100000)
		ui_app_tick(&app);
	ck_assert(!app.view.playing);
	ck_assert(model_trace_step(trace, app.view.step, &ev));
	ck_assert_uint_eq(ev.kind, MODEL_STEP_FREE);
	keys("bx\033 ");
	while (app.view.playing && ticks++ < 100000)
		ui_app_tick(&app);
	ck_assert_uint_eq(app.view.step, model_trace_nsteps(trace) - 1);
}
END_TEST

START_TEST(view_toggle_help_and_quit)
{
	char *text;

	keys(":28\nv");
	ck_assert(app.view.real);
	text = screen(100, 30);
	ck_assert_ptr_nonnull(strstr(text, "real view"));
	ck_assert_ptr_nonnull(strstr(text, "baz()"));
	ck_assert_ptr_nonnull(strstr(text, "(gap)"));
	free(text);
	keys("?");
	text = screen(100, 30);
	ck_assert_ptr_nonnull(strstr(text, "step forward"));
	free(text);
	keys("n");		/* the help eats keys but q */
	ck_assert_uint_eq(app.view.step, 27);
	ui_app_key(&app, UI_KEY_ESCAPE);
	ck_assert(!app.view.help);
	keys("q");
	ck_assert(app.quit);
}
END_TEST

/* At 200 columns the real view has room for the source and the output. */
START_TEST(a_wide_real_view_keeps_source_and_output)
{
	char *text;

	keys(":28\nv");
	text = screen(100, 30);
	ck_assert_ptr_null(strstr(text, "int g = 100;"));
	free(text);
	text = screen(200, 40);
	ck_assert_ptr_nonnull(strstr(text, "real view"));
	ck_assert_ptr_nonnull(strstr(text, "(gap)"));
	ck_assert_msg(strstr(text, "int g = 100;") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "output") != NULL, "%s", text);
	free(text);
}
END_TEST

START_TEST(predict_shows_the_line_then_the_picture)
{
	char *text;

	keys(":27\nw");
	ck_assert(app.view.predict);
	keys("n");
	ck_assert_uint_eq(app.view.step, 27);
	ck_assert(app.view.hidden);
	text = screen(100, 30);
	ck_assert_ptr_nonnull(strstr(text, "step 28: what will happen next?"));
	ck_assert_ptr_nonnull(strstr(text, "next line 12:  return;"));
	ck_assert_ptr_null(strstr(text, "12          g     100"));
	ck_assert_ptr_nonnull(strstr(text, "  11          f"));	/* no marker yet */
	free(text);
	keys(" ");		/* any key reveals */
	ck_assert(!app.view.hidden);
	ck_assert_uint_eq(app.view.step, 27);
	text = screen(100, 30);
	ck_assert_ptr_nonnull(strstr(text, "+ 12          g     100"));
	free(text);
	keys("p");
	ck_assert(!app.view.hidden);
	ck_assert_uint_eq(app.view.step, 26);
}
END_TEST

START_TEST(present_is_large_and_plain)
{
	char *text;

	keys(":28\nP");
	ck_assert(app.view.present);
	text = screen(80, 24);
	assert_golden("ui_present_80x24.txt", text);
	ck_assert_ptr_null(strstr(text, "── output"));
	ck_assert_ptr_nonnull(strstr(text, "P leave presentation"));
	free(text);
}
END_TEST

/* Endless output keeps the newest 2-4 MiB and says what it dropped. */
START_TEST(endless_output_is_bounded)
{
	static char chunk[65536];
	char *text;
	size_t i;

	memset(chunk, 'y', sizeof chunk);
	for (i = 63; i < sizeof chunk; i += 64)
		chunk[i] = '\n';
	app.view.step = model_trace_nsteps(trace) - 1;
	for (i = 0; i < 200; i++)	/* 12.5 MiB */
		ui_output_add(&app.output, chunk, sizeof chunk,
		    model_trace_nsteps(trace));
	ck_assert_uint_le(app.output.len, UI_OUTPUT_MAX);
	ck_assert_uint_eq(app.output.len + app.output.dropped,
	    200 * sizeof chunk);
	ck_assert_uint_eq(app.output.nmarks, 1);
	ck_assert_uint_eq(ui_output_unseen(&app.output, 0,
	    model_trace_nsteps(trace)), app.output.len);
	ck_assert_uint_eq(ui_output_unseen(&app.output, app.view.step,
	    model_trace_nsteps(trace)), 0);
	text = screen(100, 30);
	ck_assert_ptr_nonnull(strstr(text, "yyyyyyyy"));
	free(text);
}
END_TEST

START_TEST(output_drop_is_said)
{
	static char chunk[65536];
	char *text;
	size_t i;

	memset(chunk, 'z', sizeof chunk);	/* one endless line */
	for (i = 0; i < 100; i++)
		ui_output_add(&app.output, chunk, sizeof chunk, 0);
	ck_assert_uint_gt(app.output.dropped, 0);
	text = screen(100, 30);
	ck_assert_msg(strstr(text, "bytes of earlier output dropped]") != NULL,
	    "%s", text);
	free(text);
}
END_TEST

/*
 * Wide characters take two columns, combining marks none, and bidi
 * controls, which would reorder the screen, are drawn as '?'.
 */
START_TEST(wide_characters_and_bidi_controls)
{
	struct ui_grid g;
	char *text;

	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	ck_assert_uint_eq(view_text_width("漢字"), 4);
	ck_assert_uint_eq(view_text_width("\xf0\x9f\x98\x80"), 2);	/* 😀 */
	ck_assert_uint_eq(view_text_width("e\xcc\x81"), 1);	/* e, acute */
	ck_assert_uint_eq(view_text_width("a\xe2\x80\xae" "b"), 3);	/* RLO */
	ui_grid_init(&g, 20, 5);
	ck_assert_int_eq(ui_grid_text(&g, 0, 0, 20, "漢字|ok", UI_PLAIN), 7);
	ck_assert_int_eq(ui_grid_text(&g, 0, 1, 20, "a\xe2\x80\xae" "cba|",
	    UI_PLAIN), 6);
	ck_assert_int_eq(ui_grid_text(&g, 0, 2, 4, "x漢字", UI_PLAIN), 4);
	ck_assert_int_eq(ui_grid_text(&g, 0, 3, 20, "e\xcc\x81|\xe2\x81\xa7|",
	    UI_PLAIN), 4);	/* combining acute, then FSI */
	ui_grid_text(&g, 0, 4, 20, "漢字", UI_PLAIN);
	ui_grid_text(&g, 1, 4, 1, "a", UI_PLAIN);	/* over 漢's right half */
	text = ui_grid_to_text(&g);
	ck_assert_str_eq(text, "漢字|ok\na?cba|\nx漢\ne|?|\n a字\n");
	free(text);
	text = ui_expand_tabs("漢\tx");
	ck_assert_str_eq(text, "漢      x");	/* 漢 is 2 of the 8 columns */
	free(text);
	ui_grid_free(&g);
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(each_thread_has_its_stack)
{
	struct cli_spawn_opts o = { .output = CLI_OUTPUT_STDERR };
	struct cli_source_spec spec = { 0 };
	char *argv[4] = { tl_path("SH_TOP_BUILDDIR", "tests/prog_threads"), "2",
	    "3", NULL };
	struct model_trace *t = model_trace_new();
	struct ui_app threads;
	char *cause = NULL, *text;
	uint32_t first;

	spec.argv = argv;
	ck_assert_msg(cli_source_read(&spec, &o, t, &cause), "%s", cause);
	ui_app_init(&threads, t, "prog_threads", -1, -1, -1);
	threads.view.step = model_trace_nsteps(t) - 1;
	ui_app_key(&threads, 't');
	first = threads.view.tid;
	ck_assert_uint_ne(first, 0);
	ui_app_key(&threads, 't');
	ck_assert_uint_ne(threads.view.tid, first);
	text = screen_of(&threads, 100, 30);
	ck_assert_ptr_nonnull(strstr(text, "thread "));
	ck_assert_ptr_nonnull(strstr(text, " of 3"));
	free(text);
	ui_app_key(&threads, 'T');
	ck_assert_uint_eq(threads.view.tid, 0);
	ui_app_free(&threads);
	model_trace_free(t);
	free(argv[0]);
}
END_TEST

/* --- which files a trace can make the viewer read ---------------------- */

/* A scratch directory, with every file made in it listed for the clean-up. */
struct scratch {
	char	 dir[40];
	char	*made[8];
	int	 n;
};

static void
scratch_new(struct scratch *sc)
{
	memset(sc, 0, sizeof *sc);
	strcpy(sc->dir, "/tmp/stackheap-sources-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(sc->dir));
}

static char *
scratch_path(struct scratch *sc, const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", sc->dir, name) < 0)
		abort();
	ck_assert_int_lt(sc->n, 8);
	sc->made[sc->n++] = path;
	return path;
}

/* A file of lines "<word> line 1", "<word> line 2", ... */
static char *
scratch_lines(struct scratch *sc, const char *name, const char *word, int n)
{
	char *path = scratch_path(sc, name);
	FILE *f = fopen(path, "w");
	int i;

	ck_assert_ptr_nonnull(f);
	for (i = 1; i <= n; i++)
		fprintf(f, "%s line %d\n", word, i);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void
scratch_free(struct scratch *sc)
{
	int i;

	for (i = 0; i < sc->n; i++) {
		unlink(sc->made[i]);
		free(sc->made[i]);
	}
	rmdir(sc->dir);
}

/*
 * A trace, as someone else could hand over, that names file as the source
 * of a variable (line 3) and a step (line 5).  Its program is nowhere, so
 * no debug information vouches for the file.
 */
static char *
trace_naming(struct scratch *sc, const char *file)
{
	static const int one = 1;
	char *path = scratch_path(sc, "hostile.trace");
	struct tl_stream s = { 0 };
	FILE *f;

	tl_stream_header(&s);
	tl_rec(&s, SH_REC_PROCESS, "usu", (uint64_t)1, "/no/such/program",
	    (uint64_t)0);
	tl_rec(&s, SH_REC_THREAD, "u", (uint64_t)1);
	tl_rec(&s, SH_REC_STRING, "us", (uint64_t)7, file);
	tl_rec(&s, SH_REC_PUSH, "zzzuu", (int64_t)0x1000, (int64_t)0,
	    (int64_t)0x7000, (uint64_t)0x40, (uint64_t)0);
	tl_rec(&s, SH_REC_VAR, "uuusuuub", (uint64_t)0x7010, (uint64_t)4,
	    (uint64_t)SH_T_INT, "x", (uint64_t)7, (uint64_t)3, (uint64_t)0,
	    &one, (size_t)4);
	tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)7, (uint64_t)5);
	tl_rec(&s, SH_REC_END, "uu", (uint64_t)SH_END_EXITED, (uint64_t)0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(s.buf, 1, s.len, f), s.len);
	ck_assert_int_eq(fclose(f), 0);
	tl_stream_free(&s);
	return path;
}

/* The viewer's screen at the trace's last step; dir: a --source-dir. */
static char *
replay_screen(const char *trace_path, const char *dir)
{
	struct cli_source_spec spec = { .trace = trace_path };
	struct cli_spawn_opts none = { 0 };
	struct model_trace *t = model_trace_new();
	struct ui_app a;
	char *cause = NULL, *text;

	ck_assert_msg(cli_source_read(&spec, &none, t, &cause), "%s", cause);
	ui_app_init(&a, t, "hostile.trace", -1, -1, -1);
	if (dir != NULL)
		ui_app_set_sources(&a, &(struct ui_source_policy){
		    .symbols = model_trace_symbols(t), .dir = dir });
	a.view.step = model_trace_nsteps(t) - 1;
	text = screen_of(&a, 100, 30);
	ui_app_free(&a);
	model_trace_free(t);
	return text;
}

/*
 * A crafted trace named a secret file: the export embedded it, the viewer
 * showed it.
 */
START_TEST(a_trace_cannot_choose_the_files_shown)
{
	struct scratch sc;
	char *secret, *tfile, *text;
	struct tl_run r;

	scratch_new(&sc);
	secret = scratch_lines(&sc, "secret.c", "secret", 9);
	tfile = trace_naming(&sc, secret);
	tl_stackheap((char *[]){ "export", "--format", "html", tfile, NULL },
	    20, &r);
	ck_assert_msg(r.status == 0, "export: %d: %s", r.status, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "\"file\":\"secret.c\",\"line\":5"));
	ck_assert_msg(strstr(r.out, "secret line") == NULL,
	    "the export embeds the file the trace names");
	ck_assert_ptr_null(strstr(r.err, "holds lines"));
	tl_run_free(&r);
	text = replay_screen(tfile, NULL);
	ck_assert_msg(strstr(text, "secret line") == NULL,
	    "the viewer shows the file the trace names:\n%s", text);
	ck_assert_ptr_nonnull(strstr(text, "(source file not found)"));
	free(text);
	scratch_free(&sc);
}
END_TEST

/* --source-dir: the user's choice, found by base name, and said. */
START_TEST(source_dir_is_the_opt_in)
{
	struct scratch sc;
	char *chosen, *tfile, *text;
	struct tl_run r;

	scratch_new(&sc);
	chosen = scratch_lines(&sc, "prog.c", "chosen", 9);
	tfile = trace_naming(&sc, "/somewhere/else/prog.c");
	tl_stackheap((char *[]){ "export", "--format", "html", "--source-dir",
	    sc.dir, tfile, NULL }, 20, &r);
	ck_assert_msg(r.status == 0, "export: %d: %s", r.status, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "[5,\"chosen line 5\"]"));
	ck_assert_msg(strstr(r.err, "the page holds lines of ") != NULL &&
	    strstr(r.err, chosen) != NULL, "not said: %s", r.err);
	tl_run_free(&r);
	text = replay_screen(tfile, sc.dir);
	ck_assert_msg(strstr(text, "chosen line 5") != NULL,
	    "--source-dir not shown:\n%s", text);
	free(text);
	tl_stackheap((char *[]){ "export", "--format", "html", "--source-dir",
	    "/no/such/dir", tfile, NULL }, 20, &r);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "--source-dir '/no/such/dir'"));
	tl_run_free(&r);
	scratch_free(&sc);
}
END_TEST

/*
 * Exports a trace naming file (with --source-dir dir, if not NULL): it
 * must end, soon, small, and embed nothing.
 */
static void
export_ignores(struct scratch *sc, const char *file, const char *dir)
{
	char *tfile = trace_naming(sc, file);
	char *out = scratch_path(sc, "out.html");
	struct stat st;
	struct tl_run r;

	char *args[] = { "export", "--format", "html", "-o", out, tfile, NULL,
	    NULL, NULL };

	if (dir != NULL) {	/* TRACE last, after --source-dir DIR */
		args[5] = "--source-dir";
		args[6] = tl_arg(dir);
		args[7] = tfile;
	}
	tl_stackheap(args, 20, &r);
	ck_assert_msg(r.status == 0, "export naming %s: status %d: %s", file,
	    r.status, r.err);
	ck_assert_int_eq(stat(out, &st), 0);
	ck_assert_int_lt(st.st_size, 1 << 20);
	ck_assert_ptr_null(strstr(r.err, "holds lines"));
	tl_run_free(&r);
	sc->n -= 2;
	unlink(out);
	unlink(tfile);
	free(out);
	free(tfile);
}

/* The viewer's source pane, for a trace naming file: nothing, at once. */
static void
viewer_ignores(struct scratch *sc, const char *file, const char *dir)
{
	char *tfile = trace_naming(sc, file), *text;

	text = replay_screen(tfile, dir);
	ck_assert_msg(strstr(text, "(source file not found)") != NULL,
	    "%s:\n%s", file, text);
	free(text);
	sc->n--;
	unlink(tfile);
	free(tfile);
}

/*
 * A FIFO hung the viewer and the export; /dev/zero grew the viewer without
 * end.
 */
START_TEST(devices_and_fifos_are_never_read)
{
	struct ui_source_policy anything = { .trust_trace = true };
	struct ui_sources *src;
	struct scratch sc;
	char *fifo, *big, *many, *zero, *three;
	FILE *f;
	int i;

	scratch_new(&sc);
	fifo = scratch_path(&sc, "fifo.c");
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	zero = scratch_path(&sc, "zero.c");
	ck_assert_int_eq(symlink("/dev/zero", zero), 0);
	export_ignores(&sc, fifo, NULL);
	export_ignores(&sc, "/dev/zero", NULL);
	export_ignores(&sc, "/elsewhere/fifo.c", sc.dir);
	export_ignores(&sc, "/elsewhere/zero.c", sc.dir);
	viewer_ignores(&sc, fifo, NULL);
	viewer_ignores(&sc, "/elsewhere/fifo.c", sc.dir);
	viewer_ignores(&sc, "/elsewhere/zero.c", sc.dir);

	/* even where any path is read (a live program), only regular files */
	big = scratch_path(&sc, "big.c");
	ck_assert_ptr_nonnull(f = fopen(big, "w"));
	for (i = 0; i < (int)(UI_SOURCE_MAX_BYTES / 16) + 1; i++)
		fputs("0123456789abcde\n", f);
	ck_assert_int_eq(fclose(f), 0);
	many = scratch_path(&sc, "many.c");
	ck_assert_ptr_nonnull(f = fopen(many, "w"));
	for (i = 0; i < UI_SOURCE_MAX_LINES + 10; i++)
		fputc('\n', f);
	ck_assert_int_eq(fclose(f), 0);
	three = scratch_lines(&sc, "three.c", "a", 3);
	src = ui_sources_new(&anything);
	ck_assert_int_eq(ui_sources_count(src, fifo), 0);
	ck_assert_int_eq(ui_sources_count(src, zero), 0);
	ck_assert_int_eq(ui_sources_count(src, "/dev/zero"), 0);
	ck_assert_int_eq(ui_sources_count(src, sc.dir), 0);
	ck_assert_int_eq(ui_sources_count(src, big), 0);
	ck_assert_int_eq(ui_sources_count(src, many), UI_SOURCE_MAX_LINES);
	ck_assert_int_eq(ui_sources_count(src, three), 3);
	ck_assert_str_eq(ui_sources_line(src, three, 2), "a line 2");
	ck_assert_uint_eq(ui_sources_nread(src), 2);
	ui_sources_free(src);
	scratch_free(&sc);
}
END_TEST

/*
 * e, a row, Enter: the row whole.  hash.c's squares[40] is cut after 16
 * in the picture; expanded, its last element, 39 * 39, is off the box's
 * right until Right scrolls to it.
 */
START_TEST(a_row_expands_and_scrolls_sideways)
{
	char dir[] = "/tmp/stackheap-ui-XXXXXX", *prog, *cc, *source, *text = NULL;
	char *cmd, *argv[2], *cause = NULL;
	struct cli_spawn_opts o = { .output = CLI_OUTPUT_STDERR };
	struct cli_source_spec spec = { 0 };
	struct model_trace *tr = model_trace_new();
	struct ui_app hash;
	struct tl_run r;
	int tries;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	cc = tl_path("SH_TOP_BUILDDIR", "stackheap-cc");
	source = tl_path("SH_TOP_SRCDIR", "tests/plain/hash.c");
	if (asprintf(&prog, "%s/hash", dir) < 0)
		abort();
	tl_run((char *[]){ cc, "-o", prog, source, NULL }, NULL, 120, &r);
	ck_assert_msg(r.status == 0, "stackheap-cc: %s", r.err);
	tl_run_free(&r);
	argv[0] = prog;
	argv[1] = NULL;
	spec.argv = argv;
	ck_assert_msg(cli_source_read(&spec, &o, tr, &cause), "%s", cause);
	ui_app_init(&hash, tr, "hash", -1, -1, -1);
	ui_app_key(&hash, 'G');
	for (tries = 0; tries < 12; tries++) {	/* the chooser starts on the stack */
		int down;

		free(text);
		ui_app_key(&hash, 'e');
		for (down = 0; down < tries; down++)
			ui_app_key(&hash, UI_KEY_DOWN);
		ui_app_key(&hash, UI_KEY_ENTER);
		text = screen_of(&hash, 100, 30);
		if (strstr(text, "squares: from character 1 of") != NULL)
			break;
		ui_app_key(&hash, 'e');
	}
	ck_assert_msg(hash.view.expanded && strstr(text, "squares:") != NULL,
	    "squares never expanded:\n%s", text);
	ck_assert_ptr_null(strstr(text, "1521"));
	for (tries = 0; tries < 12; tries++)
		ui_app_key(&hash, UI_KEY_RIGHT);
	free(text);
	text = screen_of(&hash, 100, 30);
	ck_assert_msg(strstr(text, "1444, 1521]") != NULL, "%s", text);
	ui_app_key(&hash, 'e');
	ck_assert(!hash.view.expanded);
	free(text);
	ui_app_free(&hash);
	model_trace_free(tr);
	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		abort();
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(prog);
	free(source);
	free(cc);
}
END_TEST

static Suite *
ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *tc = tcase_create("ui");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, screen_where_bar_calls_baz);
	tcase_add_test(tc, a_row_expands_and_scrolls_sideways);
	tcase_add_test(tc, screen_of_a_returning_frame);
	tcase_add_test(tc, screen_at_80x24_scrolls_to_the_newest_frame);
	tcase_add_test(tc, too_small);
	tcase_add_test(tc, stepping_both_ways_and_jumping);
	tcase_add_test(tc, step_back_shows_the_earlier_picture);
	tcase_add_test(tc, pausing_on_malloc_and_free);
	tcase_add_test(tc, pausing_on_a_named_function);
	tcase_add_test(tc, pausing_on_narrated_lines);
	tcase_add_test(tc, playing_stops_at_a_break_and_at_the_end);
	tcase_add_test(tc, view_toggle_help_and_quit);
	tcase_add_test(tc, a_wide_real_view_keeps_source_and_output);
	tcase_add_test(tc, predict_shows_the_line_then_the_picture);
	tcase_add_test(tc, present_is_large_and_plain);
	tcase_add_test(tc, each_thread_has_its_stack);
	tcase_add_test(tc, endless_output_is_bounded);
	tcase_add_test(tc, wide_characters_and_bidi_controls);
	tcase_add_test(tc, output_drop_is_said);
	suite_add_tcase(s, tc);
	tc = tcase_create("sources");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, a_trace_cannot_choose_the_files_shown);
	tcase_add_test(tc, source_dir_is_the_opt_in);
	tcase_add_test(tc, devices_and_fifos_are_never_read);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ui_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
