/*
 * testlib.h — what the Check suites share: running real programs with a
 * timeout, building synthetic streams byte by byte, and reading the
 * seed's tables and dump output as data.
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackheap-wire.h"

/* A path from an environment variable the harness sets, joined with rel. */
char	*tl_path(const char *env, const char *rel);
char	*tl_read_file(const char *path);

/* Running a program: its exit status (or 128 + signal) and its output. */
struct tl_run {
	int	 status;
	bool	 signaled;
	int	 signal;
	char	*out;
	char	*err;
};
/* Runs argv (argv[0] a path) with env additions "K=V" (NULL-terminated). */
void	tl_run(char *const *argv, char *const *env, int timeout_s,
	    struct tl_run *);
void	tl_run_free(struct tl_run *);
/* Runs the built stackheap with the given arguments. */
void	tl_stackheap(char *const *args, int timeout_s, struct tl_run *);
/* A const string as an argument of tl_run's argv, which exec never writes. */
static inline char *
tl_arg(const char *s)
{
	return (char *)(uintptr_t)s;
}

/* A copy of text with each 0x and its hex digits as "0xADDR" (addresses
 * change from run to run); the caller frees it. */
char	*tl_mask_addresses(const char *text);

/* A synthetic stream. */
struct tl_stream {
	uint8_t	*buf;
	size_t	 len, cap;
};
void	tl_stream_header(struct tl_stream *);
/*
 * Appends a record; fields as in wire_decode.c's layouts: 'u' a uint64_t,
 * 'z' an int64_t, 's' a const char *, 'b' a const void * and a size_t, 'd'
 * an unsigned count and a const uint64_t * (the first a difference).
 */
void	tl_rec(struct tl_stream *, uint8_t type, const char *fields, ...);
/* Appends one raw byte (a one-byte record). */
void	tl_stream_byte(struct tl_stream *, uint8_t);
void	tl_stream_free(struct tl_stream *);

/* Tables: rows of fields, as the seed-tables files and dump print them. */
struct tl_row {
	char	**fields;
	size_t	  n;
};
struct tl_table {
	struct tl_row	*rows;
	size_t		 n;
	char		*title;		/* the "== step" line, for dumps */
};
struct tl_tables {
	struct tl_table	*t;
	size_t		 n;
};
void	tl_parse_seed_tables(const char *text, struct tl_tables *);
void	tl_parse_dump(const char *text, struct tl_tables *);
void	tl_tables_free(struct tl_tables *);
/* NULL if every table of want occurs in got in order; else a message. */
char	*tl_tables_in_order(const struct tl_tables *want,
	    const struct tl_tables *got);

#endif
