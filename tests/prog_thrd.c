/*
 * prog_thrd — C11 threads (thrd_create, which glibc does not route through
 * pthread_create), allocating at once: the stream must stay whole.
 */
#include <stdlib.h>
#include <threads.h>

static int
churn(void *arg)
{
	int i;

	for (i = 0; i < 20000; i++) {
		char *p = malloc(300 + (size_t)(i % 5));

		if (p == NULL)
			return 1;
		p[0] = (char)i;
		free(p);
	}
	return arg != NULL;
}

int
main(void)
{
	thrd_t t[3];
	int i, rc = 0, r;

	for (i = 0; i < 3; i++)
		if (thrd_create(&t[i], churn, NULL) != thrd_success)
			return 1;
	for (i = 0; i < 3; i++) {
		thrd_join(t[i], &r);
		rc |= r;
	}
	return rc;
}
