/*
 * model_symbols.h — resolving the raw addresses of a trace: function names,
 * source lines, and the types of registered variables, read from the traced
 * program's ELF symbol tables and DWARF debugging information (elfutils'
 * libdw).  This is the viewer's side of "resolve late": the runtime only
 * ever sends addresses.
 *
 * Every answer is cached per address (or per address and name), so asking
 * again is cheap.  Strings returned belong to the model_symbols and live
 * until model_symbols_free.  A module that cannot be read (missing file, no
 * debug info) simply gives no answers: callers fall back to hex addresses
 * and the SH_VAR type code.
 */
#ifndef MODEL_SYMBOLS_H
#define MODEL_SYMBOLS_H

#include <stdbool.h>
#include <stdint.h>

#include "model_types.h"

struct model_symbols;

/* Types found in debug info are made in (and owned by) types. */
struct model_symbols	*model_symbols_new(struct model_typetab *types);
void			 model_symbols_free(struct model_symbols *);

/*
 * A module (the executable or a shared object) at path, loaded with the
 * given load bias (runtime address = file address + bias).  Adding the
 * same path twice is harmless.
 */
void		 model_symbols_add_module(struct model_symbols *,
		    const char *path, uint64_t bias);

/*
 * Up to n bytes the program's files hold at addr, a read-only address
 * (string literals, const data), into buf; how many, 0 if none.
 */
size_t		 model_symbols_read_only(struct model_symbols *, uint64_t addr,
		    void *buf, size_t n);

/*
 * Whether the module holding pc uses SH_VAR or SH_GLOBAL (it imports
 * them): it shows its registered variables, not every local.
 */
bool		 model_symbols_registers(struct model_symbols *, uint64_t pc);

/* Whether the module added from path has debug information. */
bool		 model_symbols_has_debug(struct model_symbols *, const char *path);

/*
 * A C++ function's mangled name as it is written, without its parameters
 * ("Computer::Computer"), to free; NULL if name is not a mangled one or
 * cannot be demangled here (model_demangle.c).
 */
char		*model_demangle(const char *name);

/* The name of the function containing pc (demangled), or NULL. */
const char	*model_symbols_function(struct model_symbols *, uint64_t pc);

/* The start address of the function containing pc, or 0. */
uint64_t	 model_symbols_function_start(struct model_symbols *, uint64_t pc);

/* True if pc lies in a system library (under /lib or /usr/lib). */
bool		 model_symbols_is_system(struct model_symbols *, uint64_t pc);

/*
 * The source file and line of pc.  For a return address (a call site) pass
 * pc - 1 so that the line of the call is found.  Returns false if unknown.
 * *file is the full path as recorded in the debug info.
 */
bool		 model_symbols_line(struct model_symbols *, uint64_t pc,
		    const char **file, int *line);

/*
 * True if path is a file that the line tables of the program's debug
 * information name (in the executable and its other modules, system
 * libraries aside), joined to its unit's directory as model_symbols_line
 * gives it.  A trace names files of its own; this is how the viewer knows
 * which of them the program was built from.
 */
bool		 model_symbols_names_source(struct model_symbols *,
		    const char *path);

/*
 * The declared type of the variable or parameter called name that is
 * visible at pc (innermost lexical scope first), or NULL.
 */
const struct model_type *model_symbols_var_type(struct model_symbols *,
		    uint64_t pc, const char *name);

/*
 * The parameters and locals in scope at pc, in declaration order
 * (parameters first), placed for a frame whose canonical frame address is
 * cfa (0: unknown, then every place is unavailable).  The list is the
 * symbols' and lives until the next call.  Static locals are globals.
 */
size_t		 model_symbols_locals(struct model_symbols *, uint64_t pc,
		    uint64_t cfa, const struct model_local **out);

/*
 * The globals and static locals ("function.name") of the module holding
 * lo whose addresses fall in [lo, hi), in declaration order; cached.
 */
size_t		 model_symbols_statics(struct model_symbols *, uint64_t lo,
		    uint64_t hi, const struct model_local **out);

/* The same for a global or static variable at address addr. */
const struct model_type *model_symbols_global_type(struct model_symbols *,
		    uint64_t addr, const char *name);

#endif
