/*
 * model_types.c — the type table: an arena that owns every type, string and
 * field array, and a hash table that interns types so that equal types are
 * one pointer.
 *
 * Everything is allocated from chunks that are only freed together, by
 * model_typetab_free; nothing in a table is freed alone.  Derived types
 * (pointers, arrays) are named the way C spells them, by inserting the
 * declarator into the name of the type they derive from: "int" gives
 * "int *" and "int[4]", "int[3]" gives "int (*)[3]".  A type known only by
 * its size is named "(n bytes)".
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackheap.h"
#include "model_types.h"

#define TYPETAB_CHUNK		16384
#define TYPETAB_MAX_DEPTH	8	/* deepest pointer a type code may say */

struct typetab_chunk {
	struct typetab_chunk	*next;
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

struct typetab_entry {
	struct typetab_entry	*next;
	uint64_t		 hash;
	struct model_type	 type;
};

struct model_typetab {
	struct typetab_chunk	 *chunks;
	struct typetab_entry	**buckets;
	size_t			  nbuckets;
	size_t			  nentries;
};

/* The base types of the SH_VAR type codes, indexed by code. */
static const struct {
	enum model_type_kind	 kind;
	const char		*name;
	size_t			 size;
} typetab_base[] = {
	[SH_T_BOOL] =	{ MT_BOOL, "_Bool", sizeof (_Bool) },
	[SH_T_CHAR] =	{ MT_CHAR, "char", sizeof (char) },
	[SH_T_SCHAR] =	{ MT_SINT, "signed char", sizeof (signed char) },
	[SH_T_UCHAR] =	{ MT_UINT, "unsigned char", sizeof (unsigned char) },
	[SH_T_SHORT] =	{ MT_SINT, "short", sizeof (short) },
	[SH_T_USHORT] =	{ MT_UINT, "unsigned short", sizeof (unsigned short) },
	[SH_T_INT] =	{ MT_SINT, "int", sizeof (int) },
	[SH_T_UINT] =	{ MT_UINT, "unsigned int", sizeof (unsigned int) },
	[SH_T_LONG] =	{ MT_SINT, "long", sizeof (long) },
	[SH_T_ULONG] =	{ MT_UINT, "unsigned long", sizeof (unsigned long) },
	[SH_T_LLONG] =	{ MT_SINT, "long long", sizeof (long long) },
	[SH_T_ULLONG] =	{ MT_UINT, "unsigned long long",
			  sizeof (unsigned long long) },
	[SH_T_FLOAT] =	{ MT_FLOAT, "float", sizeof (float) },
	[SH_T_DOUBLE] =	{ MT_FLOAT, "double", sizeof (double) },
	[SH_T_LDOUBLE] = { MT_FLOAT, "long double", sizeof (long double) },
};

/* Running out of memory while building the model is not recoverable. */
static void *
typetab_xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL) {
		fputs("stackheap: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct model_typetab *
model_typetab_new(void)
{
	struct model_typetab	*tab;

	tab = typetab_xcalloc(1, sizeof *tab);
	tab->nbuckets = 256;
	tab->buckets = typetab_xcalloc(tab->nbuckets, sizeof *tab->buckets);
	return tab;
}

void
model_typetab_free(struct model_typetab *tab)
{
	struct typetab_chunk	*c, *next;

	if (tab == NULL)
		return;
	for (c = tab->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(tab->buckets);
	free(tab);
}

/* Zeroed memory, aligned for any type, that lives as long as the table. */
void *
model_typetab_alloc(struct model_typetab *tab, size_t n)
{
	struct typetab_chunk	*c = tab->chunks;
	size_t			 units, size;
	void			*p;

	units = (n + sizeof (max_align_t) - 1) / sizeof (max_align_t);
	if (c == NULL || c->size - c->used < units) {
		size = TYPETAB_CHUNK / sizeof (max_align_t);
		if (units > size)
			size = units;
		c = typetab_xcalloc(1, sizeof *c + size * sizeof (max_align_t));
		c->size = size;
		c->next = tab->chunks;
		tab->chunks = c;
	}
	p = &c->data[c->used];
	c->used += units;
	return p;
}

const char *
model_typetab_strdup(struct model_typetab *tab, const char *s)
{
	size_t	 len;
	char	*copy;

	if (s == NULL)
		return NULL;
	len = strlen(s) + 1;
	copy = model_typetab_alloc(tab, len);
	memcpy(copy, s, len);
	return copy;
}

/* FNV-1a, fed piece by piece. */
static uint64_t
typetab_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

static uint64_t
typetab_hash_str(uint64_t h, const char *s)
{
	if (s == NULL)
		return typetab_hash_bytes(h, "", 1);
	return typetab_hash_bytes(h, s, strlen(s) + 1);
}

static uint64_t
typetab_hash(const struct model_type *t)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	h = typetab_hash_bytes(h, &t->kind, sizeof t->kind);
	h = typetab_hash_bytes(h, &t->size, sizeof t->size);
	h = typetab_hash_str(h, t->name);
	h = typetab_hash_bytes(h, &t->target, sizeof t->target);
	h = typetab_hash_bytes(h, &t->count, sizeof t->count);
	for (i = 0; i < t->nfields; i++) {
		h = typetab_hash_str(h, t->fields[i].name);
		h = typetab_hash_bytes(h, &t->fields[i].offset,
		    sizeof t->fields[i].offset);
		h = typetab_hash_bytes(h, &t->fields[i].type,
		    sizeof t->fields[i].type);
	}
	for (i = 0; i < t->nenumerators; i++) {
		h = typetab_hash_str(h, t->enumerators[i].name);
		h = typetab_hash_bytes(h, &t->enumerators[i].value,
		    sizeof t->enumerators[i].value);
	}
	return h;
}

static bool
typetab_str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
typetab_equal(const struct model_type *a, const struct model_type *b)
{
	size_t	i;

	if (a->kind != b->kind || a->size != b->size ||
	    a->target != b->target || a->count != b->count ||
	    a->nfields != b->nfields || a->nenumerators != b->nenumerators ||
	    !typetab_str_equal(a->name, b->name))
		return false;
	for (i = 0; i < a->nfields; i++) {
		if (a->fields[i].offset != b->fields[i].offset ||
		    a->fields[i].bit_offset != b->fields[i].bit_offset ||
		    a->fields[i].bit_size != b->fields[i].bit_size ||
		    a->fields[i].type != b->fields[i].type ||
		    !typetab_str_equal(a->fields[i].name, b->fields[i].name))
			return false;
	}
	for (i = 0; i < a->nenumerators; i++) {
		if (a->enumerators[i].value != b->enumerators[i].value ||
		    !typetab_str_equal(a->enumerators[i].name,
		    b->enumerators[i].name))
			return false;
	}
	return true;
}

/* Keep chains short: double the buckets when there are more types. */
static void
typetab_grow(struct model_typetab *tab)
{
	struct typetab_entry	**buckets, *e, *next;
	size_t			  nbuckets = tab->nbuckets * 2, i;

	buckets = typetab_xcalloc(nbuckets, sizeof *buckets);
	for (i = 0; i < tab->nbuckets; i++) {
		for (e = tab->buckets[i]; e != NULL; e = next) {
			next = e->next;
			e->next = buckets[e->hash % nbuckets];
			buckets[e->hash % nbuckets] = e;
		}
	}
	free(tab->buckets);
	tab->buckets = buckets;
	tab->nbuckets = nbuckets;
}

/* The name is copied into the table, so proto's may be temporary. */
const struct model_type *
model_type_intern(struct model_typetab *tab, const struct model_type *proto)
{
	struct typetab_entry	*e;
	uint64_t		 hash = typetab_hash(proto);

	for (e = tab->buckets[hash % tab->nbuckets]; e != NULL; e = e->next) {
		if (e->hash == hash && typetab_equal(&e->type, proto))
			return &e->type;
	}
	if (tab->nentries >= tab->nbuckets)
		typetab_grow(tab);
	e = model_typetab_alloc(tab, sizeof *e);
	e->hash = hash;
	e->type = *proto;
	e->type.name = model_typetab_strdup(tab, proto->name);
	e->next = tab->buckets[hash % tab->nbuckets];
	tab->buckets[hash % tab->nbuckets] = e;
	tab->nentries++;
	return &e->type;
}

/*
 * Where a declarator goes in a C type name: at the end of "int" or
 * "int *", before the "[" of "int[3]", after the "(*" of "int (*)(char)".
 */
static size_t
typetab_name_hole(const char *name)
{
	const char	*p;

	if ((p = strstr(name, "(*")) != NULL) {
		for (p++; *p == '*'; p++)
			;
		return p - name;
	}
	if ((p = strchr(name, '[')) != NULL)
		return p - name;
	return strlen(name);
}

/* A new string: name with what inserted at offset at; the caller frees. */
static char *
typetab_name_insert(const char *name, size_t at, const char *what)
{
	size_t	 len = strlen(name), wlen = strlen(what);
	char	*s;

	s = typetab_xcalloc(1, len + wlen + 1);
	memcpy(s, name, at);
	memcpy(s + at, what, wlen);
	memcpy(s + at + wlen, name + at, len - at);
	return s;
}

/* "int" -> "int *", "int *" -> "int **", "int[3]" -> "int (*)[3]". */
static char *
typetab_name_pointer(const char *name)
{
	size_t		 at = typetab_name_hole(name);
	bool		 space, suffix;

	space = at > 0 && strchr("*( ", name[at - 1]) == NULL;
	suffix = name[at] == '[' || name[at] == '(';
	if (suffix)
		return typetab_name_insert(name, at, space ? " (*)" : "(*)");
	return typetab_name_insert(name, at, space ? " *" : "*");
}

static const char *
typetab_name_of(const struct model_type *t)
{
	if (t == NULL)
		return "void";
	return t->name != NULL ? t->name : "?";
}

const struct model_type *
model_type_bytes(struct model_typetab *tab, size_t n)
{
	struct model_type	 proto = { .kind = MT_OPAQUE, .size = n };
	char			 name[64];

	snprintf(name, sizeof name, "(%zu byte%s)", n, n == 1 ? "" : "s");
	proto.name = name;
	return model_type_intern(tab, &proto);
}

const struct model_type *
model_type_pointer_to(struct model_typetab *tab, const struct model_type *t)
{
	struct model_type	 proto = { .kind = MT_POINTER };
	const struct model_type	*pt;
	char			*name;

	name = typetab_name_pointer(typetab_name_of(t));
	proto.size = sizeof (void *);
	proto.name = name;
	proto.target = t;
	pt = model_type_intern(tab, &proto);
	free(name);
	return pt;
}

const struct model_type *
model_type_array_of(struct model_typetab *tab, const struct model_type *elem,
    size_t count)
{
	struct model_type	 proto = { .kind = MT_ARRAY };
	const struct model_type	*at;
	const char		*ename = typetab_name_of(elem);
	char			 dim[32], *name;

	if (count == 0)
		snprintf(dim, sizeof dim, "[]");
	else
		snprintf(dim, sizeof dim, "[%zu]", count);
	name = typetab_name_insert(ename, typetab_name_hole(ename), dim);
	proto.size = elem != NULL ? elem->size * count : 0;
	proto.name = name;
	proto.target = elem;
	proto.count = count;
	at = model_type_intern(tab, &proto);
	free(name);
	return at;
}

/* The type of base code at pointer depth; a void pointee is NULL. */
static const struct model_type *
typetab_code_type(struct model_typetab *tab, unsigned base, unsigned depth)
{
	struct model_type	 proto = { 0 };

	if (depth > 0) {
		return model_type_pointer_to(tab,
		    typetab_code_type(tab, base, depth - 1));
	}
	if (base == SH_T_VOID)
		return NULL;
	proto.kind = typetab_base[base].kind;
	proto.name = typetab_base[base].name;
	proto.size = typetab_base[base].size;
	return model_type_intern(tab, &proto);
}

static size_t
typetab_code_size(unsigned base, unsigned depth)
{
	return depth > 0 ? sizeof (void *) : typetab_base[base].size;
}

/*
 * _Generic sees an array as a pointer to its element, so a "pointer" whose
 * size is not a pointer's is an array of elements of the code's type one
 * level less deep.  An array the size of one pointer cannot be told from a
 * pointer and is shown as one.
 */
static const struct model_type *
typetab_code_array(struct model_typetab *tab, unsigned base, unsigned depth,
    size_t size)
{
	size_t	elem;

	if (base == SH_T_VOID && depth == 0)
		return model_type_bytes(tab, size);
	elem = typetab_code_size(base, depth);
	if (size == 0 || size % elem != 0)
		return model_type_bytes(tab, size);
	return model_type_array_of(tab, typetab_code_type(tab, base, depth),
	    size / elem);
}

const struct model_type *
model_type_from_code(struct model_typetab *tab, unsigned code, size_t size)
{
	unsigned	base = code & SH_T_BASE_MASK;
	unsigned	depth = code >> SH_T_PTR_SHIFT;

	if (base == SH_T_UNKNOWN || base > SH_T_VOID ||
	    depth > TYPETAB_MAX_DEPTH || (base == SH_T_VOID && depth == 0))
		return model_type_bytes(tab, size);
	if (depth > 0 && size != sizeof (void *))
		return typetab_code_array(tab, base, depth - 1, size);
	if (size != typetab_code_size(base, depth))
		return model_type_bytes(tab, size);
	return typetab_code_type(tab, base, depth);
}
