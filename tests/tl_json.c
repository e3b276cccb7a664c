/*
 * tl_json.c — see tl_json.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tl_json.h"

struct reader {
	const char	*p;
	bool		 bad;
};

static bool parse_value(struct reader *, struct tl_json *);

static void
skip_space(struct reader *r)
{
	while (isspace((unsigned char)*r->p))
		r->p++;
}

static char *
parse_string(struct reader *r)
{
	size_t cap = 16, n = 0;
	char *s = malloc(cap);

	r->p++;	/* the opening quote */
	while (*r->p != '"' && *r->p != '\0') {
		char c = *r->p++;

		if (c == '\\') {
			c = *r->p++;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'u') {
				c = (char)strtol((char[]){ r->p[0], r->p[1], r->p[2],
				    r->p[3], 0 }, NULL, 16);
				r->p += 4;
			}
		}
		if (n + 2 > cap)
			s = realloc(s, cap *= 2);
		s[n++] = c;
	}
	if (*r->p != '"')
		r->bad = true;
	else
		r->p++;
	s[n] = '\0';
	return s;
}

static void
add_item(struct tl_json *v, struct tl_json *item, char *key)
{
	v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
	v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
	v->items[v->n] = *item;
	v->keys[v->n] = key;
	v->n++;
}

static bool
parse_members(struct reader *r, struct tl_json *v, bool object)
{
	char close = object ? '}' : ']';

	r->p++;
	skip_space(r);
	if (*r->p == close) {
		r->p++;
		return true;
	}
	for (;;) {
		struct tl_json item;
		char *key = NULL;

		skip_space(r);
		if (object) {
			if (*r->p != '"')
				return false;
			key = parse_string(r);
			skip_space(r);
			if (*r->p++ != ':') {
				free(key);
				return false;
			}
		}
		if (!parse_value(r, &item)) {
			free(key);
			return false;
		}
		add_item(v, &item, key);
		skip_space(r);
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p++ != close)
			return false;
		return true;
	}
}

static bool
parse_value(struct reader *r, struct tl_json *v)
{
	char *end;

	memset(v, 0, sizeof *v);
	skip_space(r);
	if (*r->p == '{' || *r->p == '[') {
		v->kind = *r->p == '{' ? TJ_OBJECT : TJ_ARRAY;
		return parse_members(r, v, v->kind == TJ_OBJECT);
	}
	if (*r->p == '"') {
		v->kind = TJ_STRING;
		v->text = parse_string(r);
		return !r->bad;
	}
	if (strncmp(r->p, "null", 4) == 0 || strncmp(r->p, "true", 4) == 0) {
		v->kind = r->p[0] == 'n' ? TJ_NULL : TJ_BOOL;
		v->truth = r->p[0] == 't';
		r->p += 4;
		return true;
	}
	if (strncmp(r->p, "false", 5) == 0) {
		v->kind = TJ_BOOL;
		r->p += 5;
		return true;
	}
	v->number = strtod(r->p, &end);
	if (end == r->p)
		return false;
	v->kind = TJ_NUMBER;
	v->text = strndup(r->p, (size_t)(end - r->p));
	r->p = end;
	return true;
}

static void
free_value(struct tl_json *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free_value(&v->items[i]);
		free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->text);
}

struct tl_json *
tl_json_parse(const char *text)
{
	struct reader r = { text, false };
	struct tl_json *v = calloc(1, sizeof *v);

	if (!parse_value(&r, v) || r.bad) {
		free_value(v);
		free(v);
		return NULL;
	}
	skip_space(&r);
	if (*r.p != '\0') {
		tl_json_free(v);
		return NULL;
	}
	return v;
}

void
tl_json_free(struct tl_json *v)
{
	if (v == NULL)
		return;
	free_value(v);
	free(v);
}

const struct tl_json *
tl_json_get(const struct tl_json *v, const char *key)
{
	size_t i;

	if (v == NULL || v->kind != TJ_OBJECT)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

const char *
tl_json_str(const struct tl_json *v, const char *key)
{
	const struct tl_json *s = tl_json_get(v, key);

	return s != NULL && s->kind == TJ_STRING ? s->text : NULL;
}

double
tl_json_num(const struct tl_json *v, const char *key, double def)
{
	const struct tl_json *n = tl_json_get(v, key);

	return n != NULL && n->kind == TJ_NUMBER ? n->number : def;
}
