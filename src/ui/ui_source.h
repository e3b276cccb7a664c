/*
 * ui_source.h — source files, read once and kept as lines, for the source
 * pane and the HTML export.  A file that cannot be read is remembered as
 * such.
 *
 * A trace names its source files itself, and a trace from someone else
 * must not make the viewer show, or an export embed, any file it likes
 * (~/.ssh/..., /etc/passwd).  So a path is read only when the program's
 * own debug information names it (symbols), when the trace comes from a
 * program run here and now (trust_trace: it runs as the user anyway), or,
 * by its base name, from the directory the user chose (dir, the
 * --source-dir option).  Whatever the path, only a regular file of at
 * most UI_SOURCE_MAX_BYTES is read, and at most UI_SOURCE_MAX_LINES of it:
 * a device or a FIFO named as a source must not hang the viewer or fill
 * the disk with an export.
 */
#ifndef UI_SOURCE_H
#define UI_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#define UI_SOURCE_MAX_BYTES	(4u << 20)
#define UI_SOURCE_MAX_LINES	100000

struct debuginfo;
struct model_trace;
struct ui_sources;

struct ui_source_policy {
	struct debuginfo	*symbols;	/* its debug info, or NULL */
	bool			 trust_trace;	/* any path the trace names */
	const char		*dir;		/* by base name, or NULL */
};

struct ui_sources	*ui_sources_new(const struct ui_source_policy *);
void			 ui_sources_free(struct ui_sources *);
/* Line n (from 1) of path, without its newline, or NULL. */
const char		*ui_sources_line(struct ui_sources *, const char *path,
			    int n);
/* How many lines path has (0 if unreadable or not to be read). */
int			 ui_sources_count(struct ui_sources *, const char *path);
/*
 * The narration written on line n of path, or NULL: a comment that ends
 * the line and starts with `say:` (a slash-star comment or a `//` one,
 * README "Narration"), its text trimmed.  It lives until the next call.
 */
const char		*ui_sources_say(struct ui_sources *, const char *path,
			    int n);
/*
 * Makes trace t narrate each finished line with its `say:` comment, read
 * from these sources (the program's debug information places the line);
 * NULL sources stop it.  The sources must outlive that.
 */
void			 ui_sources_narrate(struct ui_sources *,
			    struct model_trace *t);
/* The files read so far, each once, as opened (in dir, if found there). */
size_t			 ui_sources_nread(const struct ui_sources *);
const char		*ui_sources_read_path(const struct ui_sources *,
			    size_t i);

#endif
