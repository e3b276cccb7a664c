/*
 * model_types.h — C types as the viewer knows them, and how values of
 * those types are turned into text.
 *
 * Types come from the debugging information of the traced program
 * (debuginfo.c) or, failing that, from the coarse type code that
 * SH_VAR sends (stackheap.h).  All types live in a model_typetab, which owns
 * them; a type is immutable once made, so states and snapshots share them
 * freely by pointer.
 */
#ifndef MODEL_TYPES_H
#define MODEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum model_type_kind {
	MT_OPAQUE,	/* unknown: shown as bytes */
	MT_BOOL,
	MT_CHAR,	/* plain char: shown as a character */
	MT_SINT,	/* signed integer (also signed char) */
	MT_UINT,	/* unsigned integer (also unsigned char) */
	MT_FLOAT,	/* float, double, long double */
	MT_ENUM,
	MT_POINTER,	/* target: pointee, NULL for void */
	MT_FUNCPTR,	/* pointer to function */
	MT_ARRAY,	/* target: element, count */
	MT_STRUCT,
	MT_UNION
};

struct model_type;

struct model_field {
	const char		*name;	/* NULL for an anonymous member */
	size_t			 offset;
	const struct model_type	*type;
	/* a bit-field: bit_size bits, bit_offset bits above byte offset
	 * (little-endian); bit_size 0 for an ordinary member */
	uint16_t		 bit_offset, bit_size;
};

struct model_enumerator {
	const char	*name;
	int64_t		 value;
};

struct model_type {
	enum model_type_kind	 kind;
	size_t			 size;
	const char		*name;	/* "int", "struct point", "char *", ... */
	const struct model_type	*target;
	size_t			 count;
	const struct model_field *fields;	/* STRUCT, UNION */
	size_t			 nfields;
	const struct model_enumerator *enumerators;	/* ENUM */
	size_t			 nenumerators;
};

struct model_typetab;

/* Whether a variable's value could be read (DWARF locals may not be). */
enum model_avail {
	MODEL_KNOWN = 0,
	MODEL_OPTIMIZED_OUT,	/* in a register, or nowhere, at this pc */
	MODEL_UNAVAILABLE	/* a place this viewer cannot work out */
};

/*
 * What a variable's bytes hold before the program writes them, so that
 * they can be marked uninitialized: the pattern of the compiler's
 * -ftrivial-auto-var-init=pattern (a local), the malloc shim's fill (a
 * heap block), or nothing known (globals: zero; registered variables).
 */
enum model_init {
	MODEL_INIT_NONE = 0,
	MODEL_INIT_GCC,		/* 0xfe bytes; a _Bool is 0, never marked */
	MODEL_INIT_CLANG,	/* 0xaa bytes; floating values 0xff bytes */
	MODEL_INIT_HEAP		/* SH_HEAP_FILL bytes, whatever the type */
};

/*
 * A variable: registered with SH_VAR / SH_GLOBAL, or (dwarf) found in the
 * debug information at a line step — a frame's parameters and locals in
 * scope, the program's globals and statics.  A program that registers
 * variables shows those; any other shows its DWARF ones.
 */
/*
 * A variable the debug information describes: a frame's parameter or
 * local, placed for one pc and canonical frame address, or a global.
 */
struct model_local {
	const char		*name;
	const struct model_type	*type;
	uint64_t		 addr;		/* when avail is MODEL_KNOWN */
	uint64_t		 size;
	uint32_t		 decl_line;	/* 0: unknown */
	bool			 param;
	uint8_t			 avail;		/* enum model_avail */
	uint8_t			 init;		/* enum model_init */
	const struct model_vla	*vla;		/* a variable-length array */
	uint64_t		 cfa;		/* ... whose shape is read here */
};

/*
 * A variable-length array (int x[n][m]): its address and its bounds are
 * in the frame, at the CFA plus these offsets, known only at run time.
 * Dimensions outermost first; a bound is a count or an upper bound (one
 * less), read as an unsigned word of 1 to 8 bytes, or a constant.
 */
#define MODEL_VLA_DIMS 4

struct model_vla_dim {
	int64_t		 at;		/* CFA + at holds it, if dynamic */
	uint64_t	 count;		/* if constant */
	uint8_t		 size;		/* bytes of the bound; 0: constant */
	bool		 upper;		/* an upper bound: count - 1 */
};

struct model_vla {
	int64_t			 addr_at;	/* CFA + addr_at holds its address */
	const struct model_type	*elem;
	unsigned		 ndims;
	struct model_vla_dim	 dim[MODEL_VLA_DIMS];
};


struct model_typetab	*model_typetab_new(void);
void			 model_typetab_free(struct model_typetab *);

/* Strings and arrays whose lifetime is the table's. */
const char		*model_typetab_strdup(struct model_typetab *, const char *);
void			*model_typetab_alloc(struct model_typetab *, size_t);

/*
 * Returns the table's copy of *proto: equal types (same kind, size, name,
 * target, count, fields) give the same pointer.  proto's fields and
 * enumerators must already belong to the table.
 */
const struct model_type	*model_type_intern(struct model_typetab *,
			    const struct model_type *proto);

/* The fallback type for an SH_VAR type code and the variable's size. */
const struct model_type	*model_type_from_code(struct model_typetab *,
			    unsigned code, size_t size);

/* An opaque type of n bytes. */
const struct model_type	*model_type_bytes(struct model_typetab *, size_t n);

/* The type of a pointer to t (t may be NULL for void *). */
const struct model_type	*model_type_pointer_to(struct model_typetab *,
			    const struct model_type *t);

/* The type of an array of count elements of type elem (count 0: unknown). */
const struct model_type	*model_type_array_of(struct model_typetab *,
			    const struct model_type *elem, size_t count);

#endif
