/*
 * cli_spawn.c — running a program with the runtime preloaded and its event
 * stream on a pipe.
 *
 * The child gets the pipe's write end as STACKHEAP_FD and the runtime in
 * LD_PRELOAD (ahead of whatever the user preloads; the runtime puts the
 * user's value back before main, so the program sees its own environment).
 * A failed exec is reported through a close-on-exec pipe, so "no such
 * program" is an error here, not a silent empty trace.
 *
 * Only a program the runtime can get into is given any of this.  One it
 * cannot (statically linked, set-ID) would keep our variables and the
 * stream's fd, and every dynamic program it started would stream into our
 * pipe under its name; it runs untraced instead, with its environment as
 * the user's, and the caller says why (cli_child.untraced).
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "wire/wire_encode.h"

#define PIPE_WANTED (1 << 20)

static pid_t viewer_pid;


/* The path execv will run: argv0 itself if it has a slash, else from PATH. */
static char *
find_program(const char *name, char **cause)
{
	const char *path = getenv("PATH");
	struct stat st;
	char *copy, *dir, *save, *full = NULL;

	if (strchr(name, '/') != NULL) {
		full = strdup(name);
	} else {
		copy = strdup(path != NULL ? path : "/usr/bin:/bin");
		for (dir = strtok_r(copy, ":", &save); dir != NULL;
		    dir = strtok_r(NULL, ":", &save)) {
			free(full);
			full = cli_format("%s/%s", *dir ? dir : ".", name);
			if (full != NULL && access(full, X_OK) == 0)
				break;
		}
		free(copy);
	}
	if (full == NULL || stat(full, &st) != 0) {
		*cause = cli_format("cannot run '%s': no such file", name);
	} else if (S_ISDIR(st.st_mode)) {
		*cause = cli_format("cannot run '%s': it is a directory", name);
	} else if (access(full, X_OK) != 0) {
		*cause = cli_format("cannot run '%s': not executable", name);
	} else {
		return full;
	}
	free(full);
	return NULL;
}

#if __SIZEOF_POINTER__ == 8
#define OUR_ELFCLASS ELFCLASS64
#else
#define OUR_ELFCLASS ELFCLASS32
#endif

/*
 * Why the runtime cannot be preloaded into the ELF file fd, or NULL if it
 * can (or fd is not ELF: exec will say what it is).  Only the loader named
 * by PT_INTERP preloads; without one the program is static.
 */
static const char *
elf_untraceable(int fd)
{
	ElfW(Ehdr) eh;
	ElfW(Phdr) ph;
	unsigned i;

	if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		return NULL;
	if (eh.e_ident[EI_CLASS] != OUR_ELFCLASS)
		return "built for another word size: the runtime cannot be "
		    "loaded into it";
	if (eh.e_phentsize != sizeof ph)
		return NULL;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i *
		    sizeof ph)) != (ssize_t)sizeof ph)
			return NULL;
		if (ph.p_type == PT_INTERP)
			return NULL;
	}
	return "statically linked: heap and frames cannot be traced";
}

/* The interpreter of a "#!" script, into buf; false if fd is no script. */
static bool
script_interpreter(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);
	char *p, *end;

	if (n < 3 || buf[0] != '#' || buf[1] != '!')
		return false;
	buf[n] = '\0';
	for (p = buf + 2; *p == ' ' || *p == '\t'; p++)
		;
	end = p + strcspn(p, " \t\n");
	*end = '\0';
	memmove(buf, p, (size_t)(end - p) + 1);
	return buf[0] != '\0';
}

/* A set-ID bit that takes effect (not on a nosuid mount) and changes ids. */
static bool
changes_ids(int fd, const struct stat *st)
{
	struct statvfs vfs;

	if (fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_NOSUID))
		return false;
	return ((st->st_mode & S_ISUID) && st->st_uid != geteuid()) ||
	    ((st->st_mode & S_ISGID) && st->st_gid != getegid());
}

/*
 * Why the runtime cannot get into the program at path, or NULL if it can.
 * A set-ID program gets the loader's secure mode, which drops the preload
 * (and the runtime stays off in it besides); a script runs its
 * interpreter, looked at in turn.
 */
static const char *
untraceable(const char *path, int depth)
{
	const char *why = NULL;
	char interp[256];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return NULL;	/* not ours to judge: exec will say */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if (changes_ids(fd, &st))
			why = "set-user-ID or set-group-ID: it cannot be traced";
		else if (depth < 4 && script_interpreter(fd, interp,
		    sizeof interp))
			why = untraceable(interp, depth + 1);
		else
			why = elf_untraceable(fd);
	}
	close(fd);
	return why;
}

static void
child_environment(const char *runtime, int fd)
{
	const char *orig = getenv("LD_PRELOAD");
	char number[16], *preload;

	snprintf(number, sizeof number, "%d", fd);
	setenv("STACKHEAP_FD", number, 1);
	setenv("STACKHEAP_ORIG_LD_PRELOAD", orig != NULL ? orig : "", 1);
	if (orig != NULL && orig[0] != '\0' &&
	    asprintf(&preload, "%s:%s", runtime, orig) >= 0)
		setenv("LD_PRELOAD", preload, 1);
	else
		setenv("LD_PRELOAD", runtime, 1);
}

static void
child_stdio(const struct cli_spawn_opts *o, int output_w)
{
	int in;

	if (!o->inherit_stdin) {
		in = open(o->stdin_path != NULL ? o->stdin_path : "/dev/null",
		    O_RDONLY);
		if (in >= 0 && in != 0) {
			dup2(in, 0);
			close(in);
		}
	}
	switch (o->output) {
	case CLI_OUTPUT_STDERR:
		dup2(2, 1);
		break;
	case CLI_OUTPUT_PIPE:
		dup2(output_w, 1);
		dup2(output_w, 2);
		break;
	default:
		break;
	}
}

/*
 * The runtime's way in: its variables, and copies of our pipe ends without
 * close-on-exec, above the standard streams, which the runtime never takes
 * (and child_stdio may yet replace).
 */
static void
pass_stream(const char *runtime, int stream_w, const int output[2],
    const struct cli_spawn_opts *o)
{
	char number[16];

	child_environment(runtime, fcntl(stream_w, F_DUPFD, 3));
	/* the program's output travels with its steps (rt_output.c); only
	 * the viewer, which shows it, takes it from the pipe: elsewhere it
	 * still goes where it went (our stderr, our terminal) */
	setenv("STACKHEAP_OUTPUT", o->output == CLI_OUTPUT_PIPE ? "take" :
	    "tee", 1);
	if (o->output == CLI_OUTPUT_PIPE && o->sync_output) {
		/* the runtime asks it how much output we have not read yet */
		snprintf(number, sizeof number, "%d", fcntl(output[0], F_DUPFD, 3));
		setenv("STACKHEAP_OUTPUT_FD", number, 1);
	}
}

/* In the child, after fork: never returns.  runtime NULL: untraced. */
static void
exec_child(const char *path, char *const *argv, const char *runtime,
    int stream_w, const int output[2], int err_w,
    const struct cli_spawn_opts *o)
{
	int e;

	signal(SIGPIPE, SIG_DFL);
	/* if the viewer dies, however it dies, the program goes with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != viewer_pid)
		_exit(127);	/* it already has */
	if (o->own_group)
		setpgid(0, 0);
	if (runtime != NULL)
		pass_stream(runtime, stream_w, output, o);
	child_stdio(o, output[1]);
	execv(path, argv);
	e = errno;
	if (write(err_w, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

static bool
check_stdin(const struct cli_spawn_opts *o, char **cause)
{
	if (o->inherit_stdin || o->stdin_path == NULL)
		return true;
	if (access(o->stdin_path, R_OK) != 0) {
		*cause = cli_format("cannot read '%s': %s", o->stdin_path,
		    strerror(errno));
		return false;
	}
	return true;
}

/* Reads what a failed exec reported; true if the exec went through. */
static bool
exec_went_through(int err_r, const char *name, char **cause)
{
	int e;
	ssize_t n;

	do
		n = read(err_r, &e, sizeof e);
	while (n < 0 && errno == EINTR);
	close(err_r);
	if (n == (ssize_t)sizeof e) {
		*cause = cli_format("cannot run '%s': %s", name, strerror(e));
		return false;
	}
	return true;
}

bool
cli_spawn(char *const *argv, const struct cli_spawn_opts *o,
    struct cli_child *c, char **cause)
{
	int stream[2], err[2], output[2] = { -1, -1 };
	char *path, *runtime;
	pid_t pid;

	if (!check_stdin(o, cause) || (path = find_program(argv[0], cause)) == NULL)
		return false;
	runtime = cli_runtime_path();
	if (runtime == NULL) {
		*cause = cli_format("cannot find the runtime library libstackheap.so "
		    "(set STACKHEAP_RUNTIME)");
		free(path);
		return false;
	}
	if (pipe2(stream, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
	    (o->output == CLI_OUTPUT_PIPE && pipe2(output, O_CLOEXEC) != 0)) {
		*cause = cli_format("cannot make a pipe: %s", strerror(errno));
		free(path);
		free(runtime);
		return false;
	}
	fcntl(stream[1], F_SETPIPE_SZ, PIPE_WANTED);
	c->untraced = untraceable(path, 0);
	viewer_pid = getpid();
	pid = fork();
	if (pid == 0)
		exec_child(path, argv, c->untraced == NULL ? runtime : NULL,
		    stream[1], output, err[1], o);
	free(path);
	free(runtime);
	close(stream[1]);
	close(err[1]);
	if (output[1] >= 0)
		close(output[1]);
	if (pid < 0 || !exec_went_through(err[0], argv[0], cause)) {
		if (pid < 0)
			*cause = cli_format("cannot fork: %s", strerror(errno));
		else
			waitpid(pid, NULL, 0);
		close(stream[0]);
		if (output[0] >= 0)
			close(output[0]);
		return false;
	}
	c->pid = pid;
	c->stream_fd = stream[0];
	c->output_fd = output[0];
	return true;
}

void
cli_wait(struct cli_child *c, enum sh_end_how *how, int *value)
{
	int status;
	pid_t r;

	do
		r = waitpid(c->pid, &status, 0);
	while (r < 0 && errno == EINTR);
	c->pid = -1;
	if (r < 0) {
		*how = SH_END_DETACHED;
		*value = 0;
	} else if (WIFSIGNALED(status)) {
		*how = SH_END_SIGNALED;
		*value = WTERMSIG(status);
	} else {
		*how = SH_END_EXITED;
		*value = WEXITSTATUS(status);
	}
}
