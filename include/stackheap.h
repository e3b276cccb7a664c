/*
 * stackheap.h — annotate a C program so that stackheap can draw it.
 *
 *   SH_VAR(v)          show local variable or parameter v from here until
 *                      its function returns; its value is read at every step
 *   SH_GLOBAL(v)       show a global or static variable for the whole run
 *   SH_STEP()          make a step (a picture) at this line
 *   SH_SAY(fmt, ...)   narration (printf-style) for the latest step
 *
 * The runtime (libstackheap) provides the functions behind these macros.
 * They are weak references: a program built with this header but run
 * without stackheap (or not linked with the runtime at all) runs normally
 * and prints nothing extra.  C11; gcc and clang.
 */
#ifndef STACKHEAP_H
#define STACKHEAP_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Type codes: the base type in the low 5 bits, the pointer depth above.
 * The viewer prefers the debugging information (-g) for the exact type
 * (arrays, structs, typedefs); the code is its fallback.
 */
enum sh_type_code {
	SH_T_UNKNOWN = 0,
	SH_T_BOOL, SH_T_CHAR, SH_T_SCHAR, SH_T_UCHAR,
	SH_T_SHORT, SH_T_USHORT, SH_T_INT, SH_T_UINT,
	SH_T_LONG, SH_T_ULONG, SH_T_LLONG, SH_T_ULLONG,
	SH_T_FLOAT, SH_T_DOUBLE, SH_T_LDOUBLE, SH_T_VOID
};
#define SH_T_BASE_MASK 0x1f
#define SH_T_PTR_SHIFT 5
#define SH_T_PTR1 (1 << SH_T_PTR_SHIFT)
#define SH_T_PTR2 (2 << SH_T_PTR_SHIFT)

#define SH__T(T, c) \
	T: (c), T *: ((c) | SH_T_PTR1), const T *: ((c) | SH_T_PTR1), \
	T **: ((c) | SH_T_PTR2), const T **: ((c) | SH_T_PTR2)

#define SH_TYPE_CODE(v) _Generic((v), \
	SH__T(_Bool, SH_T_BOOL), SH__T(char, SH_T_CHAR), \
	SH__T(signed char, SH_T_SCHAR), SH__T(unsigned char, SH_T_UCHAR), \
	SH__T(short, SH_T_SHORT), SH__T(unsigned short, SH_T_USHORT), \
	SH__T(int, SH_T_INT), SH__T(unsigned int, SH_T_UINT), \
	SH__T(long, SH_T_LONG), SH__T(unsigned long, SH_T_ULONG), \
	SH__T(long long, SH_T_LLONG), SH__T(unsigned long long, SH_T_ULLONG), \
	SH__T(float, SH_T_FLOAT), SH__T(double, SH_T_DOUBLE), \
	SH__T(long double, SH_T_LDOUBLE), \
	void *: (SH_T_VOID | SH_T_PTR1), const void *: (SH_T_VOID | SH_T_PTR1), \
	void **: (SH_T_VOID | SH_T_PTR2), \
	default: SH_T_UNKNOWN)

extern void sh_var(const char *name, const void *addr, unsigned long size,
    unsigned code, const char *file, int line) __attribute__((weak));
extern void sh_global(const char *name, const void *addr, unsigned long size,
    unsigned code, const char *file, int line) __attribute__((weak));
extern void sh_step(const char *file, int line) __attribute__((weak));
extern void sh_say(const char *file, int line, const char *fmt, ...)
    __attribute__((weak, format(printf, 3, 4)));

#define SH_VAR(v) ((sh_var) ? sh_var(#v, (const void *)&(v), sizeof(v), \
	SH_TYPE_CODE(v), __FILE__, __LINE__) : (void)0)
#define SH_GLOBAL(v) ((sh_global) ? sh_global(#v, (const void *)&(v), \
	sizeof(v), SH_TYPE_CODE(v), __FILE__, __LINE__) : (void)0)
#define SH_STEP() ((sh_step) ? sh_step(__FILE__, __LINE__) : (void)0)
#define SH_SAY(...) ((sh_say) ? sh_say(__FILE__, __LINE__, __VA_ARGS__) : (void)0)

#ifdef __cplusplus
}
#endif
#endif
