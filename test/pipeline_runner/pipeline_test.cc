// The end-to-end pipeline tests: one GoogleTest case per test/pipelines/**/*.test file, each run
// by RunTestCase in a fresh temporary project directory. docs/testing.md describes the format.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline_runner/case_runner.h"
#include "pipeline_runner/test_file.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

namespace fs = std::filesystem;

struct PipelineCase {
  std::string path;          // absolute
  std::string display_path;  // relative to the repository root, for messages
  std::string name;          // the gtest parameter name, e.g. "runner_basic"
};

void PrintTo(const PipelineCase& c, std::ostream* os) { *os << c.display_path; }

// "runner/basic.test" -> "runner_basic": gtest names allow only [A-Za-z0-9_].
std::string CaseName(const fs::path& relative) {
  std::string name = relative.generic_string();
  name.resize(name.size() - relative.extension().string().size());
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// Every *.test file under test/pipelines, recursively, sorted by path; names made unique.
std::vector<PipelineCase> FindPipelineCases() {
  fs::path root = fs::path(SourceDir()) / "test" / "pipelines";
  std::vector<fs::path> relatives;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".test") {
      relatives.push_back(fs::relative(it->path(), root));
    }
  }
  std::sort(relatives.begin(), relatives.end());
  std::vector<PipelineCase> cases;
  std::set<std::string> taken;
  for (const fs::path& relative : relatives) {
    std::string name = CaseName(relative);
    for (int n = 2; taken.count(name) != 0; ++n)
      name = CaseName(relative) + "_" + std::to_string(n);
    taken.insert(name);
    cases.push_back(
        {(root / relative).string(), "test/pipelines/" + relative.generic_string(), name});
  }
  return cases;
}

void FailAt(const Status& status) {
  const std::optional<SourceSpan>& span = status.span();
  std::string file = span ? span->file : "";
  int line = span ? static_cast<int>(span->line) : 0;
  ADD_FAILURE_AT(file.c_str(), line) << status.ToString();
}

class PipelineTest : public ::testing::TestWithParam<PipelineCase> {};

TEST_P(PipelineTest, Run) {
  const PipelineCase& c = GetParam();
  std::ifstream in(c.path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << c.path;
  std::stringstream text;
  text << in.rdbuf();
  Result<TestFile> file = ParseTestFile(c.display_path, text.str(), PipelineTestSyntax());
  if (!file.ok()) {
    FailAt(file.status());
    return;
  }
  TempDir project;
  Status status = RunTestCase(*file, project.path(), RunnerOptions{SqlflowBinary(), SourceDir()});
  if (!status.ok()) FailAt(status);
}

INSTANTIATE_TEST_SUITE_P(Pipelines, PipelineTest, ::testing::ValuesIn(FindPipelineCases()),
                         [](const ::testing::TestParamInfo<PipelineCase>& info) {
                           return info.param.name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PipelineTest);

// Guards against a wrong SQLFLOW_SOURCE_DIR silently running no pipeline test at all.
TEST(PipelineTestFiles, AreFound) {
  EXPECT_FALSE(FindPipelineCases().empty())
      << "no .test files under " << SourceDir() << "/test/pipelines";
}

TEST(PipelineTestFiles, NamesAreSanitizedPaths) {
  EXPECT_EQ(CaseName("runner/basic.test"), "runner_basic");
  EXPECT_EQ(CaseName("incremental/two-runs.v2.test"), "incremental_two_runs_v2");
}

}  // namespace
}  // namespace sqlflow::test
