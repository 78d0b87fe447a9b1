// The sqlflow command line: parses arguments, dispatches to one verb, returns the exit code
// (SPEC §3.7: 0 success, 1 a step failed, 2 usage/parse/validation/profile error).
#pragma once

namespace sqlflow {

int RunCli(int argc, char** argv);

}  // namespace sqlflow
