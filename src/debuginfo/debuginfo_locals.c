/*
 * debuginfo_locals.c — the variables of the debug information: a frame's
 * parameters and locals at a pc, and the program's globals and statics.
 *
 * libdw finds the scopes at a pc and the location expression that holds
 * there; evaluating it is ours.  The runtime sends no registers, only
 * memory, and the model knows each frame's canonical frame address (CFA,
 * its high end, from the frame pointer).  So a location is placed when it
 * is the CFA plus a constant at this pc: DW_OP_fbreg over a frame base of
 * DW_OP_call_frame_cfa (gcc) or of a register (clang's DW_OP_reg6), or
 * DW_OP_bregN, where register N is the one the call frame information
 * computes the CFA from at this pc (then N = CFA - offset).  A variable in
 * a register, or with no location at this pc, is "optimized out"; any
 * other expression (pieces, computed values) is "unavailable": never a
 * value that could be wrong.
 *
 * What a pc gives — names, types, declaration lines and CFA offsets — is
 * worked out once and cached (a recipe); placing it for a CFA is a loop.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "debuginfo/debuginfo_int.h"
#include "util/util_alloc.h"

#define STATICS_KEY (1ull << 63)	/* cache keys of the statics lists */

enum recipe_place {
	AT_CFA,		/* CFA + offset */
	AT_VLA,		/* a variable-length array: see vla */
	AT_ADDR,	/* a fixed address: offset, after the module's bias */
	AT_OPTIMIZED,
	AT_UNAVAILABLE
};

struct recipe_var {
	const char		*name;
	const struct model_type	*type;
	uint32_t		 decl_line;
	bool			 param;
	uint8_t			 place;	/* enum recipe_place */
	int64_t			 offset;
	struct model_vla	 vla;	/* AT_VLA */
};

struct recipe {
	size_t			 n;
	uint8_t			 init;	/* enum model_init, of its locals */
	struct recipe_var	 v[];
};

/* What a recipe is built from. */
struct recipe_build {
	struct debuginfo	*sym;
	Dwfl_Module		*mod;
	uint64_t		 pc;	/* runtime address */
	Dwarf_Addr		 bias;
	Dwarf_Die		 fn;	/* the out-of-line function */
	bool			 have_fn;
	struct recipe_var	*v;
	size_t			 n, cap;
};

/* --- registers and the CFA --------------------------------------------- */

/* The call frame information of the module at pc, and its bias. */
static Dwarf_CFI *
module_cfi(Dwfl_Module *mod, Dwarf_Addr *bias)
{
	Dwarf_CFI *cfi = dwfl_module_eh_cfi(mod, bias);

	return cfi != NULL ? cfi : dwfl_module_dwarf_cfi(mod, bias);
}

/* Register reg is CFA - *offset at pc?  (The CFA rule is reg + offset.) */
static bool
reg_from_cfa(struct recipe_build *b, unsigned reg, int64_t *offset)
{
	Dwarf_Addr bias;
	Dwarf_CFI *cfi = module_cfi(b->mod, &bias);
	Dwarf_Frame *frame;
	Dwarf_Op *ops;
	size_t nops;
	bool ok = false;

	if (cfi == NULL || dwarf_cfi_addrframe(cfi, b->pc - bias, &frame) != 0)
		return false;
	if (dwarf_frame_cfa(frame, &ops, &nops) == 0 && nops == 1) {
		if (ops[0].atom == DW_OP_breg0 + reg) {
			*offset = (int64_t)ops[0].number;
			ok = true;
		} else if (ops[0].atom == DW_OP_bregx && ops[0].number == reg) {
			*offset = (int64_t)ops[0].number2;
			ok = true;
		}
	}
	free(frame);
	return ok;
}

/* The location expression of die's attribute name that holds at pc. */
static int
location_at(struct recipe_build *b, Dwarf_Die *die, int name, Dwarf_Op **ops,
    size_t *nops)
{
	Dwarf_Attribute attr;

	if (dwarf_attr_integrate(die, name, &attr) == NULL)
		return 0;
	return dwarf_getlocation_addr(&attr, b->pc - b->bias, ops, nops, 1);
}

/* A register's value as CFA + *offset; false if not known here. */
static bool
reg_value(struct recipe_build *b, unsigned reg, int64_t *offset)
{
	int64_t k;

	if (!reg_from_cfa(b, reg, &k))
		return false;
	*offset = -k;
	return true;
}

/* The frame base as CFA + *offset. */
static bool
frame_base(struct recipe_build *b, int64_t *offset)
{
	Dwarf_Op *ops;
	size_t nops;
	int64_t r;

	if (!b->have_fn ||
	    location_at(b, &b->fn, DW_AT_frame_base, &ops, &nops) != 1 ||
	    nops != 1)
		return false;
	if (ops[0].atom == DW_OP_call_frame_cfa) {
		*offset = 0;
		return true;
	}
	if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31)
		return reg_value(b, ops[0].atom - DW_OP_reg0, offset);
	if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31 &&
	    reg_value(b, ops[0].atom - DW_OP_breg0, &r)) {
		*offset = r + (int64_t)ops[0].number;
		return true;
	}
	return false;
}

/* Where a one-operation location puts the variable. */
static enum recipe_place
place_of(struct recipe_build *b, const Dwarf_Op *op, int64_t *offset)
{
	int64_t base;

	if (op->atom == DW_OP_fbreg && frame_base(b, &base)) {
		*offset = base + (int64_t)op->number;
		return AT_CFA;
	}
	if (op->atom >= DW_OP_breg0 && op->atom <= DW_OP_breg31 &&
	    reg_value(b, op->atom - DW_OP_breg0, &base)) {
		*offset = base + (int64_t)op->number;
		return AT_CFA;
	}
	if (op->atom == DW_OP_bregx && reg_value(b, (unsigned)op->number, &base)) {
		*offset = base + (int64_t)op->number2;
		return AT_CFA;
	}
	if ((op->atom >= DW_OP_reg0 && op->atom <= DW_OP_reg31) ||
	    op->atom == DW_OP_regx)
		return AT_OPTIMIZED;
	return AT_UNAVAILABLE;
}

/* --- variable-length arrays ------------------------------------------------- */

/*
 * Where a run-time value is kept: a location [place] (clang's hidden
 * __vla_expr variables, whose address is the place) or [place, deref]
 * (gcc's bound, and a VLA's own address, is the word at the place).
 */
static bool
kept_at(struct recipe_build *b, const Dwarf_Op *ops, size_t nops, bool deref,
    int64_t *offset)
{
	if (nops != (deref ? 2u : 1u) ||
	    (deref && ops[1].atom != DW_OP_deref))
		return false;
	return place_of(b, &ops[0], offset) == AT_CFA;
}

/* A subrange's bound: a constant, an expression, or a hidden variable. */
static bool
vla_bound(struct recipe_build *b, Dwarf_Die *sub, struct model_vla_dim *d)
{
	Dwarf_Attribute attr;
	Dwarf_Die var;
	Dwarf_Word value;
	Dwarf_Op *ops;
	size_t nops;

	memset(d, 0, sizeof *d);
	d->upper = dwarf_attr_integrate(sub, DW_AT_count, &attr) == NULL;
	if (d->upper && dwarf_attr_integrate(sub, DW_AT_upper_bound, &attr) == NULL)
		return false;
	switch (dwarf_whatform(&attr)) {
	case DW_FORM_exprloc: case DW_FORM_block: case DW_FORM_block1:
	case DW_FORM_block2: case DW_FORM_block4:
		d->size = 8;
		return dwarf_getlocation(&attr, &ops, &nops) == 0 &&
		    kept_at(b, ops, nops, true, &d->at);
	case DW_FORM_ref1: case DW_FORM_ref2: case DW_FORM_ref4:
	case DW_FORM_ref8: case DW_FORM_ref_udata:
		if (dwarf_formref_die(&attr, &var) == NULL ||
		    location_at(b, &var, DW_AT_location, &ops, &nops) != 1)
			return false;
		d->size = 8;
		return kept_at(b, ops, nops, false, &d->at);
	default:
		if (dwarf_formudata(&attr, &value) != 0)
			return false;
		d->count = d->upper ? value + 1 : value;
		d->upper = false;
		return true;
	}
}

/*
 * Whether die's type is an array with a bound known only at run time, and
 * if so its shape: then the variable is an AT_VLA.
 */
static bool
vla_shape(struct recipe_build *b, Dwarf_Die *die, struct model_vla *vla)
{
	Dwarf_Attribute attr;
	Dwarf_Die type, sub;
	bool dynamic = false;

	if (dwarf_attr_integrate(die, DW_AT_type, &attr) == NULL ||
	    dwarf_formref_die(&attr, &type) == NULL ||
	    dwarf_tag(&type) != DW_TAG_array_type || dwarf_child(&type, &sub) != 0)
		return false;
	vla->ndims = 0;
	do {
		if (dwarf_tag(&sub) != DW_TAG_subrange_type)
			continue;
		if (vla->ndims == MODEL_VLA_DIMS ||
		    !vla_bound(b, &sub, &vla->dim[vla->ndims]))
			return false;
		dynamic |= vla->dim[vla->ndims++].size != 0;
	} while (dwarf_siblingof(&sub, &sub) == 0);
	vla->elem = symbols_type_of(b->sym, &type);
	return dynamic && vla->elem != NULL;
}

/* --- a pc's recipe ------------------------------------------------------------ */

static void
add_var(struct recipe_build *b, Dwarf_Die *die, bool param)
{
	struct recipe_var *v;
	const char *name = symbols_name(die);
	Dwarf_Op *ops;
	Dwarf_Addr addr;
	size_t nops;
	int decl = 0, found;

	if (name == NULL || dwarf_hasattr(die, DW_AT_declaration) ||
	    (!param && symbols_var_address(die, &addr)))
		return;		/* unnamed, extern, or static (a global) */
	if (!param && dwarf_hasattr(die, DW_AT_artificial))
		return;		/* the compiler's own (clang's __vla_expr0) */
	b->v = xgrow(b->v, &b->cap, b->n, sizeof *b->v);
	v = &b->v[b->n++];
	memset(v, 0, sizeof *v);
	v->name = symbols_file(b->sym, name);
	v->type = symbols_type_of(b->sym, die);
	v->param = param;
	if (dwarf_decl_line(die, &decl) == 0 && decl > 0)
		v->decl_line = (uint32_t)decl;
	found = location_at(b, die, DW_AT_location, &ops, &nops);
	if (found == 0)
		v->place = dwarf_hasattr(die, DW_AT_const_value) ?
		    AT_UNAVAILABLE : AT_OPTIMIZED;
	else if (found > 0 && kept_at(b, ops, nops, true, &v->vla.addr_at) &&
	    vla_shape(b, die, &v->vla))
		v->place = AT_VLA;
	else if (found < 0 || nops != 1)
		v->place = nops == 0 ? AT_OPTIMIZED : AT_UNAVAILABLE;
	else
		v->place = place_of(b, &ops[0], &v->offset);
}

static bool
add_scope_var(Dwarf_Die *child, int tag, void *b)
{
	if (tag == DW_TAG_formal_parameter || tag == DW_TAG_variable)
		add_var(b, child, tag == DW_TAG_formal_parameter);
	return true;
}

/* Whether a goes after b: parameters first, then locals by declaration line. */
static bool
later(const struct recipe_var *a, const struct recipe_var *b)
{
	if (a->param != b->param)
		return !a->param;
	return !a->param && a->decl_line > b->decl_line;
}

/* Insertion sort: stable, so equal keys keep the order of the scopes. */
static void
sort_by_declaration(struct recipe_var *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct recipe_var x = v[i];

		for (j = i; j > 0 && later(&v[j - 1], &x); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/*
 * What the compiler of a unit fills its locals with: stackheap-cc asks
 * for -ftrivial-auto-var-init=pattern, whose pattern is the compiler's
 * own; DW_AT_producer names it ("GNU C17 12.2.0 ...", "... clang ...").
 */
static uint8_t
cu_init(Dwarf_Die *cudie)
{
	Dwarf_Attribute attr;
	const char *producer = dwarf_formstring(dwarf_attr(cudie,
	    DW_AT_producer, &attr));

	if (producer == NULL)
		return MODEL_INIT_NONE;
	if (strstr(producer, "clang") != NULL)
		return MODEL_INIT_CLANG;
	return strncmp(producer, "GNU ", 4) == 0 ? MODEL_INIT_GCC :
	    MODEL_INIT_NONE;
}

static struct recipe *
build_recipe(struct debuginfo *sym, uint64_t pc, bool *found)
{
	struct recipe_build b = { .sym = sym, .pc = pc };
	Dwarf_Die *cudie, *scopes = NULL;
	struct recipe *r;
	int n, i, fn = -1;

	*found = false;
	if ((cudie = symbols_cu(sym, pc, &b.bias)) == NULL ||
	    (b.mod = symbols_module(sym, pc)) == NULL)
		return NULL;
	*found = true;
	n = dwarf_getscopes(cudie, pc - b.bias, &scopes);
	for (i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (fn < 0 && (tag == DW_TAG_subprogram ||
		    tag == DW_TAG_inlined_subroutine))
			fn = i;
		if (tag == DW_TAG_subprogram) {
			b.fn = scopes[i];
			b.have_fn = true;
			break;
		}
	}
	for (i = fn; i >= 0; i--)
		symbols_each_child(&scopes[i], add_scope_var, &b);
	free(scopes);
	sort_by_declaration(b.v, b.n);
	r = xcalloc(1, sizeof *r + b.n * sizeof r->v[0]);
	r->n = b.n;
	r->init = cu_init(cudie);
	if (b.n > 0)
		memcpy(r->v, b.v, b.n * sizeof r->v[0]);
	free(b.v);
	return r;
}

static const struct recipe *
recipe_at(struct debuginfo *sym, uint64_t pc)
{
	bool cached, found;
	struct recipe *r = symbols_data(sym, pc & ~STATICS_KEY, &cached);

	if (cached)
		return r;
	r = build_recipe(sym, pc, &found);
	symbols_keep_data(sym, pc & ~STATICS_KEY, r, found);
	return r;
}

static void
place(struct model_local *l, const struct recipe_var *v, uint64_t cfa,
    uint8_t init)
{
	l->name = v->name;
	l->type = v->type;
	l->size = v->type != NULL ? v->type->size : 0;
	l->decl_line = v->decl_line;
	l->param = v->param;
	l->addr = cfa + (uint64_t)v->offset;
	l->vla = NULL;
	switch (v->place) {
	case AT_CFA:
		l->avail = cfa != 0 ? MODEL_KNOWN : MODEL_UNAVAILABLE;
		break;
	case AT_VLA:	/* placed from the frame's bytes (model_lines.c) */
		l->avail = cfa != 0 ? MODEL_KNOWN : MODEL_UNAVAILABLE;
		l->vla = &v->vla;
		l->cfa = cfa;
		l->addr = 0;
		l->size = 0;
		break;
	case AT_OPTIMIZED:
		l->avail = MODEL_OPTIMIZED_OUT;
		break;
	default:
		l->avail = MODEL_UNAVAILABLE;
		break;
	}
	if (l->avail != MODEL_KNOWN)
		l->addr = 0;
	/* only the frame's own bytes were filled; a static local is zero */
	l->init = v->place == AT_CFA ? init : MODEL_INIT_NONE;
}

size_t
debuginfo_locals(struct debuginfo *sym, uint64_t pc, uint64_t cfa,
    const struct model_local **out)
{
	const struct recipe *r = recipe_at(sym, pc);
	struct model_local *l;
	size_t i;

	if (r == NULL || r->n == 0)
		return 0;
	l = symbols_locals_buffer(sym, r->n);
	for (i = 0; i < r->n; i++)
		place(&l[i], &r->v[i], cfa, r->init);
	*out = l;
	return r->n;
}

/* --- globals and statics ------------------------------------------------------ */

struct statics_list {
	size_t			 n;
	struct model_local	 l[];
};

struct statics_walk {
	struct debuginfo	*sym;
	Dwarf_Addr		 bias;
	uint64_t		 lo, hi;
	struct model_local	*l;
	size_t			 n, cap;
	const char		*fn;	/* the function walked, or NULL */
};

static void
add_static(struct statics_walk *w, Dwarf_Die *die, const char *fn)
{
	const char *name = symbols_name(die);
	const struct model_type *type;
	struct model_local *l;
	Dwarf_Addr addr;
	char *full = NULL;
	int decl = 0;

	if (name == NULL || dwarf_hasattr(die, DW_AT_declaration) ||
	    !symbols_var_address(die, &addr) || addr + w->bias < w->lo ||
	    addr + w->bias >= w->hi)
		return;
	type = symbols_type_of(w->sym, die);
	if (fn != NULL && asprintf(&full, "%s.%s", fn, name) < 0)
		return;
	w->l = xgrow(w->l, &w->cap, w->n, sizeof *w->l);
	l = &w->l[w->n++];
	memset(l, 0, sizeof *l);
	l->name = symbols_file(w->sym, full != NULL ? full : name);
	free(full);
	l->type = type;
	l->size = type != NULL ? type->size : 0;
	l->addr = addr + w->bias;
	if (dwarf_decl_line(die, &decl) == 0 && decl > 0)
		l->decl_line = (uint32_t)decl;
	l->avail = MODEL_KNOWN;
}

/*
 * A variable of a unit, or a static local of its functions and blocks
 * (named for the innermost function, w->fn).
 */
static bool
walk_statics(Dwarf_Die *child, int tag, void *arg)
{
	struct statics_walk *w = arg;
	const char *outer = w->fn;

	if (tag == DW_TAG_variable)
		add_static(w, child, w->fn);
	else if (tag == DW_TAG_lexical_block)
		symbols_each_child(child, walk_statics, w);
	else if (tag == DW_TAG_subprogram) {
		w->fn = symbols_name(child);
		symbols_each_child(child, walk_statics, w);
		w->fn = outer;
	}
	return true;
}

size_t
debuginfo_statics(struct debuginfo *sym, uint64_t lo, uint64_t hi,
    const struct model_local **out)
{
	struct statics_walk w = { .sym = sym, .lo = lo, .hi = hi };
	struct statics_list *list;
	Dwfl_Module *mod;
	Dwarf_Die *cudie = NULL;
	bool cached;

	list = symbols_data(sym, lo | STATICS_KEY, &cached);
	if (!cached) {
		if ((mod = symbols_module(sym, lo)) != NULL)
			while ((cudie = dwfl_module_nextcu(mod, cudie,
			    &w.bias)) != NULL)
				symbols_each_child(cudie, walk_statics, &w);
		list = xcalloc(1, sizeof *list + w.n * sizeof list->l[0]);
		list->n = w.n;
		if (w.n > 0)
			memcpy(list->l, w.l, w.n * sizeof list->l[0]);
		free(w.l);
		symbols_keep_data(sym, lo | STATICS_KEY, list, mod != NULL);
	}
	*out = list->l;
	return list->n;
}
