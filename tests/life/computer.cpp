// computer.cpp — a small C++ class: a constructor, a std::vector member,
// new and delete, and SH_VAR in C++ (stackheap.h's type codes without
// _Generic).
#include <iostream>
#include <vector>
#include <stackheap.h>

class Computer {
public:
	explicit Computer(int cores) : cores_(cores) { jobs_.push_back(cores); }
	int cores() const { return cores_; }
private:
	int cores_;
	std::vector<int> jobs_;
};

int main()
{
	Computer *box = new Computer(4);
	int cores = box->cores();
	bool ready = cores > 0;
	SH_VAR(cores);
	SH_VAR(ready);
	SH_VAR(box);
	std::cout << "cores " << cores << std::endl;
	delete box;
	return ready ? 0 : 1;
}
