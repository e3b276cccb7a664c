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

/*
 * The program's own macros are in force wherever these macros expand (c4
 * says `#define int long long`), and may be before this header is read:
 * so every type the header names is a typedef made here from a literal's
 * type, not a keyword a macro could turn into another type.  Only short,
 * the char types and _Bool have no literal of their own.
 */
typedef __typeof__(0) sh__int;
typedef __typeof__(0U) sh__uint;
typedef __typeof__(0L) sh__long;
typedef __typeof__(0UL) sh__ulong;
typedef __typeof__(0LL) sh__llong;
typedef __typeof__(0ULL) sh__ullong;
typedef __typeof__(0.0F) sh__float;
typedef __typeof__(0.0) sh__double;
typedef __typeof__(0.0L) sh__ldouble;

/* Weak, except where the runtime defines them against these prototypes. */
#ifdef SH__RUNTIME
#define SH__WEAK
#else
#define SH__WEAK __attribute__((weak))
#endif
extern void sh_var(const char *name, const void *addr, sh__ulong size,
    sh__uint code, const char *file, sh__int line) SH__WEAK;
extern void sh_global(const char *name, const void *addr, sh__ulong size,
    sh__uint code, const char *file, sh__int line) SH__WEAK;
extern void sh_step(const char *file, sh__int line) SH__WEAK;
extern void sh_say(const char *file, sh__int line, const char *fmt, ...)
    SH__WEAK __attribute__((format(printf, 3, 4)));
#undef SH__WEAK

#ifdef __cplusplus
}

/* C++ has no _Generic: a template gives the same codes. */
namespace stackheap_detail {
typedef __typeof__(0 == 0) sh_bool;	/* bool in C++ */
typedef __typeof__('a') sh_char;	/* char in C++ */
template <class T> struct code { enum { value = 0 }; };	/* unknown */
template <class T> struct code<const T> : code<T> {};
template <class T> struct code<volatile T> : code<T> {};
template <class T> struct code<const volatile T> : code<T> {};
/* As in C: a known type and up to two pointers to it; an array decays. */
template <class T> struct code<T *> {
	enum { value = (int)code<T>::value == 0 ||
	    ((int)code<T>::value >> SH_T_PTR_SHIFT) >= 2 ? 0 :
	    (int)code<T>::value + SH_T_PTR1 };
};
template <class T> struct code<T[]> : code<T *> {};
template <class T, __SIZE_TYPE__ N> struct code<T[N]> : code<T *> {};
#define SH__CODE(T, c) template <> struct code<T> { enum { value = (int)(c) }; }
SH__CODE(sh_bool, SH_T_BOOL);
SH__CODE(sh_char, SH_T_CHAR);
SH__CODE(signed char, SH_T_SCHAR);
SH__CODE(unsigned char, SH_T_UCHAR);
SH__CODE(short, SH_T_SHORT);
SH__CODE(unsigned short, SH_T_USHORT);
SH__CODE(sh__int, SH_T_INT);
SH__CODE(sh__uint, SH_T_UINT);
SH__CODE(sh__long, SH_T_LONG);
SH__CODE(sh__ulong, SH_T_ULONG);
SH__CODE(sh__llong, SH_T_LLONG);
SH__CODE(sh__ullong, SH_T_ULLONG);
SH__CODE(sh__float, SH_T_FLOAT);
SH__CODE(sh__double, SH_T_DOUBLE);
SH__CODE(sh__ldouble, SH_T_LDOUBLE);
SH__CODE(void, SH_T_VOID);
#undef SH__CODE
}

/* A constant, not a call: no frame or line step of the header's own. */
#define SH_TYPE_CODE(v) \
	((sh__uint)::stackheap_detail::code<__typeof__(v)>::value)
#define SH__ADDR(v) ((const void *)__builtin_addressof(v))
#else

/* char is the type of ((void)0, ""[0]): the comma drops the const that
 * -Wwrite-strings gives ""[0], which would name const char twice. */
#define SH__T(T, c) \
	T: (c), T *: ((c) | SH_T_PTR1), const T *: ((c) | SH_T_PTR1), \
	T **: ((c) | SH_T_PTR2), const T **: ((c) | SH_T_PTR2)

#define SH_TYPE_CODE(v) _Generic((v), \
	SH__T(_Bool, SH_T_BOOL), SH__T(__typeof__(((void)0, ""[0])), SH_T_CHAR), \
	SH__T(signed char, SH_T_SCHAR), SH__T(unsigned char, SH_T_UCHAR), \
	SH__T(short, SH_T_SHORT), SH__T(unsigned short, SH_T_USHORT), \
	SH__T(sh__int, SH_T_INT), SH__T(sh__uint, SH_T_UINT), \
	SH__T(sh__long, SH_T_LONG), SH__T(sh__ulong, SH_T_ULONG), \
	SH__T(sh__llong, SH_T_LLONG), SH__T(sh__ullong, SH_T_ULLONG), \
	SH__T(sh__float, SH_T_FLOAT), SH__T(sh__double, SH_T_DOUBLE), \
	SH__T(sh__ldouble, SH_T_LDOUBLE), \
	void *: (SH_T_VOID | SH_T_PTR1), const void *: (SH_T_VOID | SH_T_PTR1), \
	void **: (SH_T_VOID | SH_T_PTR2), \
	default: SH_T_UNKNOWN)
#define SH__ADDR(v) ((const void *)&(v))
#endif

/*
 * sizeof of the type, not of v: the same size, without gcc's and clang's
 * -Wsizeof-array-argument when v is an array parameter (a pointer).
 */
#define SH_VAR(v) ((sh_var) ? sh_var(#v, SH__ADDR(v), \
	sizeof(__typeof__(v)), SH_TYPE_CODE(v), __FILE__, __LINE__) : (void)0)
#define SH_GLOBAL(v) ((sh_global) ? sh_global(#v, SH__ADDR(v), \
	sizeof(__typeof__(v)), SH_TYPE_CODE(v), __FILE__, __LINE__) : (void)0)
#define SH_STEP() ((sh_step) ? sh_step(__FILE__, __LINE__) : (void)0)
#define SH_SAY(...) ((sh_say) ? sh_say(__FILE__, __LINE__, __VA_ARGS__) : (void)0)

#endif
