/*
 * prog_types.c — a program whose globals, locals and parameters have many
 * different types, for check_debuginfo to look up in its debugging
 * information (it is built with -g -O0 like a traced program).  Every
 * variable is shown with SH_VAR or SH_GLOBAL, which also keeps it in
 * memory, and feeds a sum that is printed, so none is unused.
 */

#include <stdbool.h>
#include <stdio.h>

#include "stackheap.h"

struct point {
	int	x;
	int	y;
};

/* A list node: an array, a nested struct and a pointer to its own type. */
struct node {
	int		 value;
	int		 tags[3];
	struct point	 where;
	struct node	*next;
};

union number {
	int		i;
	float		f;
	unsigned char	bytes[4];
};

enum color {
	RED,
	GREEN = 5,
	BLUE
};

typedef struct point point_t;
typedef int (*binop_fn)(int, int);

int		 global_counter = 42;
struct point	 global_origin = { 1, 2 };
static double	 global_scale = 1.5;
char		 global_name[] = "types";

/* Its static local has the name of locals()' one, and another type. */
static int
add(int a, int b)
{
	static unsigned short	calls;

	calls++;
	SH_VAR(calls);
	return a + b + calls;
}

/* A static local and a block-scope local, beside one of each type. */
static long
locals(int param, const char *label)
{
	static int	 calls;
	int		 i = 7;
	unsigned char	 uc = 200;
	char		 c = 'c';
	signed char	 sc = -3;
	_Bool		 flag = true;
	short		 s = -12;
	long		 l = -123456789L;
	unsigned long	 ul = 99;
	long long	 ll = 1LL << 40;
	float		 f = 2.5f;
	double		 d = 3.25;
	int		*ip = &i;
	char		*cp = &c;
	void		*vp = &d;
	int		**ipp = &ip;
	int		 arr[4] = { 1, 2, 3, 4 };
	int		 grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
	struct point	 p = { 3, 4 };
	struct node	 n2 = { 2, { 0 }, { 0, 0 }, NULL };
	struct node	 n1 = { 1, { 7, 8, 9 }, { 5, 6 }, &n2 };
	union number	 num = { .i = 65 };
	enum color	 color = BLUE;
	point_t		 pt = { -1, -2 };
	binop_fn	 op = add;
	long		 sum;

	calls++;
	SH_VAR(param); SH_VAR(label); SH_VAR(calls);
	SH_VAR(i); SH_VAR(uc); SH_VAR(c); SH_VAR(sc); SH_VAR(flag);
	SH_VAR(s); SH_VAR(l); SH_VAR(ul); SH_VAR(ll); SH_VAR(f); SH_VAR(d);
	SH_VAR(ip); SH_VAR(cp); SH_VAR(vp); SH_VAR(ipp); SH_VAR(arr);
	SH_VAR(grid); SH_VAR(p); SH_VAR(n1); SH_VAR(n2); SH_VAR(num);
	SH_VAR(color); SH_VAR(pt); SH_VAR(op);
	SH_STEP();

	sum = param + label[0] + calls + i + uc + c + sc + flag + s + l +
	    (long)ul + (long)(ll >> 40) + (long)f + (long)d + **ipp + *cp +
	    (vp != NULL) + arr[3] + grid[1][2] + p.x + p.y +
	    n1.next->value + n1.tags[2] + n1.where.y + num.bytes[0] +
	    color + pt.x + op(1, 2);
	{
		int	inner = i * 2;

		SH_VAR(inner);
		SH_STEP();
		sum += inner;
	}
	return sum;
}

int
main(void)
{
	long	sum;

	SH_GLOBAL(global_counter);
	SH_GLOBAL(global_origin);
	SH_GLOBAL(global_scale);
	SH_GLOBAL(global_name);

	sum = locals(1, "label") + global_counter + global_origin.x +
	    (long)global_scale + global_name[0];
	printf("%ld\n", sum);
	return 0;
}
