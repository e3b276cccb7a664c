/*
 * util_str.h — small string helpers the viewer's layers share.
 */
#ifndef UTIL_STR_H
#define UTIL_STR_H

/* What follows path's last '/', or path itself. */
const char	*base_name(const char *path);

#endif
