/*
 * K&R's day_of_year and month_name, with their tables const: read-only
 * data is shown too, a table of pointers (which the loader relocates in a
 * position-independent program) as well.
 */
#include <stdio.h>

static const char daytab[2][13] = {
	{ 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 },
	{ 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
};
const char greeting[] = "day";
static const char *const name[] = {
	"Illegal month", "January", "February", "March"
};
int asked;

static int
day_of_year(int year, int month, int day)
{
	int i, leap;

	leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	for (i = 1; i < month; i++)
		day += daytab[leap][i];
	asked++;
	return day;
}

int
main(void)
{
	int d = day_of_year(2024, 3, 1);

	printf("%s %d of %s\n", greeting, d, name[3]);
	return 0;
}
