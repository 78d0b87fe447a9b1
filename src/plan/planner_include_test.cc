// INCLUDE on a real file system: only .sf files inside the project, after `..` and symbolic
// links are resolved (the .test cases cannot make links).
#include <gtest/gtest.h>

#include <filesystem>

#include "common/file_system.h"
#include "engine/duckdb_sql_analyzer.h"
#include "plan/planner.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

namespace fs = std::filesystem;

class IncludeOnDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto analyzer = DuckDbSqlAnalyzer::Open();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    analyzer_ = std::move(analyzer).value();
    dir_.WriteFile("project/pipelines/shared/real.sf", "SELECT 1;\n");
    dir_.WriteFile("outside.sf", "SELECT 2;\n");
  }

  // The messages of planning project/pipelines/main.sf (holding `pipeline`), with the project
  // root given as `root` (relative to the temporary folder).
  std::vector<std::string> Plan(const std::string& pipeline, const std::string& root = "project") {
    dir_.WriteFile("project/pipelines/main.sf", pipeline);
    PlanRequest request;
    request.pipeline_name = "main";
    request.display_root = dir_.path() + "/" + root;
    request.path = request.display_root + "/pipelines/main.sf";
    request.display_path = "pipelines/main.sf";
    PlanResult result = PlanPipeline(request, {&fs_, analyzer_.get(), &catalog_});
    std::vector<std::string> messages;
    for (const Diagnostic& d : result.diagnostics.items()) messages.push_back(d.message);
    return messages;
  }

  void Link(const std::string& target, const std::string& link) {
    fs::create_symlink(target, dir_.path() + "/" + link);
  }

  test::TempDir dir_;
  RealFileSystem fs_;
  ConnectorCatalog catalog_;
  std::unique_ptr<DuckDbSqlAnalyzer> analyzer_;
};

TEST_F(IncludeOnDiskTest, ALinkOutOfTheProjectIsRefused) {
  Link(dir_.path() + "/outside.sf", "project/pipelines/link.sf");
  EXPECT_EQ(Plan("INCLUDE 'link.sf';\n"),
            std::vector<std::string>{"cannot include 'link.sf': it is outside the project folder"});
}

TEST_F(IncludeOnDiskTest, AFolderLinkOutOfTheProjectIsRefused) {
  Link(dir_.path(), "project/pipelines/up");
  EXPECT_EQ(
      Plan("INCLUDE 'up/outside.sf';\n"),
      std::vector<std::string>{"cannot include 'up/outside.sf': it is outside the project folder"});
}

TEST_F(IncludeOnDiskTest, LinksThatStayInsideAreFollowed) {
  Link("shared/real.sf", "project/pipelines/alias.sf");
  EXPECT_TRUE(Plan("INCLUDE 'alias.sf';\nINCLUDE 'shared/../shared/real.sf';\n").empty());
}

TEST_F(IncludeOnDiskTest, AProjectReachedThroughALinkStillIncludesItsFiles) {
  Link(dir_.path() + "/project", "project_link");
  EXPECT_TRUE(Plan("INCLUDE 'shared/real.sf';\n", "project_link").empty());
}

}  // namespace
}  // namespace sqlflow
