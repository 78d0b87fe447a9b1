#include "pipeline_runner/child_process.h"

#include <gtest/gtest.h>

namespace sqlflow::test {
namespace {

// These tests run /bin/sh as an ordinary program (argv, no system()) to make a child behave.
ChildOptions Shell(const std::string& script) {
  ChildOptions options;
  options.program = "/bin/sh";
  options.args = {"-c", script};
  return options;
}

TEST(RunChildProcess, MergesStdoutAndStderrInOrder) {
  Result<ChildResult> r = RunChildProcess(Shell("echo one; echo two >&2; echo three; exit 3"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->output, "one\ntwo\nthree\n");
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->timed_out);
}

TEST(RunChildProcess, UsesCwdAndEnvironmentChanges) {
  ChildOptions options = Shell("pwd; echo \"[$A][${HOME+home}]\"");
  options.cwd = "/";
  options.env = {{"A", "x y"}, {"HOME", std::nullopt}};
  Result<ChildResult> r = RunChildProcess(options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->output, "/\n[x y][]\n");
}

TEST(RunChildProcess, StdinIsEmpty) {
  Result<ChildResult> r = RunChildProcess(Shell("cat; echo done"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->output, "done\n");
}

TEST(RunChildProcess, KillsTheProcessGroupOnTimeout) {
  ChildOptions options = Shell("echo started; sleep 30 & sleep 30; echo never");
  options.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  Result<ChildResult> r = RunChildProcess(options);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->output, "started\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(RunChildProcess, ReportsSignals) {
  Result<ChildResult> r = RunChildProcess(Shell("kill -9 $$"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->signal, 9);
  EXPECT_EQ(r->exit_code, -1);
}

TEST(RunChildProcess, FailsToStartAMissingProgram) {
  ChildOptions options;
  options.program = "/nonexistent/sqlflow";
  Result<ChildResult> r = RunChildProcess(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "cannot start /nonexistent/sqlflow: No such file or directory");
}

TEST(RunChildProcess, FailsOnAMissingWorkingDirectory) {
  ChildOptions options = Shell("true");
  options.cwd = "/nonexistent-dir";
  Result<ChildResult> r = RunChildProcess(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "cannot start /bin/sh in /nonexistent-dir: No such file or directory");
}

TEST(FormatCommand, QuotesArgumentsThatNeedIt) {
  EXPECT_EQ(FormatCommand("sqlflow", {"compile", "shop", "--vars", R"({"a": 1})", ""}),
            R"(sqlflow compile shop --vars '{"a": 1}' '')");
  EXPECT_EQ(FormatCommand("sqlflow", {"it's"}), R"(sqlflow "it's")");
}

}  // namespace
}  // namespace sqlflow::test
