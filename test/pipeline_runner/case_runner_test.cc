#include "pipeline_runner/case_runner.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

// Runs a .test text with /bin/sh standing in for sqlflow, so `run -c '...'` scripts a command.
std::string RunCase(std::string_view text) {
  Result<TestFile> file = ParseTestFile("c.test", text, PipelineTestSyntax());
  if (!file.ok()) return "parse error: " + file.status().ToString();
  TempDir project;
  Status status = RunTestCase(*file, project.path(), RunnerOptions{"/bin/sh", SourceDir()});
  return status.ok() ? "ok" : status.ToString();
}

TEST(RunTestCase, PassingCase) {
  EXPECT_EQ(RunCase(R"(
file data/a.txt
hello
----
run -c 'cat data/a.txt; echo oops >&2; exit 2'
exit 2
hello
oops
----
)"),
            "ok");
}

TEST(RunTestCase, OutputMismatchShowsCommandExpectedActualAndPlace) {
  EXPECT_EQ(RunCase("run -c 'echo one; echo two'\none\nthree\n----\n"),
            "c.test:1:1: run -c 'echo one; echo two'\n"
            "command: /bin/sh -c 'echo one; echo two'\n"
            "output mismatch at test file line 3 (exact mode): first difference at output line 2:\n"
            "  expected: three\n"
            "  actual:   two\n"
            "--- expected\none\nthree\n"
            "+++ actual\none\ntwo\n");
}

TEST(RunTestCase, ExitCodeMismatch) {
  EXPECT_EQ(RunCase("\n\nrun -c 'exit 1'\n----\n"),
            "c.test:3:1: run -c 'exit 1'\n"
            "command: /bin/sh -c 'exit 1'\n"
            "expected exit code 0, got exit code 1\n"
            "--- expected\n+++ actual\n");
}

TEST(RunTestCase, ProjectDirIsTheWorkingDirectoryAndShownAsProject) {
  EXPECT_EQ(RunCase("run -c 'pwd; printf \"\\033[31mred\\033[0m\\r\\n\"'\n$PROJECT\nred\n----\n"),
            "ok");
}

TEST(RunTestCase, WildcardsAndContains) {
  EXPECT_EQ(RunCase("run -c 'seq 1 100'\n1\n...\n50\n...\n100\n----\n"
                    "run-contains -c 'seq 1 100'\n7\n\n77\n----\n"),
            "ok");
  EXPECT_EQ(RunCase("run-contains -c 'echo b; echo a'\na\nb\n----\n"),
            "c.test:1:1: run-contains -c 'echo b; echo a'\n"
            "command: /bin/sh -c 'echo b; echo a'\n"
            "output mismatch at test file line 3 (contains mode): not found after the match of "
            "the line before it:\n  expected: b\n"
            "--- expected\na\nb\n+++ actual\nb\na\n");
}

TEST(RunTestCase, EnvironmentIsSetUnsetAndCleaned) {
  setenv("SQLFLOW_FROM_SHELL", "1", 1);
  EXPECT_EQ(RunCase(R"(
env REGION='eu west'
run -c 'echo "$REGION|$NO_COLOR|${SQLFLOW_FROM_SHELL-unset}"'
eu west|1|unset
----
env -u REGION
run -c 'echo "${REGION-unset}"'
unset
----
)"),
            "ok");
  unsetenv("SQLFLOW_FROM_SHELL");
}

TEST(RunTestCase, FileDirectives) {
  EXPECT_EQ(RunCase(R"(
file a/b.sql
SELECT 1;
-- $PROJECT stays as written in fixtures
----
copy test/util util
file-exists util/temp_dir.h
file-contains a/b.sql
SELECT
$PROJECT
----
remove a
file-absent a/b.sql
)"),
            "ok");
}

// file-equals compares bytes: a run that rewrote a fixture (even with the same lines in
// contains terms) is caught.
TEST(RunTestCase, FileEqualsComparesBytes) {
  EXPECT_EQ(RunCase("file a.csv\nid,x\n1,2\n----\nfile-equals a.csv\nid,x\n1,2\n----\n"), "ok");
  EXPECT_EQ(RunCase("file a.csv\nid,x\n1,2\n----\nrun -c 'printf \"id,x\\n1,2 \\n\" > a.csv'\n"
                    "----\nfile-equals a.csv\nid,x\n1,2\n----\n"),
            "c.test:7:1: file-equals a.csv\n"
            "a.csv differs from the block at byte 8 (10 bytes, expected 9)\n"
            "--- expected\nid,x\n1,2\n+++ a.csv\nid,x\n1,2 \n");
  EXPECT_EQ(RunCase("file-equals nope\nx\n----\n"),
            "c.test:1:1: file-equals nope\nnope does not exist");
}

TEST(RunTestCase, FileChecksFail) {
  EXPECT_EQ(RunCase("file-exists nope.txt\n"),
            "c.test:1:1: file-exists nope.txt\nnope.txt does not exist");
  EXPECT_EQ(RunCase("file a\n----\nfile-absent a\n"),
            "c.test:3:1: file-absent a\na exists but should not");
  EXPECT_EQ(RunCase("file a\nx = 1\n----\nfile-contains a\ny\n----\n"),
            "c.test:4:1: file-contains a\n"
            "a mismatch at test file line 5: not found in the output:\n  expected: y\n"
            "--- expected\ny\n+++ a\nx = 1\n");
}

TEST(RunTestCase, SetupFailures) {
  EXPECT_EQ(RunCase("remove gone\nfile-exists x\n"),
            "c.test:1:1: remove gone\ngone does not exist");
  EXPECT_EQ(RunCase("file ../escape\n----\nfile-exists x\n"),
            "c.test:1:1: file ../escape\n"
            "path '../escape' must be relative and stay inside the project");
  EXPECT_EQ(RunCase("env NOEQUALS\nfile-exists x\n"),
            "c.test:1:1: env NOEQUALS\nexpected 'env NAME=VALUE' or 'env -u NAME'");
  EXPECT_EQ(RunCase("timeout 0\nfile-exists x\n"),
            "c.test:1:1: timeout 0\ntimeout must be a positive number of seconds, got '0'");
}

TEST(RunTestCase, TimeoutKillsTheRun) {
  EXPECT_EQ(RunCase("timeout 1\nrun -c 'echo started; sleep 20'\nstarted\n----\n"),
            "c.test:2:1: run -c 'echo started; sleep 20'\n"
            "command: /bin/sh -c 'echo started; sleep 20'\n"
            "timed out after 1 s and was killed (raise the limit with 'timeout N')\n"
            "--- expected\nstarted\n+++ actual\nstarted\n");
}

TEST(RunTestCase, AFileThatChecksNothingFails) {
  EXPECT_EQ(RunCase("# only setup\nfile a\n----\n"),
            "c.test:1:1: this file asserts nothing: add a run, run-contains, file-contains, "
            "file-equals, file-exists or file-absent directive");
}

// psql runs its block in a database of the test server (creating it) and hands the server's port
// to later runs, which can then reach the tables it made.
TEST(RunTestCase, PsqlRunsSqlOnTheTestServer) {
  EXPECT_EQ(RunCase(R"(
psql runner_psql_case
DROP TABLE IF EXISTS t;
CREATE TABLE t (id int);
INSERT INTO t VALUES (1), (2), (3);
----
run -c '/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $SQLFLOW_TEST_PG_PORT -U postgres -d runner_psql_case -Atc "SELECT sum(id) FROM t"'
6
----
)"),
            "ok");
}

TEST(RunTestCase, PsqlErrorsNameTheDirective) {
  std::string result =
      RunCase("psql runner_psql_error\nSELECT * FROM no_such_table;\n----\nrun -c 'true'\n----\n");
  EXPECT_NE(result.find("c.test:1:1: psql runner_psql_error\n"), std::string::npos) << result;
  EXPECT_NE(result.find("relation \"no_such_table\" does not exist"), std::string::npos) << result;
}

}  // namespace
}  // namespace sqlflow::test
