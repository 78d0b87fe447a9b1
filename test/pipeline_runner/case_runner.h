// RunTestCase: carries out the directives of one parsed .test file in a project directory:
// writes and copies fixture files, runs the sqlflow binary and checks what it printed and left
// on disk. Each directive is one function in case_runner.cc's table (docs/testing.md).
// Thread-safety: independent calls may run in parallel on different project directories.
#pragma once

#include <string>

#include "common/status.h"
#include "pipeline_runner/test_file.h"

namespace sqlflow::test {

struct RunnerOptions {
  std::string program;     // what `run` starts: the sqlflow binary
  std::string source_dir;  // the repository root; `copy` sources are relative to it
};

// The shape of every directive the runner knows, for ParseTestFile.
const SyntaxTable& PipelineTestSyntax();

// Runs the directives of `file` in order with `project_dir` as the working directory.
// OK when every check passed. Otherwise the first failure: its span names the .test file and
// the directive's line, its message starts with the directive line and says what differed.
// A file with no checking directive fails (it asserts nothing).
// REQUIRES: `project_dir` exists and is empty; `file` was parsed with PipelineTestSyntax().
Status RunTestCase(const TestFile& file, const std::string& project_dir,
                   const RunnerOptions& options);

}  // namespace sqlflow::test
