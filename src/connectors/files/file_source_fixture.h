// FileSourceTest: the fixture of the file connector tests — a temporary project folder, an
// in-memory DuckDB and helpers that plan a SOURCE and read it. Header-only, for *_test.cc.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "connectors/files/file_error.h"
#include "connectors/files/file_source.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "util/duckdb_test.h"
#include "util/temp_dir.h"

namespace sqlflow::test {

inline constexpr const char* kLabel = "pipelines/shop.sf:3: SOURCE orders";

class FileSourceTest : public DuckDbTest {
 protected:
  const std::string& root() const { return dir_.path(); }
  void Write(const std::string& relative, const std::string& contents) {
    dir_.WriteFile(relative, contents);
  }

  Result<FileRelation> Plan(const std::string& type, const std::string& params_json) {
    return PlanFileSource({type, params_json, root(), kLabel}, fs_);
  }

  // The relation planned from `params_json`; fails the test when planning fails.
  FileRelation MustPlan(const std::string& type, const std::string& params_json) {
    auto rel = Plan(type, params_json);
    EXPECT_TRUE(rel.ok()) << rel.status().ToString();
    return rel.ok() ? rel.value() : FileRelation{};
  }

  // Runs `sql`; rows as "a|b" lines, NULL as "NULL"; reader errors explained.
  Result<std::vector<std::string>> Query(const FileRelation& rel, const std::string& sql) {
    auto result = conn_->Query(sql);
    if (!result.ok()) return ExplainFileError(result.status(), rel, kLabel);
    auto rows = result->FetchAllAsStrings();
    if (!rows.ok()) return ExplainFileError(rows.status(), rel, kLabel);
    std::vector<std::string> out;
    for (const auto& row : *rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + row[i].value_or("NULL");
      out.push_back(line);
    }
    return out;
  }

  Result<std::vector<std::string>> ReadAll(const FileRelation& rel) {
    return Query(rel, "SELECT * FROM " + rel.sql);
  }

  // The rows of `params_json` read as `type`; fails the test on any error.
  std::vector<std::string> Rows(const std::string& type, const std::string& params_json) {
    FileRelation rel = MustPlan(type, params_json);
    auto rows = ReadAll(rel);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString() << "\n" << rel.sql;
    return rows.ok() ? rows.value() : std::vector<std::string>{};
  }

  // The explained error of reading `params_json` as `type` ("" when it reads fine).
  std::string ReadError(const std::string& type, const std::string& params_json) {
    auto rel = Plan(type, params_json);
    if (!rel.ok()) return "plan failed: " + rel.status().ToString();
    auto rows = ReadAll(*rel);
    return rows.ok() ? "" : rows.status().message();
  }

  TempDir dir_;
  RealFileSystem fs_;
};

using Lines = std::vector<std::string>;

}  // namespace sqlflow::test
