/*
 * prog_tabs — K&R's temperature table: its output is laid out with tabs,
 * and so is its source.  The viewer shows both as a terminal would, with
 * tab stops every 8 columns.
 */
#include <stdio.h>

#include <stackheap.h>

int
main(void)
{
	int fahr;

	SH_VAR(fahr);
	for (fahr = 0; fahr <= 100; fahr += 50) {
		printf("%d\t%d\n", fahr, 5 * (fahr - 32) / 9);
		SH_STEP();
	}
	return 0;
}
