/*
 * testlib.c — helpers for the Check suites (see testlib.h).  Programs run
 * for real, with pipes and a timeout that kills them: a hung program fails
 * its test instead of hanging the suite.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"
#include "util/util_alloc.h"

char *
tl_path(const char *env, const char *rel)
{
	const char *base = getenv(env);
	char *s;

	if (base == NULL)
		base = ".";
	if (asprintf(&s, "%s%s%s", base, rel[0] ? "/" : "", rel) < 0)
		abort();
	return s;
}

char *
tl_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (len + 4096 + 1 > cap)
			s = xrealloc(s, cap = (cap + 4096) * 2);
		n = fread(s + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	s[len] = '\0';
	return s;
}

/* --- running programs ------------------------------------------------------ */

struct sink {
	int	 fd;
	char	*s;
	size_t	 len, cap;
};

static bool
drain(struct sink *k)
{
	char buf[65536];
	ssize_t n = read(k->fd, buf, sizeof buf);

	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0) {
		close(k->fd);
		k->fd = -1;
		return false;
	}
	if (k->len + (size_t)n + 1 > k->cap)
		k->s = xrealloc(k->s, k->cap = (k->len + (size_t)n + 1) * 2);
	memcpy(k->s + k->len, buf, (size_t)n);
	k->len += (size_t)n;
	k->s[k->len] = '\0';
	return true;
}

static char *
taken(struct sink *k)
{
	return k->s != NULL ? k->s : strdup("");
}

void
tl_run(char *const *argv, char *const *env, int timeout_s, struct tl_run *r)
{
	int out[2], err[2], status = 0;
	struct sink sinks[2];
	time_t deadline = time(NULL) + timeout_s;
	pid_t pid;
	size_t i;

	memset(r, 0, sizeof *r);
	if (pipe(out) != 0 || pipe(err) != 0)
		abort();
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		for (i = 0; env != NULL && env[i] != NULL; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	memset(sinks, 0, sizeof sinks);
	sinks[0].fd = out[0];
	sinks[1].fd = err[0];
	while (sinks[0].fd >= 0 || sinks[1].fd >= 0) {
		struct pollfd p[2] = { { sinks[0].fd, POLLIN, 0 },
		    { sinks[1].fd, POLLIN, 0 } };

		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(p, 2, 200) <= 0)
			continue;
		for (i = 0; i < 2; i++)
			if (p[i].revents & (POLLIN | POLLHUP))
				drain(&sinks[i]);
	}
	for (i = 0; i < 2; i++)
		if (sinks[i].fd >= 0)
			close(sinks[i].fd);
	waitpid(pid, &status, 0);
	r->out = taken(&sinks[0]);
	r->err = taken(&sinks[1]);
	r->signaled = WIFSIGNALED(status);
	r->signal = r->signaled ? WTERMSIG(status) : 0;
	r->status = r->signaled ? 128 + r->signal : WEXITSTATUS(status);
}

void
tl_run_free(struct tl_run *r)
{
	free(r->out);
	free(r->err);
}

void
tl_stackheap(char *const *args, int timeout_s, struct tl_run *r)
{
	char *argv[64];
	size_t n = 0;

	argv[n++] = tl_path("SH_TOP_BUILDDIR", "stackheap");
	while (args[n - 1] != NULL && n < 63) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	tl_run(argv, (char *[]){ "LC_ALL=C.UTF-8", NULL }, timeout_s, r);
	free(argv[0]);
}

/* --- synthetic streams -------------------------------------------------------- */

static void
put(struct tl_stream *s, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (s->len + n > s->cap)
		s->buf = xrealloc(s->buf, s->cap = (s->len + n) * 2 + 64);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

static void
put_u(struct tl_stream *s, uint64_t v)
{
	uint8_t b[10];

	put(s, b, sh_wire_put_u(b, v));
}

void
tl_stream_byte(struct tl_stream *s, uint8_t b)
{
	put(s, &b, 1);
}

void
tl_stream_header(struct tl_stream *s)
{
	uint8_t h[SH_WIRE_HEADER_LEN];

	sh_wire_put_header(h);
	put(s, h, sizeof h);
}

void
tl_rec(struct tl_stream *s, uint8_t type, const char *fields, ...)
{
	struct tl_stream payload = { 0 };
	const uint64_t *pcs;
	const char *str;
	const void *bytes;
	size_t n;
	unsigned count, i;
	va_list ap;

	va_start(ap, fields);
	for (; *fields != '\0'; fields++) {
		switch (*fields) {
		case 'u':
			put_u(&payload, va_arg(ap, uint64_t));
			break;
		case 'z':
			put_u(&payload, sh_wire_zigzag(va_arg(ap, int64_t)));
			break;
		case 's':
			str = va_arg(ap, const char *);
			put_u(&payload, strlen(str));
			put(&payload, str, strlen(str));
			break;
		case 'b':
			bytes = va_arg(ap, const void *);
			n = va_arg(ap, size_t);
			put_u(&payload, n);
			put(&payload, bytes, n);
			break;
		case 'd':
			count = va_arg(ap, unsigned);
			pcs = va_arg(ap, const uint64_t *);
			put_u(&payload, count);
			for (i = 0; i < count; i++)
				put_u(&payload, i == 0 ?
				    sh_wire_zigzag((int64_t)pcs[i]) : pcs[i]);
			break;
		}
	}
	va_end(ap);
	put(s, &type, 1);
	put_u(s, payload.len);
	put(s, payload.buf, payload.len);
	free(payload.buf);
}

void
tl_stream_free(struct tl_stream *s)
{
	free(s->buf);
	memset(s, 0, sizeof *s);
}

/* --- tables ---------------------------------------------------------------------- */

/* Splits a row on runs of two or more spaces. */
static void
split_row(const char *line, struct tl_row *row)
{
	const char *p = line;

	memset(row, 0, sizeof *row);
	while (*p != '\0') {
		const char *end = p;

		while (*end != '\0' && !(end[0] == ' ' && end[1] == ' ') &&
		    !(end[0] == ' ' && end[1] == '\0'))
			end++;
		row->fields = xrealloc(row->fields, (row->n + 1) * sizeof *row->fields);
		row->fields[row->n++] = strndup(p, (size_t)(end - p));
		while (*end == ' ')
			end++;
		p = end;
	}
}

static struct tl_table *
new_table(struct tl_tables *ts, const char *title)
{
	struct tl_table *t;

	ts->t = xrealloc(ts->t, (ts->n + 1) * sizeof *ts->t);
	t = &ts->t[ts->n++];
	memset(t, 0, sizeof *t);
	t->title = title != NULL ? strdup(title) : NULL;
	return t;
}

static void
add_row(struct tl_table *t, const char *line)
{
	t->rows = xrealloc(t->rows, (t->n + 1) * sizeof *t->rows);
	split_row(line, &t->rows[t->n++]);
}

void
tl_parse_seed_tables(const char *text, struct tl_tables *ts)
{
	const char *p = text;
	struct tl_table *cur = NULL;

	memset(ts, 0, sizeof *ts);
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);

		if (len == 0)
			cur = NULL;
		else if (line[0] != '#') {
			if (cur == NULL)
				cur = new_table(ts, NULL);
			add_row(cur, line);
		}
		free(line);
		p += len + (nl != NULL);
	}
}

/* After each "== step" line: a header, then rows up to a blank line. */
void
tl_parse_dump(const char *text, struct tl_tables *ts)
{
	const char *p = text;
	struct tl_table *cur = NULL;
	bool header = false;

	memset(ts, 0, sizeof *ts);
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);

		if (strncmp(line, "== step", 7) == 0) {
			cur = new_table(ts, line);
			header = true;
		} else if (len == 0 || strncmp(line, "== ", 3) == 0) {
			cur = NULL;
		} else if (cur != NULL && header) {
			header = false;
		} else if (cur != NULL && strncmp(line, "...", 3) != 0) {
			add_row(cur, line);
		}
		free(line);
		p += len + (nl != NULL);
	}
}

void
tl_tables_free(struct tl_tables *ts)
{
	size_t i, r, f;

	for (i = 0; i < ts->n; i++) {
		for (r = 0; r < ts->t[i].n; r++) {
			for (f = 0; f < ts->t[i].rows[r].n; f++)
				free(ts->t[i].rows[r].fields[f]);
			free(ts->t[i].rows[r].fields);
		}
		free(ts->t[i].rows);
		free(ts->t[i].title);
	}
	free(ts->t);
	memset(ts, 0, sizeof *ts);
}

static bool
tables_equal(const struct tl_table *a, const struct tl_table *b)
{
	size_t r, f;

	if (a->n != b->n)
		return false;
	for (r = 0; r < a->n; r++) {
		if (a->rows[r].n != b->rows[r].n)
			return false;
		for (f = 0; f < a->rows[r].n; f++)
			if (strcmp(a->rows[r].fields[f], b->rows[r].fields[f]) != 0)
				return false;
	}
	return true;
}

static void
append_table(char **msg, const struct tl_table *t)
{
	size_t r, f;

	for (r = 0; r < t->n; r++) {
		char *line = NULL, *old;

		for (f = 0; f < t->rows[r].n; f++) {
			old = line;
			if (asprintf(&line, "%s%s%s", old ? old : "", f ? " | " : "  ",
			    t->rows[r].fields[f]) < 0)
				abort();
			free(old);
		}
		old = *msg;
		if (asprintf(msg, "%s%s\n", old, line ? line : "") < 0)
			abort();
		free(old);
		free(line);
	}
}

char *
tl_tables_in_order(const struct tl_tables *want, const struct tl_tables *got)
{
	size_t w = 0, g = 0;
	char *msg;

	for (; w < want->n && g < got->n; g++)
		if (tables_equal(&want->t[w], &got->t[g]))
			w++;
	if (w == want->n)
		return NULL;
	if (asprintf(&msg, "table %zu of %zu not found (in order) among %zu "
	    "steps:\n", w + 1, want->n, got->n) < 0)
		abort();
	append_table(&msg, &want->t[w]);
	return msg;
}

static bool
is_hex(char c)
{
	return c != '\0' && strchr("0123456789abcdef", c) != NULL;
}

char *
tl_mask_addresses(const char *text)
{
	char *out = malloc(2 * strlen(text) + 8), *o = out;

	if (out == NULL)
		abort();
	while (*text != '\0') {
		if (text[0] == '0' && text[1] == 'x' && is_hex(text[2])) {
			o = stpcpy(o, "0xADDR");
			for (text += 2; is_hex(*text); text++)
				continue;
		} else {
			*o++ = *text++;
		}
	}
	*o = '\0';
	return out;
}
