/*
 * util_str.c — see util_str.h.
 */
#include "config.h"

#include <string.h>

#include "util/util_str.h"

const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}
