// The test runner's entry point: runs every registered test (or those named as arguments).
#include "harness.hpp"

int main(int argc, char **argv) { return harness::run_all(argc, argv); }
