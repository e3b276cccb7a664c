/* A program's arguments and environment: argv[1] reads as its text. */
#include <stdio.h>

int
main(int argc, char **argv, char **envp)
{
	const char *first = argc > 1 ? argv[1] : "none";

	printf("%s %s\n", first, envp[0] != NULL ? "env" : "no env");
	return 0;
}
