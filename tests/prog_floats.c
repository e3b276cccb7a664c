/*
 * prog_floats — floating values as a learner's program holds them: a
 * total of 10, pi to five places, a tenth, a huge number, and a third in
 * each precision.  The viewer must show them as C programmers write them
 * (10, not 1e+01).
 */
#include <stdio.h>

#include <stackheap.h>

int
main(void)
{
	double		total = 10.0, pi = 3.14159, huge = 1e30;
	float		tenth = 0.1f, f_third = 1.0f / 3;
	long double	ld_third = 1.0L / 3;

	SH_VAR(total);
	SH_VAR(pi);
	SH_VAR(huge);
	SH_VAR(tenth);
	SH_VAR(f_third);
	SH_VAR(ld_third);
	SH_STEP();
	printf("%g %g %g %g %g %Lg\n", total, pi, huge, tenth, f_third,
	    ld_third);
	return 0;
}
