/*
 * util_str.h — small string helpers the viewer's layers share: a file
 * name's last part, a growing string.
 */
#ifndef UTIL_STR_H
#define UTIL_STR_H

#include <stddef.h>

/* A growing string: starts zeroed, grows by doubling, never fails. */
struct strbuf {
	char	*s;
	size_t	 len, cap;
};

void	strbuf_add(struct strbuf *, const char *);
void	strbuf_addf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hands the string over (never NULL); the buffer is empty after. */
char	*strbuf_take(struct strbuf *);

/* What follows path's last '/', or path itself. */
const char	*base_name(const char *path);

#endif
