/*
 * debuginfo_int.h — what debuginfo.c lends the other readers of
 * debug information (debuginfo_locals.c): its modules, units, names, types and
 * its cache.  Not for the views.
 */
#ifndef DEBUGINFO_INT_H
#define DEBUGINFO_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include "debuginfo/debuginfo.h"

Dwfl_Module	*symbols_module(struct debuginfo *, uint64_t pc);
/* The compile unit holding pc, and the bias of its module. */
Dwarf_Die	*symbols_cu(struct debuginfo *, uint64_t pc, Dwarf_Addr *bias);
/* The one copy of a string, for as long as the symbols live. */
const char	*symbols_file(struct debuginfo *, const char *name);
const char	*symbols_name(Dwarf_Die *);
const struct model_type *symbols_type_of(struct debuginfo *, Dwarf_Die *);
/*
 * Calls visit for each child of scope, with its tag, until visit returns
 * false; false if it did.  Visitors recurse by calling it again.
 */
typedef bool	(*symbols_visit)(Dwarf_Die *child, int tag, void *arg);
bool		 symbols_each_child(Dwarf_Die *scope, symbols_visit, void *arg);
/* The file address of a variable at a fixed place (DW_OP_addr). */
bool		 symbols_var_address(Dwarf_Die *var, Dwarf_Addr *addr);

/*
 * A cached answer (owned data, freed with free) for key; *cached false if
 * none.  An answer kept with found false is asked again once a module is
 * added.
 */
void		*symbols_data(struct debuginfo *, uint64_t key, bool *cached);
void		 symbols_keep_data(struct debuginfo *, uint64_t key,
		    void *data, bool found);

/* The symbols' one buffer for a list of n locals, valid until the next call. */
struct model_local *symbols_locals_buffer(struct debuginfo *, size_t n);

#endif
