/*
 * ui_source.c — the source file cache behind the source pane and the HTML
 * export, and which files it may read (see ui_source.h).  Tabs are
 * expanded here, once, to the stops of 8 the program's author saw in a
 * terminal (ui_expand_tabs).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/ui_grid.h"
#include "debuginfo/debuginfo.h"
#include "model/model_trace.h"
#include "ui/ui_source.h"

#define MAX_FILES 32

struct source_file {
	char	 *path;
	char	**lines;	/* NULL: unreadable */
	int	  nlines;
};

struct ui_sources {
	struct source_file	 files[MAX_FILES];
	int			 nfiles;
	struct ui_source_policy	 policy;	/* its dir is dir */
	char			*dir;		/* ours */
	char			**read;		/* each file read, once */
	size_t			 nread;
	char			*said;		/* ui_sources_say's */
};

static void *
checked(void *p)
{
	if (p == NULL)
		abort();
	return p;
}

struct ui_sources *
ui_sources_new(const struct ui_source_policy *policy)
{
	struct ui_sources *s = checked(calloc(1, sizeof *s));

	s->policy = *policy;
	if (policy->dir != NULL)
		s->policy.dir = s->dir = checked(strdup(policy->dir));
	return s;
}

static void
forget(struct source_file *f)
{
	int i;

	for (i = 0; i < f->nlines; i++)
		free(f->lines[i]);
	free(f->lines);
	free(f->path);
	memset(f, 0, sizeof *f);
}

void
ui_sources_free(struct ui_sources *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfiles; i++)
		forget(&s->files[i]);
	for (i = 0; i < (int)s->nread; i++)
		free(s->read[i]);
	free(s->read);
	free(s->dir);
	free(s->said);
	free(s);
}

/* The line without its end (\n or \r\n), tabs expanded. */
static char *
expand_tabs(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return ui_expand_tabs(line);
}

/*
 * A regular file, opened for reading, or -1.  stat first, so that a
 * device is never even opened (opening some has effects); O_NONBLOCK so
 * that a FIFO swapped in meanwhile does not wait for a writer, and fstat
 * to refuse whatever was opened if it is not a regular file after all.
 * Symbolic links are followed: build trees use them, and the target is
 * checked all the same.
 */
static int
open_regular(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)UI_SOURCE_MAX_BYTES) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
add_line(struct source_file *f, char *line, int *capl)
{
	if (f->nlines == *capl) {
		*capl = *capl ? *capl * 2 : 64;
		f->lines = checked(realloc(f->lines, (size_t)*capl *
		    sizeof *f->lines));
	}
	f->lines[f->nlines++] = expand_tabs(line);
}

/* Reads path's lines into f, up to the caps (it may grow as it is read). */
static bool
read_lines(struct source_file *f, const char *path)
{
	int fd = open_regular(path), capl = 0;
	size_t cap = 0, total = 0;
	char *line = NULL;
	ssize_t n;
	FILE *fp;

	if (fd < 0)
		return false;
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return false;
	}
	while (f->nlines < UI_SOURCE_MAX_LINES &&
	    (n = getline(&line, &cap, fp)) >= 0) {
		total += (size_t)n;
		if (total > UI_SOURCE_MAX_BYTES)
			break;
		add_line(f, line, &capl);
	}
	free(line);
	fclose(fp);
	return true;
}

static bool
allowed(const struct ui_sources *s, const char *path)
{
	return s->policy.trust_trace || (s->policy.symbols != NULL &&
	    debuginfo_names_source(s->policy.symbols, path));
}

/* The file of path's base name in the chosen directory, or NULL. */
static char *
in_dir(const struct ui_sources *s, const char *path)
{
	const char *base = strrchr(path, '/');
	char *joined;

	base = base != NULL ? base + 1 : path;
	if (s->policy.dir == NULL || *base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0)
		return NULL;
	if (asprintf(&joined, "%s/%s", s->policy.dir, base) < 0)
		abort();
	return joined;
}

static void
remember_read(struct ui_sources *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->nread; i++)
		if (strcmp(s->read[i], path) == 0)
			return;
	s->read = checked(realloc(s->read, (s->nread + 1) * sizeof *s->read));
	s->read[s->nread++] = checked(strdup(path));
}

/* The file as named where that is allowed, else in the chosen directory. */
static void
load(struct ui_sources *s, struct source_file *f)
{
	char *other;

	if (allowed(s, f->path) && read_lines(f, f->path)) {
		remember_read(s, f->path);
		return;
	}
	if ((other = in_dir(s, f->path)) == NULL)
		return;
	if (read_lines(f, other))
		remember_read(s, other);
	free(other);
}

static struct source_file *
lookup(struct ui_sources *s, const char *path)
{
	struct source_file *f;
	int i;

	for (i = 0; i < s->nfiles; i++)
		if (strcmp(s->files[i].path, path) == 0)
			return &s->files[i];
	if (s->nfiles == MAX_FILES)
		forget(&s->files[--s->nfiles]);
	f = &s->files[s->nfiles++];
	f->path = checked(strdup(path));
	load(s, f);
	return f;
}

const char *
ui_sources_line(struct ui_sources *s, const char *path, int n)
{
	struct source_file *f = lookup(s, path);

	return n >= 1 && n <= f->nlines ? f->lines[n - 1] : NULL;
}

int
ui_sources_count(struct ui_sources *s, const char *path)
{
	return lookup(s, path)->nlines;
}

size_t
ui_sources_nread(const struct ui_sources *s)
{
	return s->nread;
}

const char *
ui_sources_read_path(const struct ui_sources *s, size_t i)
{
	return i < s->nread ? s->read[i] : NULL;
}

/* Skips blanks forward from p. */
static const char *
past_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* The text of a comment that starts at open and runs to end, if `say:`. */
static bool
say_comment(const char *open, const char *end, const char **text,
    size_t *len)
{
	const char *p = past_blanks(open + 2);

	if (strncmp(p, "say:", 4) != 0)
		return false;
	p = past_blanks(p + 4);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*text = p;
	*len = (size_t)(end - p);
	return *len > 0;
}

/* A `say:` comment that ends line (slash-star or //), if any. */
static bool
find_say(const char *line, const char **text, size_t *len)
{
	const char *end = line + strlen(line), *open;

	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end - line >= 4 && end[-1] == '/' && end[-2] == '*') {
		for (open = end - 4; open >= line; open--)
			if (open[0] == '/' && open[1] == '*')
				return say_comment(open, end - 2, text, len);
		return false;
	}
	for (open = strstr(line, "//"); open != NULL;
	    open = strstr(open + 2, "//"))
		if (say_comment(open, end, text, len))
			return true;
	return false;
}

const char *
ui_sources_say(struct ui_sources *s, const char *path, int n)
{
	const char *line = ui_sources_line(s, path, n), *text;
	size_t len;

	if (line == NULL || !find_say(line, &text, &len))
		return NULL;
	free(s->said);
	s->said = checked(strndup(text, len));
	return s->said;
}

/* A line step's pc is the probe's return address: its row is at pc - 1. */
static const char *
say_at_pc(void *arg, uint64_t pc)
{
	struct ui_sources *s = arg;
	const char *file;
	int line;

	if (s->policy.symbols == NULL ||
	    !debuginfo_line(s->policy.symbols, pc - 1, &file, &line))
		return NULL;
	return ui_sources_say(s, file, line);
}

void
ui_sources_narrate(struct ui_sources *s, struct model_trace *t)
{
	model_trace_narrate_lines(t, s != NULL ? say_at_pc : NULL, s);
}
