#include "cli/app.h"

int main(int argc, char** argv) { return sqlflow::RunCli(argc, argv); }
