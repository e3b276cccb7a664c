// prog_cout — C++ with std::cout, new and delete, built by stackheap-c++
// (test_cli.sh): libstdc++'s emergency pool, allocated before main, and
// any iostream buffer are the library's, not the program's leaks and not
// in the book; the one Node the program forgets to delete is its leak.
#include <iostream>

struct Node {
	int value;
	Node *next;
};

int
main()
{
	std::cout << "before the first new" << std::endl;
	Node *head = new Node{1, nullptr};
	std::cout << "made " << head->value << std::endl;
	Node *kept = new Node{2, head};
	std::cout << "made " << kept->value << std::endl;
	delete head;
	kept->next = nullptr;
	return 0;
}
