/*
 * debuginfo.c — names, lines and types for the addresses of a trace,
 * read with elfutils' libdwfl from the files of the traced program.
 *
 * Modules are reported offline, one at a time, with their load bias, so a
 * runtime address goes straight to dwfl_addrmodule.  Every answer, found or
 * not, is kept in one hash table keyed by what was asked (kind, address,
 * variable name); a miss is forgotten when a module is added, since the new
 * module may know the answer.
 *
 * DWARF types become model_types in the caller's type table.  Each type DIE
 * is translated once and remembered by the address of its bytes in libdw's
 * copy of the section, which is unique across every file libdw has open.
 * Leaf, pointer, array, enum and function pointer types are interned;
 * structs and unions are not: one is made per DIE and remembered before its
 * members are read, so a member that points back to the struct gets the
 * very struct being made.  A typedef of a struct or union is a copy under
 * the typedef's name, completed when the outermost translation ends, since
 * the struct may still be missing its members when the typedef is met.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dwarf.h>
#include <gelf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include "debuginfo/debuginfo.h"
#include "debuginfo/debuginfo_int.h"
#include "util/util_alloc.h"

#define SYMBOLS_MAX_DEPTH	64	/* deeper DWARF types are opaque */

enum symbols_kind {
	SYMBOLS_FUNCTION,	/* key: pc; text: name, value: start */
	SYMBOLS_LINE,		/* key: pc; file, value: line */
	SYMBOLS_FILE,		/* name: a file name, kept once */
	SYMBOLS_SOURCE,		/* name: a file the debug info names */
	SYMBOLS_VAR,		/* key: pc, name; type */
	SYMBOLS_GLOBAL,		/* key: address, name; type */
	SYMBOLS_DIE,		/* key: the DIE's address; type */
	SYMBOLS_DATA		/* key: kind and address (debuginfo_locals.c); data */
};

struct symbols_entry {
	struct symbols_entry	*next;
	enum symbols_kind	 kind;
	uint64_t		 key;
	char			*name;	/* variable or file name, or NULL */
	uint64_t		 hash;

	bool			 found;
	char			*text;
	uint64_t		 value;
	const char		*file;
	const struct model_type	*type;
	void			*data;	/* owned */
};

/* A path added, read or not: it is never read again. */
struct symbols_module {
	struct symbols_module	*next;
	char			*path;
	bool			 dwarf;	/* it has debug information */
};

/* A typedef's copy of a struct or union, to complete later. */
struct symbols_alias {
	struct model_type	*alias;
	const struct model_type	*of;
};

struct debuginfo {
	struct model_typetab	 *types;
	Dwfl			 *dwfl;
	struct symbols_module	 *modules;

	struct symbols_entry	**buckets;
	size_t			  nbuckets;
	size_t			  nentries;

	struct model_local	 *locals;	/* symbols_locals_buffer */
	size_t			  caplocals;

	struct symbols_alias	 *aliases;
	size_t			  naliases;
	size_t			  aliases_size;
	int			  depth;
	bool			  sources_listed;	/* SYMBOLS_SOURCE is whole */
};

static const Dwfl_Callbacks symbols_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static const struct model_type *symbols_type(struct debuginfo *,
		    Dwarf_Die *);

static char *
symbols_xstrdup(const char *s)
{
	size_t	 len = strlen(s) + 1;

	return memcpy(xcalloc(1, len), s, len);
}

struct debuginfo *
debuginfo_new(struct model_typetab *types)
{
	struct debuginfo	*sym;

	sym = xcalloc(1, sizeof *sym);
	sym->types = types;
	sym->nbuckets = 256;	/* the Dwfl comes with the first module */
	sym->buckets = xcalloc(sym->nbuckets, sizeof *sym->buckets);
	return sym;
}

static void
symbols_entry_free(struct symbols_entry *e)
{
	free(e->name);
	free(e->text);
	free(e->data);
	free(e);
}

void
debuginfo_free(struct debuginfo *sym)
{
	struct symbols_entry	*e, *enext;
	struct symbols_module	*m, *mnext;
	size_t			 i;

	if (sym == NULL)
		return;
	for (i = 0; i < sym->nbuckets; i++) {
		for (e = sym->buckets[i]; e != NULL; e = enext) {
			enext = e->next;
			symbols_entry_free(e);
		}
	}
	for (m = sym->modules; m != NULL; m = mnext) {
		mnext = m->next;
		free(m->path);
		free(m);
	}
	if (sym->dwfl != NULL)
		dwfl_end(sym->dwfl);
	free(sym->aliases);
	free(sym->locals);
	free(sym->buckets);
	free(sym);
}

static uint64_t
symbols_hash(enum symbols_kind kind, uint64_t key, const char *name)
{
	uint64_t	h = 0xcbf29ce484222325ULL ^ kind;

	h = (h ^ key) * 0x100000001b3ULL;
	h ^= h >> 29;
	for (; name != NULL && *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 0x100000001b3ULL;
	return h;
}

static struct symbols_entry *
symbols_find(struct debuginfo *sym, enum symbols_kind kind, uint64_t key,
    const char *name)
{
	struct symbols_entry	*e;
	uint64_t		 h = symbols_hash(kind, key, name);

	for (e = sym->buckets[h % sym->nbuckets]; e != NULL; e = e->next) {
		if (e->hash == h && e->kind == kind && e->key == key &&
		    (name == NULL ? e->name == NULL :
		    e->name != NULL && strcmp(e->name, name) == 0))
			return e;
	}
	return NULL;
}

static void
symbols_grow(struct debuginfo *sym)
{
	struct symbols_entry	**buckets, *e, *next;
	size_t			  nbuckets = sym->nbuckets * 2, i;

	buckets = xcalloc(nbuckets, sizeof *buckets);
	for (i = 0; i < sym->nbuckets; i++) {
		for (e = sym->buckets[i]; e != NULL; e = next) {
			next = e->next;
			e->next = buckets[e->hash % nbuckets];
			buckets[e->hash % nbuckets] = e;
		}
	}
	free(sym->buckets);
	sym->buckets = buckets;
	sym->nbuckets = nbuckets;
}

/* A new entry, not found yet; the caller fills in the answer. */
static struct symbols_entry *
symbols_add(struct debuginfo *sym, enum symbols_kind kind, uint64_t key,
    const char *name)
{
	struct symbols_entry	*e;

	if (sym->nentries >= sym->nbuckets)
		symbols_grow(sym);
	e = xcalloc(1, sizeof *e);
	e->kind = kind;
	e->key = key;
	e->name = name != NULL ? symbols_xstrdup(name) : NULL;
	e->hash = symbols_hash(kind, key, name);
	e->next = sym->buckets[e->hash % sym->nbuckets];
	sym->buckets[e->hash % sym->nbuckets] = e;
	sym->nentries++;
	return e;
}

struct model_local *
symbols_locals_buffer(struct debuginfo *sym, size_t n)
{
	if (n > sym->caplocals) {
		free(sym->locals);
		sym->locals = xcalloc(n, sizeof *sym->locals);
		sym->caplocals = n;
	}
	return sym->locals;
}

void *
symbols_data(struct debuginfo *sym, uint64_t key, bool *cached)
{
	struct symbols_entry	*e = symbols_find(sym, SYMBOLS_DATA, key, NULL);

	*cached = e != NULL;
	return e != NULL ? e->data : NULL;
}

void
symbols_keep_data(struct debuginfo *sym, uint64_t key, void *data,
    bool found)
{
	struct symbols_entry	*e = symbols_add(sym, SYMBOLS_DATA, key, NULL);

	e->data = data;
	e->found = found;
}

/* Drop the answers that were not found: a new module may know them. */
static void
symbols_forget_misses(struct debuginfo *sym)
{
	struct symbols_entry	**ep, *e;
	size_t			  i;

	for (i = 0; i < sym->nbuckets; i++) {
		ep = &sym->buckets[i];
		while ((e = *ep) != NULL) {
			if (!e->found) {
				*ep = e->next;
				symbols_entry_free(e);
				sym->nentries--;
			} else
				ep = &e->next;
		}
	}
}

/*
 * With add_p_vaddr true, libdwfl takes bias as the load bias itself
 * (runtime address = file address + bias) whatever the first segment's
 * address; for ET_EXEC it ignores it, as the kernel does.
 */
/*
 * The module's symbol called name, if it has one: whether it is defined
 * (else imported), and its address.
 */
static bool
symbols_named(Dwfl_Module *mod, const char *name, bool *defined,
    GElf_Addr *addr)
{
	int		n = mod != NULL ? dwfl_module_getsymtab(mod) : 0, i;
	GElf_Sym	elfsym;
	const char	*s;

	for (i = 1; i < n; i++) {
		s = dwfl_module_getsym_info(mod, i, &elfsym, addr, NULL, NULL,
		    NULL);
		if (s != NULL && strcmp(s, name) == 0) {
			*defined = elfsym.st_shndx != SHN_UNDEF;
			return true;
		}
	}
	return false;
}

/*
 * Whether the module's main, if it has one, has debug information: a
 * program built with -g0 by stackheap-cc still carries the hooks'.
 */
static bool
symbols_main_described(struct debuginfo *sym, Dwfl_Module *mod)
{
	GElf_Addr	addr;
	Dwarf_Addr	bias;
	bool		defined;

	if (!symbols_named(mod, "main", &defined, &addr) || !defined)
		return true;
	return symbols_cu(sym, addr, &bias) != NULL;
}

void
debuginfo_add_module(struct debuginfo *sym, const char *path,
    uint64_t bias)
{
	struct symbols_module	*m;
	struct stat		 st;
	Dwfl_Module		*mod;
	Dwarf_Addr		 dwbias;

	for (m = sym->modules; m != NULL; m = m->next) {
		if (strcmp(m->path, path) == 0)
			return;
	}
	m = xcalloc(1, sizeof *m);
	m->path = symbols_xstrdup(path);
	m->next = sym->modules;
	sym->modules = m;
	/* a trace names the files; only a regular file is opened (a hostile
	 * trace naming /dev/tty must not hang the viewer) */
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	if (sym->dwfl == NULL && (sym->dwfl = dwfl_begin(&symbols_callbacks)) ==
	    NULL)
		return;

	dwfl_report_begin_add(sym->dwfl);
	mod = dwfl_report_elf(sym->dwfl, path, path, -1, bias, true);
	dwfl_report_end(sym->dwfl, NULL, NULL);
	if (mod != NULL) {
		m->dwarf = dwfl_module_getdwarf(mod, &dwbias) != NULL &&
		    symbols_main_described(sym, mod);
		symbols_forget_misses(sym);
		sym->sources_listed = false;
	}
}

bool
debuginfo_registers(struct debuginfo *sym, uint64_t pc)
{
	Dwfl_Module	*mod = symbols_module(sym, pc);
	GElf_Addr	 addr;
	bool		 defined;

	return (symbols_named(mod, "sh_var", &defined, &addr) && !defined) ||
	    (symbols_named(mod, "sh_global", &defined, &addr) && !defined);
}

bool
debuginfo_has_debug(struct debuginfo *sym, const char *path)
{
	struct symbols_module	*m;

	for (m = sym->modules; m != NULL; m = m->next)
		if (strcmp(m->path, path) == 0)
			return m->dwarf;
	return false;
}

Dwfl_Module *
symbols_module(struct debuginfo *sym, uint64_t pc)
{
	if (sym->dwfl == NULL)
		return NULL;
	return dwfl_addrmodule(sym->dwfl, pc);
}

/* The file's bytes of [addr, addr + n) in the loaded segment ph, if there. */
static size_t
segment_bytes(Elf *elf, const GElf_Phdr *ph, GElf_Addr bias, uint64_t addr,
    void *buf, size_t n)
{
	uint64_t lo = ph->p_vaddr + bias, off;
	Elf_Data *data;

	if (addr < lo || addr - lo >= ph->p_filesz)
		return 0;
	off = addr - lo;
	if (n > ph->p_filesz - off)
		n = (size_t)(ph->p_filesz - off);
	data = elf_getdata_rawchunk(elf, (int64_t)(ph->p_offset + off), n,
	    ELF_T_BYTE);
	if (data == NULL || data->d_buf == NULL)
		return 0;
	memcpy(buf, data->d_buf, n);
	return n;
}

/* Puts the 8-byte value v, stored at at, into buf = [addr, addr + n). */
static void
put_word(uint8_t *buf, uint64_t addr, size_t n, uint64_t at, uint64_t v)
{
	uint8_t word[8];
	size_t i;

	memcpy(word, &v, sizeof word);
	for (i = 0; i < sizeof word; i++)
		if (at + i >= addr && at + i < addr + n)
			buf[at + i - addr] = word[i];
}

/*
 * Relocated read-only data (.data.rel.ro: a const table of pointers in a
 * position-independent program) as the loader left it: the file's bytes
 * with each relative relocation applied, the load bias plus its addend.
 * Any other relocation there names another module's symbol, whose
 * address the viewer does not know: then false, and nothing is shown.
 */
static bool
relocate(Elf *elf, GElf_Addr bias, uint64_t addr, uint8_t *buf, size_t n)
{
	GElf_Ehdr eh;
	GElf_Shdr sh;
	GElf_Rela r;
	Elf_Scn *scn = NULL;
	Elf_Data *d;
	size_t i, count;

	if (gelf_getehdr(elf, &eh) == NULL || eh.e_machine != EM_X86_64)
		return false;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_RELA ||
		    sh.sh_entsize == 0 || (d = elf_getdata(scn, NULL)) == NULL)
			continue;
		count = (size_t)(sh.sh_size / sh.sh_entsize);
		for (i = 0; i < count; i++) {
			if (gelf_getrela(d, (int)i, &r) == NULL)
				return false;
			if (r.r_offset + bias + 8 <= addr ||
			    r.r_offset + bias >= addr + n)
				continue;
			if (GELF_R_TYPE(r.r_info) != R_X86_64_RELATIVE)
				return false;
			put_word(buf, addr, n, r.r_offset + bias,
			    bias + (uint64_t)r.r_addend);
		}
	}
	return true;
}

/* The RELRO range of the module's file holding addr: its bytes, relocated. */
static size_t
relro_bytes(Elf *elf, GElf_Addr bias, size_t nph, uint64_t addr, void *buf,
    size_t n)
{
	GElf_Phdr relro, ph;
	size_t i, got = 0;
	uint64_t lo;

	for (i = 0; i < nph; i++)
		if (gelf_getphdr(elf, (int)i, &relro) != NULL &&
		    relro.p_type == PT_GNU_RELRO)
			break;
	lo = relro.p_vaddr + bias;
	if (i == nph || addr < lo || addr - lo >= relro.p_memsz)
		return 0;
	if (n > relro.p_memsz - (addr - lo))
		n = (size_t)(relro.p_memsz - (addr - lo));
	for (i = 0; i < nph && got == 0; i++)
		if (gelf_getphdr(elf, (int)i, &ph) != NULL &&
		    ph.p_type == PT_LOAD)
			got = segment_bytes(elf, &ph, bias, addr, buf, n);
	return got > 0 && relocate(elf, bias, addr, buf, got) ? got : 0;
}

/*
 * What the program's files hold at a read-only address (string literals,
 * const data): the bytes of a loaded segment that the process cannot
 * have changed, read from the file; or of its relocated read-only part,
 * relocated as the loader does.  At most n bytes, up to the segment's
 * end; 0 if addr is not in one.
 */
size_t
debuginfo_read_only(struct debuginfo *sym, uint64_t addr, void *buf,
    size_t n)
{
	Dwfl_Module	*mod = symbols_module(sym, addr);
	GElf_Addr	 bias;
	GElf_Phdr	 ph;
	Elf		*elf;
	size_t		 nph, i, got;

	if (mod == NULL || (elf = dwfl_module_getelf(mod, &bias)) == NULL ||
	    elf_getphdrnum(elf, &nph) != 0)
		return 0;
	for (i = 0; i < nph; i++)
		if (gelf_getphdr(elf, (int)i, &ph) != NULL &&
		    ph.p_type == PT_LOAD && !(ph.p_flags & PF_W) &&
		    (got = segment_bytes(elf, &ph, bias, addr, buf, n)) > 0)
			return got;
	return relro_bytes(elf, bias, nph, addr, buf, n);
}

size_t
debuginfo_read_only_ranges(struct debuginfo *sym, uint64_t near, uint64_t *lo,
    uint64_t *hi, size_t max)
{
	Dwfl_Module	*mod = symbols_module(sym, near);
	GElf_Addr	 bias;
	GElf_Phdr	 ph;
	Elf		*elf;
	size_t		 nph, i, n = 0;

	if (mod == NULL || (elf = dwfl_module_getelf(mod, &bias)) == NULL ||
	    elf_getphdrnum(elf, &nph) != 0)
		return 0;
	for (i = 0; i < nph && n < max; i++) {
		if (gelf_getphdr(elf, (int)i, &ph) == NULL ||
		    !((ph.p_type == PT_LOAD && !(ph.p_flags & PF_W) &&
		    ph.p_filesz > 0) || ph.p_type == PT_GNU_RELRO))
			continue;
		lo[n] = ph.p_vaddr + bias;
		hi[n] = lo[n] + (ph.p_type == PT_LOAD ? ph.p_filesz : ph.p_memsz);
		n++;
	}
	return n;
}

/*
 * System libraries (libc and friends) are where the program's calls end
 * up, not where the learner's code is: a call site is better named by the
 * first frame outside them.
 */
static bool
symbols_module_is_system(Dwfl_Module *mod)
{
	static const char *const prefixes[] = {
		"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/"
	};
	const char	*name;
	size_t		 i;

	name = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	for (i = 0; name != NULL && i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

bool
debuginfo_is_system(struct debuginfo *sym, uint64_t pc)
{
	Dwfl_Module	*mod = symbols_module(sym, pc);

	return mod != NULL && symbols_module_is_system(mod);
}

const char *
debuginfo_module_name(struct debuginfo *sym, uint64_t pc)
{
	Dwfl_Module	*mod = symbols_module(sym, pc);
	const char	*name, *slash;

	if (mod == NULL)
		return NULL;
	name = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	if (name == NULL)
		return NULL;
	slash = strrchr(name, '/');
	return slash != NULL ? slash + 1 : name;
}

static struct symbols_entry *
symbols_function_entry(struct debuginfo *sym, uint64_t pc)
{
	struct symbols_entry	*e;
	Dwfl_Module		*mod;
	GElf_Off		 offset;
	GElf_Sym		 elfsym;
	const char		*name;

	if ((e = symbols_find(sym, SYMBOLS_FUNCTION, pc, NULL)) != NULL)
		return e;
	e = symbols_add(sym, SYMBOLS_FUNCTION, pc, NULL);
	if ((mod = symbols_module(sym, pc)) == NULL)
		return e;
	name = dwfl_module_addrinfo(mod, pc, &offset, &elfsym, NULL, NULL, NULL);
	if (name != NULL) {
		e->found = true;
		e->text = debuginfo_demangle(name);
		if (e->text == NULL)
			e->text = symbols_xstrdup(name);
		e->value = pc - offset;
	}
	return e;
}

const char *
debuginfo_function(struct debuginfo *sym, uint64_t pc)
{
	return symbols_function_entry(sym, pc)->text;
}

uint64_t
debuginfo_function_start(struct debuginfo *sym, uint64_t pc)
{
	return symbols_function_entry(sym, pc)->value;
}

/*
 * The compile unit containing pc, and the bias to subtract from pc for a
 * DWARF address.  libdwfl finds it through .debug_aranges, which clang
 * does not write; then each unit is asked whether its ranges hold pc.
 */
Dwarf_Die *
symbols_cu(struct debuginfo *sym, uint64_t pc, Dwarf_Addr *bias)
{
	Dwfl_Module	*mod;
	Dwarf_Die	*cudie = NULL;

	if ((mod = symbols_module(sym, pc)) == NULL)
		return NULL;
	if ((cudie = dwfl_module_addrdie(mod, pc, bias)) != NULL)
		return cudie;
	while ((cudie = dwfl_module_nextcu(mod, cudie, bias)) != NULL) {
		if (dwarf_haspc(cudie, pc - *bias) == 1)
			return cudie;
	}
	return NULL;
}

/* The one copy of a file name, shared by every line in the file. */
const char *
symbols_file(struct debuginfo *sym, const char *name)
{
	struct symbols_entry	*e;

	if ((e = symbols_find(sym, SYMBOLS_FILE, 0, name)) == NULL) {
		e = symbols_add(sym, SYMBOLS_FILE, 0, name);
		e->found = true;
	}
	return e->name;
}

/*
 * The full path of a file of the unit, in a new string.  libdw 0.188
 * joins a DWARF 5 file name to its directory but leaves a relative
 * directory ("tests", as gcc writes) relative, so it is put under the
 * unit's DW_AT_comp_dir.  A relative DW_AT_comp_dir (from
 * -fdebug-prefix-map) is already in the name libdw gives.
 */
static char *
symbols_cu_path(Dwarf_Die *cudie, const char *src)
{
	Dwarf_Attribute	 attr;
	const char	*dir;
	char		*path;
	size_t		 dlen, slen;

	dir = dwarf_formstring(dwarf_attr(cudie, DW_AT_comp_dir, &attr));
	if (*src == '/' || dir == NULL || *dir != '/')
		return symbols_xstrdup(src);
	dlen = strlen(dir);
	slen = strlen(src);
	path = xcalloc(1, dlen + slen + 2);
	memcpy(path, dir, dlen);
	path[dlen] = '/';
	memcpy(path + dlen + 1, src, slen);
	return path;
}

/* The full path of a line's file. */
static const char *
symbols_line_file(struct debuginfo *sym, Dwarf_Die *cudie,
    const char *src)
{
	char		*path = symbols_cu_path(cudie, src);
	const char	*file = symbols_file(sym, path);

	free(path);
	return file;
}

static void
symbols_add_source(struct debuginfo *sym, const char *path)
{
	symbols_add(sym, SYMBOLS_SOURCE, 0, path)->found = true;
}

/* Every file in the line table of each of the module's units. */
static int
symbols_list_module_sources(Dwfl_Module *mod, void **userdata,
    const char *name, Dwarf_Addr start, void *arg)
{
	struct debuginfo	*sym = arg;
	Dwarf_Die		*cudie = NULL;
	Dwarf_Files		*files;
	Dwarf_Addr		 bias;
	const char		*src;
	char			*path;
	size_t			 nfiles, i;

	if (symbols_module_is_system(mod))
		return DWARF_CB_OK;
	while ((cudie = dwfl_module_nextcu(mod, cudie, &bias)) != NULL) {
		if (dwarf_getsrcfiles(cudie, &files, &nfiles) != 0)
			continue;
		for (i = 0; i < nfiles; i++) {
			if ((src = dwarf_filesrc(files, i, NULL, NULL)) == NULL)
				continue;
			path = symbols_cu_path(cudie, src);
			if (symbols_find(sym, SYMBOLS_SOURCE, 0, path) == NULL)
				symbols_add_source(sym, path);
			free(path);
		}
	}
	return DWARF_CB_OK;
}

/*
 * Listed once, when first asked after a module came; system libraries
 * are left out: their sources are not the program's, and their debug
 * info, where installed, is large.
 */
bool
debuginfo_names_source(struct debuginfo *sym, const char *path)
{
	if (sym->dwfl == NULL)
		return false;
	if (!sym->sources_listed) {
		dwfl_getmodules(sym->dwfl, symbols_list_module_sources, sym, 0);
		sym->sources_listed = true;
	}
	return symbols_find(sym, SYMBOLS_SOURCE, 0, path) != NULL;
}

bool
debuginfo_line(struct debuginfo *sym, uint64_t pc, const char **file,
    int *line)
{
	struct symbols_entry	*e;
	Dwarf_Die		*cudie;
	Dwarf_Addr		 bias;
	Dwarf_Line		*l;
	const char		*src;
	int			 lineno;

	if ((e = symbols_find(sym, SYMBOLS_LINE, pc, NULL)) == NULL) {
		e = symbols_add(sym, SYMBOLS_LINE, pc, NULL);
		if ((cudie = symbols_cu(sym, pc, &bias)) != NULL &&
		    (l = dwarf_getsrc_die(cudie, pc - bias)) != NULL &&
		    (src = dwarf_linesrc(l, NULL, NULL)) != NULL &&
		    dwarf_lineno(l, &lineno) == 0) {
			e->found = true;
			e->file = symbols_line_file(sym, cudie, src);
			e->value = lineno;
		}
	}
	if (!e->found)
		return false;
	*file = e->file;
	*line = e->value;
	return true;
}

/* The DIE that die's DW_AT_type names; false for none (void). */
static bool
symbols_type_die(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute	attr;

	if (dwarf_attr_integrate(die, DW_AT_type, &attr) == NULL)
		return false;
	return dwarf_formref_die(&attr, type) != NULL;
}

/* The model_type of die's DW_AT_type, or NULL for void. */
const struct model_type *
symbols_type_of(struct debuginfo *sym, Dwarf_Die *die)
{
	Dwarf_Die	type;

	if (!symbols_type_die(die, &type))
		return NULL;
	return symbols_type(sym, &type);
}

const char *
symbols_name(Dwarf_Die *die)
{
	Dwarf_Attribute	attr;

	return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

static bool
symbols_udata(Dwarf_Die *die, int name, Dwarf_Word *value)
{
	Dwarf_Attribute	attr;

	if (dwarf_attr_integrate(die, name, &attr) == NULL)
		return false;
	return dwarf_formudata(&attr, value) == 0;
}

static size_t
symbols_size(Dwarf_Die *die)
{
	Dwarf_Word	size;

	if (dwarf_aggregate_size(die, &size) != 0)
		return 0;
	return size;
}

/* prefix and name joined, in the type table ("struct " and "point"). */
static const char *
symbols_prefixed(struct debuginfo *sym, const char *prefix,
    const char *name)
{
	size_t	 plen = strlen(prefix), nlen = strlen(name);
	char	*s;

	s = model_typetab_alloc(sym->types, plen + nlen + 1);
	memcpy(s, prefix, plen);
	memcpy(s + plen, name, nlen + 1);
	return s;
}

static const struct model_type *
symbols_opaque(struct debuginfo *sym, Dwarf_Die *die)
{
	struct model_type	 proto = { .kind = MT_OPAQUE };

	proto.size = symbols_size(die);
	if ((proto.name = symbols_name(die)) == NULL)
		return model_type_bytes(sym->types, proto.size);
	return model_type_intern(sym->types, &proto);
}

/* gcc's names for integer types, as they are usually written. */
static const char *
symbols_c_name(const char *name)
{
	static const char *const names[][2] = {
		{ "short int", "short" },
		{ "short unsigned int", "unsigned short" },
		{ "long int", "long" },
		{ "long unsigned int", "unsigned long" },
		{ "long long int", "long long" },
		{ "long long unsigned int", "unsigned long long" },
		{ "__int128 unsigned", "unsigned __int128" },
	};
	size_t	i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i][0]) == 0)
			return names[i][1];
	}
	return name;
}

static const struct model_type *
symbols_base(struct debuginfo *sym, Dwarf_Die *die)
{
	struct model_type	 proto = { 0 };
	Dwarf_Word		 encoding;
	bool			 plain_char;

	if ((proto.name = symbols_name(die)) == NULL ||
	    !symbols_udata(die, DW_AT_encoding, &encoding))
		return symbols_opaque(sym, die);
	plain_char = strcmp(proto.name, "char") == 0;
	switch (encoding) {
	case DW_ATE_boolean:
		proto.kind = MT_BOOL;
		break;
	case DW_ATE_signed_char:
	case DW_ATE_unsigned_char:
		if (plain_char)
			proto.kind = MT_CHAR;
		else if (encoding == DW_ATE_signed_char)
			proto.kind = MT_SINT;
		else
			proto.kind = MT_UINT;
		break;
	case DW_ATE_signed:
		proto.kind = MT_SINT;
		break;
	case DW_ATE_unsigned:
	case DW_ATE_UTF:
		proto.kind = MT_UINT;
		break;
	case DW_ATE_float:
		proto.kind = MT_FLOAT;
		break;
	default:
		return symbols_opaque(sym, die);
	}
	proto.size = symbols_size(die);
	proto.name = symbols_c_name(proto.name);
	return model_type_intern(sym->types, &proto);
}

/* Complete the typedefs of structs made while the structs were. */
static void
symbols_fix_aliases(struct debuginfo *sym)
{
	struct symbols_alias	*a;
	const char		*name;
	size_t			 i;

	for (i = 0; i < sym->naliases; i++) {
		a = &sym->aliases[i];
		name = a->alias->name;
		*a->alias = *a->of;
		a->alias->name = name;
	}
	sym->naliases = 0;
}

static const struct model_type *
symbols_alias_struct(struct debuginfo *sym, const struct model_type *of,
    const char *name)
{
	struct model_type	*alias;

	if (sym->naliases == sym->aliases_size) {
		sym->aliases_size = sym->aliases_size * 2 + 8;
		sym->aliases = xrealloc(sym->aliases,
		    sym->aliases_size * sizeof *sym->aliases);
	}
	alias = model_typetab_alloc(sym->types, sizeof *alias);
	*alias = *of;
	alias->name = model_typetab_strdup(sym->types, name);
	sym->aliases[sym->naliases].alias = alias;
	sym->aliases[sym->naliases].of = of;
	sym->naliases++;
	return alias;
}

/*
 * A typedef names its type when that type has a name of its own (point_t,
 * uint32_t); pointer, array and function pointer typedefs are spelled out,
 * so that their names show the pointee or element.
 */
static const struct model_type *
symbols_typedef(struct debuginfo *sym, Dwarf_Die *die)
{
	const struct model_type	*t = symbols_type_of(sym, die);
	struct model_type	 proto;
	const char		*name = symbols_name(die);

	if (t == NULL || name == NULL || t->kind == MT_POINTER ||
	    t->kind == MT_FUNCPTR || t->kind == MT_ARRAY)
		return t;
	if (t->kind == MT_STRUCT || t->kind == MT_UNION)
		return symbols_alias_struct(sym, t, name);
	proto = *t;
	proto.name = name;
	return model_type_intern(sym->types, &proto);
}

/* "ret (*)(params)", from a DW_TAG_subroutine_type. */
static const struct model_type *
symbols_funcptr(struct debuginfo *sym, Dwarf_Die *die)
{
	struct model_type	 proto = { .kind = MT_FUNCPTR };
	const struct model_type	*t;
	const char		*ret, *space, *sep = "";
	Dwarf_Die		 child;
	FILE			*f;
	char			*name = NULL;
	size_t			 len;

	t = symbols_type_of(sym, die);
	ret = t != NULL ? t->name : "void";
	space = *ret != '\0' && ret[strlen(ret) - 1] == '*' ? "" : " ";
	if ((f = open_memstream(&name, &len)) == NULL)
		return model_type_bytes(sym->types, sizeof (void (*)(void)));
	fprintf(f, "%s%s(*)(", ret, space);
	if (dwarf_child(die, &child) == 0) {
		do {
			if (dwarf_tag(&child) == DW_TAG_formal_parameter) {
				t = symbols_type_of(sym, &child);
				fprintf(f, "%s%s", sep,
				    t != NULL ? t->name : "void");
				sep = ", ";
			} else if (dwarf_tag(&child) ==
			    DW_TAG_unspecified_parameters) {
				fprintf(f, "%s...", sep);
				sep = ", ";
			}
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	if (*sep == '\0' && dwarf_hasattr(die, DW_AT_prototyped))
		fputs("void", f);
	fputs(")", f);
	fclose(f);

	proto.size = sizeof (void (*)(void));
	proto.name = name;
	t = model_type_intern(sym->types, &proto);
	free(name);
	return t;
}

static const struct model_type *
symbols_pointer(struct debuginfo *sym, Dwarf_Die *die)
{
	Dwarf_Die	target, peeled;

	if (!symbols_type_die(die, &target))
		return model_type_pointer_to(sym->types, NULL);
	if (dwarf_peel_type(&target, &peeled) == 0 &&
	    dwarf_tag(&peeled) == DW_TAG_subroutine_type)
		return symbols_funcptr(sym, &peeled);
	return model_type_pointer_to(sym->types, symbols_type(sym, &target));
}

/* Elements in one dimension: 0 when unknown (flexible, variable). */
static size_t
symbols_subrange_count(Dwarf_Die *subrange)
{
	Dwarf_Word	count, upper;

	if (symbols_udata(subrange, DW_AT_count, &count))
		return count;
	if (symbols_udata(subrange, DW_AT_upper_bound, &upper) &&
	    upper != (Dwarf_Word)-1)
		return upper + 1;
	return 0;
}

static bool
symbols_next_subrange(Dwarf_Die *die)
{
	while (dwarf_siblingof(die, die) == 0) {
		if (dwarf_tag(die) == DW_TAG_subrange_type)
			return true;
	}
	return false;
}

/* The array whose first dimension is subrange: int[2][3] is 2 int[3]. */
static const struct model_type *
symbols_dimensions(struct debuginfo *sym, Dwarf_Die *subrange,
    const struct model_type *elem)
{
	Dwarf_Die		 next = *subrange;
	const struct model_type	*t = elem;

	if (symbols_next_subrange(&next))
		t = symbols_dimensions(sym, &next, elem);
	return model_type_array_of(sym->types, t,
	    symbols_subrange_count(subrange));
}

static const struct model_type *
symbols_array(struct debuginfo *sym, Dwarf_Die *die)
{
	const struct model_type	*elem = symbols_type_of(sym, die);
	Dwarf_Die		 child;

	if (dwarf_child(die, &child) != 0)
		return model_type_array_of(sym->types, elem, 0);
	if (dwarf_tag(&child) != DW_TAG_subrange_type &&
	    !symbols_next_subrange(&child))
		return model_type_array_of(sym->types, elem, 0);
	return symbols_dimensions(sym, &child, elem);
}

static size_t
symbols_count_children(Dwarf_Die *die, int tag)
{
	Dwarf_Die	child;
	size_t		n = 0;

	if (dwarf_child(die, &child) != 0)
		return 0;
	do {
		if (dwarf_tag(&child) == tag)
			n++;
	} while (dwarf_siblingof(&child, &child) == 0);
	return n;
}

/* A constant offset, or the DWARF 2 form: DW_OP_plus_uconst n. */
static size_t
symbols_member_offset(Dwarf_Die *member)
{
	Dwarf_Attribute	 attr;
	Dwarf_Word	 offset;
	Dwarf_Op	*ops;
	size_t		 nops;

	if (dwarf_attr_integrate(member, DW_AT_data_member_location,
	    &attr) != NULL) {
		if (dwarf_formudata(&attr, &offset) == 0)
			return offset;
		if (dwarf_getlocation(&attr, &ops, &nops) == 0 && nops == 1 &&
		    ops[0].atom == DW_OP_plus_uconst)
			return ops[0].number;
		return 0;
	}
	if (symbols_udata(member, DW_AT_data_bit_offset, &offset))
		return offset / 8;
	return 0;
}

/*
 * A bit-field's size and place, in bits above its byte offset: DWARF 4+
 * counts DW_AT_data_bit_offset from the struct's start; DWARF 2 counts
 * DW_AT_bit_offset from the most significant bit of a DW_AT_byte_size
 * storage unit at the member's location (little-endian here).
 */
static void
symbols_bit_field(Dwarf_Die *member, struct model_field *f)
{
	Dwarf_Word	size, offset, unit;

	if (!symbols_udata(member, DW_AT_bit_size, &size) || size == 0 ||
	    size > 64)
		return;
	if (symbols_udata(member, DW_AT_data_bit_offset, &offset)) {
		f->offset = offset / 8;
		f->bit_offset = offset % 8;
	} else if (symbols_udata(member, DW_AT_bit_offset, &offset) &&
	    symbols_udata(member, DW_AT_byte_size, &unit) &&
	    unit * 8 >= offset + size) {
		f->bit_offset = (uint16_t)(unit * 8 - offset - size);
	} else {
		return;
	}
	f->bit_size = (uint16_t)size;
}

static void
symbols_remember(struct debuginfo *sym, Dwarf_Die *die,
    const struct model_type *t)
{
	struct symbols_entry	*e;

	e = symbols_add(sym, SYMBOLS_DIE, (uintptr_t)die->addr, NULL);
	e->found = true;
	e->type = t;
}

static const struct model_type *
symbols_struct(struct debuginfo *sym, Dwarf_Die *die)
{
	struct model_type	*t;
	struct model_field	*fields;
	const char		*tag;
	Dwarf_Die		 child;
	size_t			 count, n = 0;

	t = model_typetab_alloc(sym->types, sizeof *t);
	t->kind = dwarf_tag(die) == DW_TAG_union_type ? MT_UNION : MT_STRUCT;
	t->size = symbols_size(die);
	tag = t->kind == MT_UNION ? "union " : "struct ";
	t->name = symbols_prefixed(sym, tag,
	    symbols_name(die) != NULL ? symbols_name(die) : "<anonymous>");
	symbols_remember(sym, die, t);

	if ((count = symbols_count_children(die, DW_TAG_member)) == 0)
		return t;
	fields = model_typetab_alloc(sym->types, count * sizeof *fields);
	if (dwarf_child(die, &child) == 0) {
		do {
			if (dwarf_tag(&child) != DW_TAG_member || n == count)
				continue;
			fields[n].name = model_typetab_strdup(sym->types,
			    symbols_name(&child));
			fields[n].offset = symbols_member_offset(&child);
			fields[n].type = symbols_type_of(sym, &child);
			fields[n].bit_offset = fields[n].bit_size = 0;
			symbols_bit_field(&child, &fields[n]);
			n++;
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	t->fields = fields;
	t->nfields = n;
	return t;
}

static const struct model_type *
symbols_enum(struct debuginfo *sym, Dwarf_Die *die)
{
	struct model_type	 proto = { .kind = MT_ENUM };
	struct model_enumerator	*e;
	Dwarf_Attribute		 attr;
	Dwarf_Sword		 value;
	Dwarf_Die		 child;
	size_t			 n;

	proto.size = symbols_size(die);
	proto.name = symbols_prefixed(sym, "enum ",
	    symbols_name(die) != NULL ? symbols_name(die) : "<anonymous>");
	n = symbols_count_children(die, DW_TAG_enumerator);
	e = model_typetab_alloc(sym->types, n * sizeof *e);
	if (n > 0 && dwarf_child(die, &child) == 0) {
		do {
			if (dwarf_tag(&child) != DW_TAG_enumerator ||
			    proto.nenumerators == n)
				continue;
			if (dwarf_formsdata(dwarf_attr(&child,
			    DW_AT_const_value, &attr), &value) != 0)
				value = 0;
			e[proto.nenumerators].name = model_typetab_strdup(
			    sym->types, symbols_name(&child));
			e[proto.nenumerators].value = value;
			proto.nenumerators++;
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	proto.enumerators = e;
	return model_type_intern(sym->types, &proto);
}

static const struct model_type *
symbols_translate(struct debuginfo *sym, Dwarf_Die *die)
{
	switch (dwarf_tag(die)) {
	case DW_TAG_base_type:
		return symbols_base(sym, die);
	case DW_TAG_typedef:
		return symbols_typedef(sym, die);
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		return symbols_type_of(sym, die);
	case DW_TAG_pointer_type:
		return symbols_pointer(sym, die);
	case DW_TAG_array_type:
		return symbols_array(sym, die);
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
		return symbols_struct(sym, die);
	case DW_TAG_enumeration_type:
		return symbols_enum(sym, die);
	default:
		return symbols_opaque(sym, die);
	}
}

/* The model_type of a type DIE, translated once. */
static const struct model_type *
symbols_type(struct debuginfo *sym, Dwarf_Die *die)
{
	struct symbols_entry	*e;
	const struct model_type	*t;
	uint64_t		 key = (uintptr_t)die->addr;

	if ((e = symbols_find(sym, SYMBOLS_DIE, key, NULL)) != NULL)
		return e->type;
	if (sym->depth >= SYMBOLS_MAX_DEPTH)
		return model_type_bytes(sym->types, 0);

	sym->depth++;
	t = symbols_translate(sym, die);
	sym->depth--;
	if (symbols_find(sym, SYMBOLS_DIE, key, NULL) == NULL)
		symbols_remember(sym, die, t);
	if (sym->depth == 0)
		symbols_fix_aliases(sym);
	return t;
}

static bool
symbols_is_variable(Dwarf_Die *die, const char *name)
{
	const char	*dname;

	if (dwarf_tag(die) != DW_TAG_variable &&
	    dwarf_tag(die) != DW_TAG_formal_parameter)
		return false;
	return (dname = symbols_name(die)) != NULL && strcmp(dname, name) == 0;
}

/* The variable or parameter called name declared directly in scope. */
static bool
symbols_scope_variable(Dwarf_Die *scope, const char *name, Dwarf_Die *var)
{
	if (dwarf_child(scope, var) != 0)
		return false;
	do {
		if (symbols_is_variable(var, name))
			return true;
	} while (dwarf_siblingof(var, var) == 0);
	return false;
}

const struct model_type *
debuginfo_var_type(struct debuginfo *sym, uint64_t pc,
    const char *name)
{
	struct symbols_entry	*e;
	Dwarf_Die		*cudie, *scopes = NULL, var;
	Dwarf_Addr		 bias;
	int			 n, i;

	if (name == NULL)
		return NULL;
	if ((e = symbols_find(sym, SYMBOLS_VAR, pc, name)) != NULL)
		return e->type;
	e = symbols_add(sym, SYMBOLS_VAR, pc, name);
	if ((cudie = symbols_cu(sym, pc, &bias)) == NULL)
		return NULL;
	n = dwarf_getscopes(cudie, pc - bias, &scopes);
	for (i = 0; i < n; i++) {
		if (symbols_scope_variable(&scopes[i], name, &var)) {
			e->found = true;
			e->type = symbols_type_of(sym, &var);
			break;
		}
	}
	free(scopes);
	return e->type;
}

/* The file address of a variable at a fixed place, from DW_AT_location. */
bool
symbols_var_address(Dwarf_Die *var, Dwarf_Addr *addr)
{
	Dwarf_Attribute	 attr, result;
	Dwarf_Op	*ops;
	size_t		 nops;

	if (dwarf_attr_integrate(var, DW_AT_location, &attr) == NULL ||
	    dwarf_getlocation(&attr, &ops, &nops) != 0 || nops != 1)
		return false;
	if (ops[0].atom == DW_OP_addr) {
		*addr = ops[0].number;
		return true;
	}
	if (ops[0].atom == DW_OP_addrx || ops[0].atom == DW_OP_GNU_addr_index)
		return dwarf_getlocation_attr(&attr, &ops[0], &result) == 0 &&
		    dwarf_formaddr(&result, addr) == 0;
	return false;
}

/*
 * A search for a global: the variable at the address wins; without one,
 * the first definition with the name, or failing that a declaration.
 */
struct symbols_global {
	const char	*name;
	bool		 by_address;	/* false: the address is in no module */
	uint64_t	 addr;		/* runtime address */
	bool		 exact;		/* var is the one at addr */
	bool		 found;		/* var has the name, at least */
	Dwarf_Die	 var;
	Dwarf_Addr	 bias;		/* of the unit searched */
};

static void
symbols_consider_global(Dwarf_Die *var, struct symbols_global *g)
{
	Dwarf_Addr	addr;

	if (g->by_address && symbols_var_address(var, &addr) &&
	    addr + g->bias == g->addr) {
		g->var = *var;
		g->exact = g->found = true;
	} else if (!g->found || (dwarf_hasattr(&g->var, DW_AT_declaration) &&
	    !dwarf_hasattr(var, DW_AT_declaration))) {
		g->var = *var;
		g->found = true;
	}
}

bool
symbols_each_child(Dwarf_Die *scope, symbols_visit visit, void *arg)
{
	Dwarf_Die	child;

	if (dwarf_child(scope, &child) != 0)
		return true;
	do {
		if (!visit(&child, dwarf_tag(&child), arg))
			return false;
	} while (dwarf_siblingof(&child, &child) == 0);
	return true;
}

/* A variable of a scope, or its functions and blocks, where static locals live. */
static bool
symbols_search_child(Dwarf_Die *child, int tag, void *arg)
{
	struct symbols_global *g = arg;

	if (tag == DW_TAG_subprogram || tag == DW_TAG_lexical_block)
		return symbols_each_child(child, symbols_search_child, g);
	if (tag == DW_TAG_variable && symbols_is_variable(child, g->name))
		symbols_consider_global(child, g);
	return !g->exact;
}

static void
symbols_search_module(Dwfl_Module *mod, struct symbols_global *g)
{
	Dwarf_Die	*cudie = NULL;
	Dwarf_Addr	 bias;

	while (!g->exact &&
	    (cudie = dwfl_module_nextcu(mod, cudie, &bias)) != NULL) {
		g->bias = bias;
		symbols_each_child(cudie, symbols_search_child, g);
	}
}

static int
symbols_search_each(Dwfl_Module *mod, void **userdata, const char *name,
    Dwarf_Addr start, void *arg)
{
	struct symbols_global	*g = arg;

	symbols_search_module(mod, g);
	return g->found ? DWARF_CB_ABORT : DWARF_CB_OK;
}

const struct model_type *
debuginfo_global_type(struct debuginfo *sym, uint64_t addr,
    const char *name)
{
	struct symbols_entry	*e;
	struct symbols_global	 g = { .name = name, .addr = addr };
	Dwfl_Module		*mod;

	if (name == NULL)
		return NULL;
	if ((e = symbols_find(sym, SYMBOLS_GLOBAL, addr, name)) != NULL)
		return e->type;
	e = symbols_add(sym, SYMBOLS_GLOBAL, addr, name);
	if (sym->dwfl == NULL)
		return NULL;
	if ((mod = dwfl_addrmodule(sym->dwfl, addr)) != NULL) {
		g.by_address = true;
		symbols_search_module(mod, &g);
	} else
		dwfl_getmodules(sym->dwfl, symbols_search_each, &g, 0);
	if (g.found) {
		e->found = true;
		e->type = symbols_type_of(sym, &g.var);
	}
	return e->type;
}

/*
 * Library functions that allocate for their caller: what they return is
 * the program's to free, so a block they made is the program's.
 */
static bool
allocates_for_caller(const char *fn)
{
	static const char *const names[] = {
		"strdup", "strndup", "wcsdup", "getline", "getdelim",
		"asprintf", "vasprintf", "realpath", "canonicalize_file_name",
		"get_current_dir_name", "getcwd", "open_memstream", "tempnam",
		"scandir", "scandir64", "fopen", "fopen64", "fdopen", "freopen",
		"opendir", "fdopendir", "popen", "tmpfile", "tmpfile64",
		"backtrace_symbols", "operator new", "operator new[]",
	};
	size_t i, n;

	while (*fn == '_')
		fn++;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		n = strlen(names[i]);
		if (strncmp(fn, names[i], n) == 0 &&
		    (fn[n] == '\0' || fn[n] == '(' || fn[n] == '@' ||
		    fn[n] == '_'))
			return true;
	}
	/* _Znwm, _Znam and friends, when a name is not demangled */
	return strncmp(fn, "Znw", 3) == 0 || strncmp(fn, "Zna", 3) == 0;
}

bool
debuginfo_allocates_for_itself(struct debuginfo *d, uint64_t pc)
{
	const char *fn;

	if (!debuginfo_is_system(d, pc))
		return false;
	fn = debuginfo_function(d, pc);
	return fn == NULL || !allocates_for_caller(fn);
}
