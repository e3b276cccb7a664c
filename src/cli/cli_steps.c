/*
 * cli_steps.c — which steps dump and export print: a range (--from N
 * --to M, 1-based and inclusive, or --step N for one) and, for dump, a
 * filter on the step's kind (--only line,call,...) and on the function it
 * happened in (--function NAME).  A full dump of a long run is hundreds of
 * megabytes; these let a user print the part they want.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/model_step.h"

static const struct {
	const char	*name;
	unsigned	 kinds;	/* bits: 1u << MODEL_STEP_... */
} kinds[] = {
	{ "call", 1u << MODEL_STEP_CALL },
	{ "return", 1u << MODEL_STEP_RETURN },
	{ "line", 1u << MODEL_STEP_LINE },
	{ "alloc", 1u << MODEL_STEP_ALLOC },
	{ "free", 1u << MODEL_STEP_FREE },
	{ "realloc", 1u << MODEL_STEP_REALLOC },
	{ "heap", 1u << MODEL_STEP_ALLOC | 1u << MODEL_STEP_FREE |
	    1u << MODEL_STEP_REALLOC },
	{ "var", 1u << MODEL_STEP_VAR | 1u << MODEL_STEP_GLOBAL },
	{ "step", 1u << MODEL_STEP_ANNOTATION },
	{ "crash", 1u << MODEL_STEP_CRASH },
};

static bool
parse_step_number(const char *opt, const char *arg, long *out)
{
	char *end;

	*out = strtol(arg, &end, 10);
	if (*end != '\0' || *out < 1) {
		cli_error("%s wants a step number from 1 up, not '%s'", opt, arg);
		return false;
	}
	return true;
}

/* "line,call": the kinds' bits, or false after an error naming the kinds. */
static bool
parse_kinds(const char *arg, unsigned *bits)
{
	char *copy = cli_format("%s", arg), *word, *save;
	bool ok = true;
	size_t k;

	for (word = strtok_r(copy, ",", &save); word != NULL && ok;
	    word = strtok_r(NULL, ",", &save)) {
		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (strcmp(word, kinds[k].name) == 0)
				break;
		if (k == sizeof kinds / sizeof kinds[0]) {
			cli_error("--only wants kinds of steps among call, return, "
			    "line, alloc, free, realloc, heap, var, step, crash; "
			    "not '%s'", word);
			ok = false;
		} else {
			*bits |= kinds[k].kinds;
		}
	}
	free(copy);
	return ok;
}

bool
cli_steps_option(int c, const char *arg, struct cli_steps *s)
{
	switch (c) {
	case CLI_OPT_STEP:
		return parse_step_number("--step", arg, &s->step);
	case CLI_OPT_FROM:
		return parse_step_number("--from", arg, &s->from);
	case CLI_OPT_TO:
		return parse_step_number("--to", arg, &s->to);
	case CLI_OPT_ONLY:
		return parse_kinds(arg, &s->only);
	case CLI_OPT_FUNCTION:
		s->function = arg;
		return true;
	default:
		return false;
	}
}

bool
cli_steps_check(const struct cli_steps *s)
{
	if (s->step != 0 && (s->from != 0 || s->to != 0)) {
		cli_error("--step is one step: give it, or --from and --to, "
		    "not both");
		return false;
	}
	if (s->from != 0 && s->to != 0 && s->to < s->from) {
		cli_error("--to %ld comes before --from %ld", s->to, s->from);
		return false;
	}
	return true;
}

bool
cli_steps_range(const struct cli_steps *s, size_t n, size_t *from, size_t *to)
{
	long first = s->step != 0 ? s->step : s->from;

	*from = 0;
	*to = n;
	if (first != 0 && (size_t)first > n) {
		cli_error("there is no step %ld: the trace has %zu step%s",
		    first, n, n == 1 ? "" : "s");
		return false;
	}
	if (first != 0)
		*from = (size_t)first - 1;
	if (s->step != 0)
		*to = *from + 1;
	else if (s->to != 0 && (size_t)s->to < n)
		*to = (size_t)s->to;
	return true;
}

bool
cli_steps_in_range(const struct cli_steps *s, size_t i)
{
	long first = s->step != 0 ? s->step : s->from;
	long last = s->step != 0 ? s->step : s->to;

	return (first == 0 || (long)i + 1 >= first) &&
	    (last == 0 || (long)i + 1 <= last);
}

/*
 * The function a step happened in: the one a return left, else the
 * innermost frame of the step's thread after it (a call's is the callee).
 */
static uint64_t
step_function(struct model_trace *tr, size_t i, const struct model_step *step)
{
	const struct model_state *st;
	uint32_t tid = step->tid;
	size_t k;

	if (step->kind == MODEL_STEP_RETURN)
		return step->returned_fn;
	st = model_trace_seek(tr, i);
	for (k = 0; k < st->nthreads; k++)
		if (st->threads[k].tid == tid && st->threads[k].nframes > 0)
			return st->threads[k].frames[st->threads[k].nframes - 1].fn;
	return 0;
}

bool
cli_steps_wanted(struct model_trace *tr, size_t i, const struct cli_steps *s)
{
	struct model_step step;
	const char *name;
	uint64_t fn;

	if (!cli_steps_in_range(s, i))
		return false;
	if (s->only == 0 && s->function == NULL)
		return true;
	if (!model_trace_step(tr, i, &step))
		return false;
	if (s->only != 0 && !(s->only & 1u << step.kind))
		return false;
	if (s->function == NULL)
		return true;
	fn = step_function(tr, i, &step);
	name = fn != 0 ? debuginfo_function(model_trace_symbols(tr), fn) : NULL;
	return name != NULL && strcmp(name, s->function) == 0;
}
