// Helpers shared by the kill -9 recovery tests: run `sqlflow run PIPELINE` in a project under a
// time limit (killed with SIGKILL when it runs over), and read one value from a database.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "child_process.h"
#include "engine/connection.h"
#include "util/test_paths.h"

namespace sqlflow::test {

inline ChildResult RunPipelineFor(const std::string& project_dir, const std::string& pipeline,
                                  const std::string& threads, std::chrono::milliseconds limit) {
  ChildOptions options;
  options.program = SqlflowBinary();
  options.args = {"run", pipeline, "--threads", threads};
  options.cwd = project_dir;
  options.timeout = limit;
  Result<ChildResult> result = RunChildProcess(options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : ChildResult{};
}

// The first value of `sql`'s first row as text: "NULL", "<none>" (no row) or "<error>".
inline std::string QueryOne(Connection& conn, const std::string& sql) {
  auto result = conn.Query(sql);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return "<error>";
  auto rows = result->FetchAllAsStrings();
  if (!rows.ok() || rows->empty()) return "<none>";
  return (*rows)[0][0].value_or("NULL");
}

}  // namespace sqlflow::test
