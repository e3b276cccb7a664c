/*
 * fuzz_decode.c — the decoder and the model on any bytes at all: feed a
 * stream, finish it, and draw the first, middle and last steps in both
 * views with their titles, and the ending.  With --enable-fuzzing this is
 * a libFuzzer target (tests/fuzz_decode); check_fuzz.c runs it over the
 * seed corpus and every input the fuzzer ever found, in every build.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "view/view.h"
#include "fuzz_decode.h"

static void
draw(struct model_trace *t, size_t i)
{
	struct view_opts o = { .ascii = false };
	struct view_table table;
	char *title;

	view_book_render_step(t, i, &o, &table);
	view_table_clear(&table);
	view_real_render(t, i, &o, &table);
	view_table_clear(&table);
	title = view_step_title(t, i, &o);
	free(title);
}

int
fuzz_decode_one(const uint8_t *data, size_t n)
{
	struct model_trace *t = model_trace_new();
	size_t steps;
	char *ending;

	model_trace_no_symbols(t);	/* fuzzed paths name no files to open */
	model_trace_feed(t, data, n);
	model_trace_finish(t);
	steps = model_trace_nsteps(t);
	if (steps > 0) {
		draw(t, steps - 1);
		draw(t, 0);
		draw(t, steps / 2);
	}
	ending = view_ending_text(t);
	free(ending);
	model_trace_free(t);
	return 0;
}

#ifdef SH_LIBFUZZER
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	return fuzz_decode_one(data, n);
}
#endif
