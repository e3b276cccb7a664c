/*
 * ui_source.c — the source file cache behind the source pane.  Tabs are
 * expanded here, once, to the stops of 8 the program's author saw in a
 * terminal (ui_expand_tabs).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui_grid.h"
#include "ui/ui_source.h"

#define MAX_FILES 32

struct source_file {
	char	 *path;
	char	**lines;	/* NULL: unreadable */
	int	  nlines;
};

struct ui_sources {
	struct source_file	files[MAX_FILES];
	int			nfiles;
};

struct ui_sources *
ui_sources_new(void)
{
	struct ui_sources *s = calloc(1, sizeof *s);

	if (s == NULL)
		abort();
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

static void
load(struct source_file *f)
{
	FILE *fp = fopen(f->path, "r");
	char *line = NULL;
	size_t cap = 0;
	int capl = 0;

	if (fp == NULL)
		return;
	while (getline(&line, &cap, fp) >= 0) {
		if (f->nlines == capl) {
			capl = capl ? capl * 2 : 64;
			f->lines = realloc(f->lines, (size_t)capl * sizeof *f->lines);
			if (f->lines == NULL)
				abort();
		}
		f->lines[f->nlines++] = expand_tabs(line);
	}
	free(line);
	fclose(fp);
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
	f->path = strdup(path);
	if (f->path == NULL)
		abort();
	load(f);
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
