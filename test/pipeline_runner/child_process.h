// RunChildProcess: runs a program to completion with fork/exec (no shell), capturing its
// stdout and stderr merged in the order it writes them, under a time limit.
// Thread-safety: each call is independent; safe to call from several threads.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace sqlflow::test {

struct ChildOptions {
  std::string program;            // path to the executable; not searched in PATH
  std::vector<std::string> args;  // argv[1..]
  std::string cwd;                // working directory; empty: inherit
  // Changes to the inherited environment: a value sets the variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  std::chrono::milliseconds timeout{60'000};
  // When set, SIGINT is sent to the program (as Ctrl-C would) once its output contains this
  // text, at most once.
  std::string interrupt_when_output_contains;
  std::chrono::milliseconds interrupt_delay{0};  // how long after the text appears
};

struct ChildResult {
  int exit_code = -1;      // the status given to exit(); -1 when killed by a signal
  int signal = 0;          // the signal that ended the process, 0 if it exited
  bool timed_out = false;  // killed by us after ChildOptions::timeout
  std::string output;      // stdout and stderr, interleaved as written
};

// Runs the program with stdin from /dev/null, both stdout and stderr on one pipe, in its own
// process group (killed as a group on timeout). Returns the result even when the program fails
// or times out; an error Status only when it could not be started (not executable, bad cwd,
// fork failed).
Result<ChildResult> RunChildProcess(const ChildOptions& options);

// "PROGRAM ARG ..." with arguments holding spaces or quotes shown in single quotes, for messages.
std::string FormatCommand(const std::string& program, const std::vector<std::string>& args);

}  // namespace sqlflow::test
