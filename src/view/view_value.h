/*
 * view_value.h — the text of a value: integers, characters, floats,
 * pointers (as arrows to the slot they point into, in the book view, or as
 * addresses in the real view), arrays, structs, enums.  Also infers the
 * type of heap blocks from the typed pointers that reach them.
 */
#ifndef VIEWVALUE_H
#define VIEWVALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model_state.h"
#include "model/model_trace.h"
#include "util/util_str.h"
#include "view/view_slots.h"

struct view_value_ctx {
	struct model_trace		*trace;
	const struct model_state	*state;
	uint32_t			 tid;	/* preferred for stack lookups */
	bool				 book;	/* book slots, or real addresses */
	const char			*arrow;	/* "→" or "->" */
	const struct model_type		**block_types;	/* per live block */
	bool				 dangling;	/* out: one was shown */
	size_t				 limit;	/* real view: blocks and frames shown; 0: all */
	uint8_t				 init;	/* enum model_init of the value being formatted */
	bool				 all_elements;	/* arrays not cut (an expanded row) */
	struct view_slots		 slots;	/* book slots numbered so far:
						 * view_slots_free when done */
};

/* What marks a value the program has not written. */
#define UNSET_MARK_BOOK "?"
#define UNSET_MARK_REAL "(uninitialized)"

/*
 * Whether a scalar, enum or pointer of type t at p still holds what
 * memory of that kind (enum model_init) holds before the program writes
 * it.  False for aggregates, bit-fields' types aside: they are their
 * members.  A program that stores the pattern itself is marked too.
 */
bool	view_value_unset(const struct model_type *t, const uint8_t *p,
	    size_t n, uint8_t init);

/*
 * The book address of heap slot k: "(2^30) - k"; a library's own block
 * has none (k 0).
 */
void	view_heap_slot_text(uint32_t k, struct strbuf *);

/*
 * A variable's value: view_value_format, or why it has none; a DWARF
 * local whose declaration has not run is uninitialized as a whole.
 */
void	view_value_var(struct view_value_ctx *, const struct model_var *v,
	    struct strbuf *out);
/*
 * Whether the char array bytes[0..n) holds text rather than small
 * numbers (a control character before its first NUL, or anywhere when it
 * starts with one: K&R's daytab of month lengths is a char array).
 */
bool	view_chars_are_text(const uint8_t *bytes, size_t n);

/* Appends the text of a value of type t held in bytes[0..n). */
void	view_value_format(struct view_value_ctx *, const struct model_type *t,
	    const uint8_t *bytes, size_t n, struct strbuf *out);

/*
 * Where a pointer points: a variable or a heap block and, past its start,
 * which element, field or byte ("[3]", "[1][2]", ".next", "+12"); or a
 * freed block or a returned frame (dangling); or just past the end of a
 * variable or block (one past the end, or out of bounds).
 */
enum view_pointee_kind { MP_NONE, MP_VAR, MP_GLOBAL, MP_BLOCK, MP_FREED,
	MP_DEAD_FRAME };
enum view_pointee_bounds { MP_INSIDE, MP_ONE_PAST, MP_OUT };

struct view_pointee {
	uint8_t		 kind;		/* enum view_pointee_kind */
	uint8_t		 bounds;	/* enum view_pointee_bounds */
	uint32_t	 slot;		/* a variable's book slot, a block's k */
	const char	*name;		/* a variable's name */
	bool		 undeclared;	/* a local whose declaration has not run */
	uint64_t	 offset;	/* bytes from its start */
	bool		 indexed;	/* element is an array index */
	uint64_t	 element;
	char		 at[64];	/* "[3]", ".next", "+12", or "" */
};

/* Fills *pt for pointer p (kind MP_NONE: nothing the model knows). */
void	view_value_pointee(struct view_value_ctx *, uint64_t p,
	    struct view_pointee *pt);
/* A pointee's state as words: "dangling", "out of bounds", ..., or NULL. */
const char *view_pointee_state(const struct view_pointee *);

/*
 * A bit-field's value in the bytes p[0..n) of its struct: at most 64 bits
 * from up to 9 bytes, sign-extended for a signed type (two's complement in
 * *value); false if the bytes do not hold it.
 */
bool	view_value_bit_field(const struct model_field *f, const uint8_t *p,
	    size_t n, uint64_t *value);

/* Appends the text of pointer p. */
void	view_value_pointer(struct view_value_ctx *, uint64_t p,
	    struct strbuf *out);

/* Appends the text of a heap block's contents. */
void	view_value_block(struct view_value_ctx *, const struct model_block *,
	    struct strbuf *out);

/*
 * The type of each live block (index: model_block_place), found by
 * following typed pointers from the variables (model_reach_walk); NULL
 * where unknown.  The caller frees the array.
 */
const struct model_type **view_value_block_types(const struct model_state *);
/*
 * The type block b of s is seen with: its type in types (from
 * view_value_block_types; may be NULL), else the last it had (a lost
 * block keeps its looks), else NULL.
 */
const struct model_type *view_value_block_type(const struct model_state *s,
	    const struct model_type **types, const struct model_block *b);

#endif
