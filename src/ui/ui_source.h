/*
 * ui_source.h — source files, read once and kept as lines, for the source
 * pane.  A file that cannot be read is remembered as such.
 */
#ifndef UI_SOURCE_H
#define UI_SOURCE_H

#include <stddef.h>

struct ui_sources;

struct ui_sources	*ui_sources_new(void);
void			 ui_sources_free(struct ui_sources *);
/* Line n (from 1) of path, without its newline, or NULL. */
const char		*ui_sources_line(struct ui_sources *, const char *path,
			    int n);
/* How many lines path has (0 if unreadable). */
int			 ui_sources_count(struct ui_sources *, const char *path);

#endif
