/*
 * single — one function, one variable: the smallest stack there is.
 * (The seed's `fn main() { let x = 42; }`.)
 */
int
main(void)
{
	int x = 42;	/* say: main's frame holds one int, x, at the first stack slot */
	return 0;
}
