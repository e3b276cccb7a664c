/*
 * tl_json.h — a small JSON reader for the tests that read `dump --json`:
 * a whole document into a tree, and lookups by key and index.  Numbers
 * are kept as text and as a double.  Not for untrusted input of any size:
 * it is a test's.
 */
#ifndef TL_JSON_H
#define TL_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum tl_json_kind { TJ_NULL, TJ_BOOL, TJ_NUMBER, TJ_STRING, TJ_ARRAY,
	TJ_OBJECT };

struct tl_json {
	enum tl_json_kind	 kind;
	char			*text;	/* STRING: the string; NUMBER: as written */
	double			 number;
	bool			 truth;
	struct tl_json		*items;	/* ARRAY, OBJECT: the values */
	char			**keys;	/* OBJECT: the keys */
	size_t			 n;
};

/* The document in text, or NULL if it is not well-formed JSON. */
struct tl_json	*tl_json_parse(const char *text);
void		 tl_json_free(struct tl_json *);
/* The value of key in an object, or NULL. */
const struct tl_json *tl_json_get(const struct tl_json *, const char *key);
/* The string value of key, or NULL. */
const char	*tl_json_str(const struct tl_json *, const char *key);
/* The number value of key, or def. */
double		 tl_json_num(const struct tl_json *, const char *key, double def);

#endif
