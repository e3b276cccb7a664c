/*
 * debuginfo_demangle.c — C++ function names as a C++ programmer writes them.
 *
 * libdw has no demangler, and the one every C++ program already uses is
 * the C++ ABI's __cxa_demangle in libstdc++.  stackheap is a C program:
 * linking it with -lstdc++ would make every viewer, and every C user's
 * install, depend on the C++ library for a feature only C++ programs
 * need.  So libstdc++.so.6 is opened at run time, the first time a
 * mangled name is met; where it is not installed, names stay mangled.
 *
 * The views write a function as "name()", as for C: the parameter list,
 * its qualifiers and a template function's return type are left out,
 * so "_ZN8ComputerC1Ei" reads "Computer::Computer" and is drawn
 * "Computer::Computer()".
 */
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/debuginfo.h"

typedef char *(*cxa_demangle_fn)(const char *, char *, size_t *, int *);

static cxa_demangle_fn
demangler(void)
{
	static cxa_demangle_fn fn;
	static bool tried;
	void *lib;

	if (tried)
		return fn;
	tried = true;
	lib = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
	if (lib != NULL)
		*(void **)&fn = dlsym(lib, "__cxa_demangle");
	return fn;	/* the library stays open: fn lives in it */
}

/* Where the balanced "(...)" that ends at s[end - 1] begins, or NULL. */
static const char *
open_paren(const char *s, size_t end)
{
	int depth = 0;

	while (end-- > 0) {
		if (s[end] == ')')
			depth++;
		else if (s[end] == '(' && --depth == 0)
			return s + end;
	}
	return NULL;
}

/*
 * The start of the name in s[0, n): after a return type, the last space
 * outside <> and () (but "operator new" keeps its space).
 */
static const char *
name_start(const char *s, size_t n)
{
	const char *start = s;
	int depth = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '<' || s[i] == '(')
			depth++;
		else if ((s[i] == '>' || s[i] == ')') && depth > 0)
			depth--;
		else if (s[i] == ' ' && depth == 0 &&
		    !(i >= 8 && strncmp(s + i - 8, "operator", 8) == 0))
			start = s + i + 1;
	}
	return start;
}

/* "T f<int>(int&) const" becomes "f<int>"; anything odd stays whole. */
static char *
without_signature(char *full)
{
	const char *end = strrchr(full, ')'), *open, *start;
	char *name;

	if (end == NULL || (open = open_paren(full, (size_t)(end - full) + 1)) ==
	    NULL || open == full)
		return full;
	start = name_start(full, (size_t)(open - full));
	name = strndup(start, (size_t)(open - start));
	if (name == NULL || *name == '\0') {
		free(name);
		return full;
	}
	free(full);
	return name;
}

char *
debuginfo_demangle(const char *name)
{
	cxa_demangle_fn fn;
	char *full;
	int status = -1;

	if (name == NULL || strncmp(name, "_Z", 2) != 0 ||
	    (fn = demangler()) == NULL)
		return NULL;
	full = fn(name, NULL, NULL, &status);
	if (full == NULL || status != 0) {
		free(full);
		return NULL;
	}
	return without_signature(full);
}
