/*
 * debuginfo.h — resolving the raw addresses of a trace: function names,
 * source lines, and the types of registered variables, read from the traced
 * program's ELF symbol tables and DWARF debugging information (elfutils'
 * libdw).  This is the viewer's side of "resolve late": the runtime only
 * ever sends addresses.
 *
 * Every answer is cached per address (or per address and name), so asking
 * again is cheap.  Strings returned belong to the debuginfo and live
 * until debuginfo_free.  A module that cannot be read (missing file, no
 * debug info) simply gives no answers: callers fall back to hex addresses
 * and the SH_VAR type code.
 */
#ifndef DEBUGINFO_H
#define DEBUGINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model_types.h"

struct debuginfo;

/* Types found in debug info are made in (and owned by) types. */
struct debuginfo	*debuginfo_new(struct model_typetab *types);
void			 debuginfo_free(struct debuginfo *);

/*
 * A module (the executable or a shared object) at path, loaded with the
 * given load bias (runtime address = file address + bias).  Adding the
 * same path twice is harmless.
 */
void		 debuginfo_add_module(struct debuginfo *,
		    const char *path, uint64_t bias);

/*
 * Up to n bytes the program's files hold at addr, a read-only address
 * (string literals, const data), into buf; how many, 0 if none.
 */
size_t		 debuginfo_read_only(struct debuginfo *, uint64_t addr,
		    void *buf, size_t n);

/*
 * Whether the module holding pc uses SH_VAR or SH_GLOBAL (it imports
 * them): it shows its registered variables, not every local.
 */
bool		 debuginfo_registers(struct debuginfo *, uint64_t pc);

/* Whether the module added from path has debug information. */
bool		 debuginfo_has_debug(struct debuginfo *, const char *path);

/*
 * A C++ function's mangled name as it is written, without its parameters
 * ("Computer::Computer"), to free; NULL if name is not a mangled one or
 * cannot be demangled here (debuginfo_demangle.c).
 */
char		*debuginfo_demangle(const char *name);

/* The name of the function containing pc (demangled), or NULL. */
const char	*debuginfo_function(struct debuginfo *, uint64_t pc);

/* The start address of the function containing pc, or 0. */
uint64_t	 debuginfo_function_start(struct debuginfo *, uint64_t pc);

/* True if pc lies in a system library (under /lib or /usr/lib). */
bool		 debuginfo_is_system(struct debuginfo *, uint64_t pc);
/* The file name of the module pc lies in ("libc.so.6"), or NULL. */
const char	*debuginfo_module_name(struct debuginfo *, uint64_t pc);
/*
 * An allocation called from pc is a system library's for itself (pc is in
 * one, and not in a function that allocates for its caller, such as strdup
 * or operator new): the stdio buffers, thread storage, C++'s emergency pool.
 */
bool		 debuginfo_allocates_for_itself(struct debuginfo *, uint64_t pc);

/*
 * The source file and line of pc.  For a return address (a call site) pass
 * pc - 1 so that the line of the call is found.  Returns false if unknown.
 * *file is the full path as recorded in the debug info.
 */
bool		 debuginfo_line(struct debuginfo *, uint64_t pc,
		    const char **file, int *line);

/*
 * True if path is a file that the line tables of the program's debug
 * information name (in the executable and its other modules, system
 * libraries aside), joined to its unit's directory as debuginfo_line
 * gives it.  A trace names files of its own; this is how the viewer knows
 * which of them the program was built from.
 */
bool		 debuginfo_names_source(struct debuginfo *,
		    const char *path);

/*
 * The declared type of the variable or parameter called name that is
 * visible at pc (innermost lexical scope first), or NULL.
 */
const struct model_type *debuginfo_var_type(struct debuginfo *,
		    uint64_t pc, const char *name);

/*
 * The parameters and locals in scope at pc, in declaration order
 * (parameters first), placed for a frame whose canonical frame address is
 * cfa (0: unknown, then every place is unavailable).  The list is the
 * symbols' and lives until the next call.  Static locals are globals.
 */
size_t		 debuginfo_locals(struct debuginfo *, uint64_t pc,
		    uint64_t cfa, const struct model_local **out);

/*
 * The globals and static locals ("function.name") of the module holding
 * lo whose addresses fall in [lo, hi), in declaration order; cached.
 */
size_t		 debuginfo_statics(struct debuginfo *, uint64_t lo,
		    uint64_t hi, const struct model_local **out);

/*
 * The loaded read-only segments of the module holding near (its .rodata:
 * const globals, string literals; with old linkers its code too, which
 * holds no variable), at most max of them, as [lo[i], hi[i]);
 * their bytes are debuginfo_read_only's.  Returns how many.
 */
size_t		 debuginfo_read_only_ranges(struct debuginfo *, uint64_t near,
		    uint64_t *lo, uint64_t *hi, size_t max);

/* The same for a global or static variable at address addr. */
const struct model_type *debuginfo_global_type(struct debuginfo *,
		    uint64_t addr, const char *name);

#endif
