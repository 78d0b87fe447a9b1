#include "cli/app.h"

#include <cstdio>

namespace sqlflow {

int RunCli(int argc, char** argv) {
  std::fprintf(stderr, "sqlflow: the CLI is being built\n");
  return 2;
}

}  // namespace sqlflow
