/*
 * cc_as.c — the assembler stackheap-cc makes the compiler use (it passes
 * -B with this program's directory, where it is installed as `as`): adds
 * the line probes to the assembly (cc_probe.c) and runs the real
 * assembler on the result.
 *
 * The input is the last argument that is not an option or an option's
 * value, or standard input when there is none (gcc -pipe).  The rewritten
 * text goes to a private temporary file, removed afterwards.  The real
 * assembler is $STACKHEAP_AS, or the first `as` on PATH that is not this
 * program.  Only x86-64 is probed: for other targets (--32) the input
 * goes to the assembler untouched.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cc/cc_probe.h"

/* Options of GNU as that take their value as the next argument. */
static bool
takes_value(const char *opt)
{
	static const char *const with_value[] = { "-o", "-I", "--defsym",
	    "--debug-prefix-map", "-MD", "--gdwarf-cie-version" };
	size_t i;

	for (i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
		if (strcmp(opt, with_value[i]) == 0)
			return true;
	return false;
}

/* The index of the input file argument, or 0 for standard input. */
static int
input_arg(int argc, char **argv, bool *probe)
{
	int i, input = 0;

	*probe = true;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--32") == 0 || strcmp(argv[i], "--x32") == 0)
			*probe = false;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			if (takes_value(argv[i]))
				i++;
			continue;
		}
		input = i;
	}
	if (input != 0 && strcmp(argv[input], "-") == 0)
		input = 0;
	return input;
}

/* The real assembler: not this program, wherever PATH has it. */
static char *
real_as(void)
{
	const char *env = getenv("STACKHEAP_AS"), *path = getenv("PATH");
	char self[PATH_MAX], cand[PATH_MAX], resolved[PATH_MAX];
	const char *p, *end;

	if (env != NULL && *env != '\0')
		return strdup(env);
	if (realpath("/proc/self/exe", self) == NULL)
		self[0] = '\0';
	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0'; p = end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		if (snprintf(cand, sizeof cand, "%.*s/as", (int)(end - p), p) <
		    (int)sizeof cand && access(cand, X_OK) == 0 &&
		    realpath(cand, resolved) != NULL && strcmp(resolved, self) != 0)
			return strdup(resolved);
		if (*end == ':')
			end++;
	}
	return strdup("/usr/bin/as");
}

/* Rewrites the input into a new temporary file; its name, or NULL. */
static char *
rewrite_to_temp(const char *input)
{
	const char *dir = getenv("TMPDIR");
	FILE *in, *out;
	char *name;
	int fd, ok;

	if (asprintf(&name, "%s/stackheap-as-XXXXXX.s",
	    dir != NULL && *dir != '\0' ? dir : "/tmp") < 0)
		return NULL;
	if ((fd = mkstemps(name, 2)) < 0) {
		fprintf(stderr, "stackheap-cc: %s: %s\n", name, strerror(errno));
		free(name);
		return NULL;
	}
	in = input != NULL ? fopen(input, "r") : stdin;
	out = fdopen(fd, "w");
	if (in == NULL || out == NULL) {
		fprintf(stderr, "stackheap-cc: %s: %s\n",
		    input != NULL ? input : "-", strerror(errno));
		ok = -1;
	} else {
		ok = cc_probe_rewrite(in, out);
	}
	if (in != NULL && in != stdin)
		fclose(in);
	if (out != NULL ? fclose(out) != 0 : close(fd) != 0)
		ok = -1;
	if (ok != 0) {
		fprintf(stderr, "stackheap-cc: could not add line probes\n");
		unlink(name);
		free(name);
		return NULL;
	}
	return name;
}

static int
run(char *as, char **argv)
{
	pid_t pid;
	int status;

	argv[0] = as;
	if ((pid = fork()) < 0) {
		perror("stackheap-cc: fork");
		return 1;
	}
	if (pid == 0) {
		execv(as, argv);
		fprintf(stderr, "stackheap-cc: %s: %s\n", as, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int
main(int argc, char **argv)
{
	char *as = real_as(), *temp, **args;
	bool probe;
	int input = input_arg(argc, argv, &probe), status, i, n = 0;

	if (as == NULL)
		return 1;
	if (!probe) {
		argv[0] = as;
		execv(as, argv);
		fprintf(stderr, "stackheap-cc: %s: %s\n", as, strerror(errno));
		return 127;
	}
	if ((temp = rewrite_to_temp(input != 0 ? argv[input] : NULL)) == NULL)
		return 1;
	if ((args = calloc((size_t)argc + 2, sizeof *args)) == NULL)
		return 1;
	for (i = 0; i < argc; i++)
		if ((i != input || input == 0) && strcmp(argv[i], "-") != 0)
			args[n++] = argv[i];
	args[n++] = temp;
	status = run(as, args);
	unlink(temp);
	free(temp);
	free(args);
	free(as);
	return status;
}
