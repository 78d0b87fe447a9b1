#include "cli/project.h"

#include <gtest/gtest.h>

#include "util/fake_file_system.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using test::FakeFileSystem;

class ProjectTest : public ::testing::Test {
 protected:
  ProjectTest() {
    fs_.AddFile("/w/shop/pipelines/shop.sf", "");
    fs_.AddFile("/w/shop/pipelines/orders.sf", "");
    fs_.AddFile("/w/shop/pipelines/notes.txt", "");
    fs_.AddFile("/w/shop/pipelines/common/sources.sf", "");
    fs_.AddDirectory("/w/shop/data/raw");
  }
  FakeFileSystem fs_;
  Project project_{"/w/shop"};
};

TEST_F(ProjectTest, FindsTheRootFromASubfolder) {
  Result<Project> p = FindProject("/w/shop/data/raw", fs_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->root, "/w/shop");
  EXPECT_EQ(p->pipelines_dir(), "/w/shop/pipelines");
  EXPECT_EQ(p->profiles_dir(), "/w/shop/profiles");
  EXPECT_EQ(p->target_dir(), "/w/shop/target");
  EXPECT_EQ(p->dotenv_path(), "/w/shop/.env");
}

TEST_F(ProjectTest, FindsTheRootFromItself) {
  EXPECT_EQ(FindProject("/w/shop", fs_)->root, "/w/shop");
  EXPECT_EQ(FindProject("/w/shop/", fs_)->root, "/w/shop");
  EXPECT_EQ(FindProject("/w/shop/data/../data/raw/.", fs_)->root, "/w/shop");
}

TEST_F(ProjectTest, AProfilesFolderAloneMarksAProject) {
  fs_.AddDirectory("/w/other/profiles");
  fs_.AddDirectory("/w/other/deep/er");
  EXPECT_EQ(FindProject("/w/other/deep/er", fs_)->root, "/w/other");
}

TEST_F(ProjectTest, TheNearestProjectWins) {
  fs_.AddDirectory("/w/shop/data/raw/nested/pipelines");
  EXPECT_EQ(FindProject("/w/shop/data/raw/nested", fs_)->root, "/w/shop/data/raw/nested");
}

TEST_F(ProjectTest, AFileNamedPipelinesIsNotAProject) {
  fs_.AddFile("/w/lone/pipelines", "");
  Result<Project> p = FindProject("/w/lone", fs_);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
}

TEST_F(ProjectTest, NoProjectSaysWhereItLookedAndWhatToDo) {
  fs_.AddDirectory("/tmp/empty");
  Result<Project> p = FindProject("/tmp/empty", fs_);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "no SQLFlow project found in /tmp/empty or any parent (looked for pipelines/ or "
            "profiles/); run `sqlflow init NAME` to create one, or pass --project-dir");
}

TEST_F(ProjectTest, AMissingStartFolderIsAnError) {
  Result<Project> p = FindProject("/w/nope", fs_);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "/w/nope: no such directory");
}

TEST_F(ProjectTest, ListsPipelinesSortedWithoutSuffix) {
  EXPECT_EQ(ListPipelines(project_, fs_), (std::vector<std::string>{"orders", "shop"}));
  EXPECT_TRUE(ListPipelines(Project{"/w/none"}, fs_).empty());
}

TEST_F(ProjectTest, ResolvesNamesFileNamesAndPaths) {
  EXPECT_EQ(*ResolvePipelinePath(project_, "shop", fs_), "/w/shop/pipelines/shop.sf");
  EXPECT_EQ(*ResolvePipelinePath(project_, "shop.sf", fs_), "/w/shop/pipelines/shop.sf");
  EXPECT_EQ(*ResolvePipelinePath(project_, "pipelines/shop.sf", fs_), "/w/shop/pipelines/shop.sf");
  EXPECT_EQ(*ResolvePipelinePath(project_, "./pipelines/orders.sf", fs_),
            "/w/shop/pipelines/orders.sf");
  EXPECT_EQ(*ResolvePipelinePath(project_, "/w/shop/pipelines/common/sources.sf", fs_),
            "/w/shop/pipelines/common/sources.sf");
}

TEST_F(ProjectTest, UnknownPipelineSuggestsTheClosestAndListsAll) {
  Result<std::string> r = ResolvePipelinePath(project_, "shp", fs_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(),
            "pipeline 'shp' not found (no pipelines/shp.sf); did you mean 'shop'? available "
            "pipelines: orders, shop");
}

TEST_F(ProjectTest, UnknownPathInPipelinesSuggestsToo) {
  Result<std::string> r = ResolvePipelinePath(project_, "pipelines/odrers.sf", fs_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "pipeline 'odrers' not found (no pipelines/odrers.sf); did you mean 'orders'? "
            "available pipelines: orders, shop");
}

TEST_F(ProjectTest, ANameDifferingOnlyInCaseIsSuggested) {
  Result<std::string> r = ResolvePipelinePath(project_, "Shop", fs_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "pipeline 'Shop' not found (no pipelines/Shop.sf); did you mean 'shop'? available "
            "pipelines: orders, shop");
}

TEST(SuggestName, CaseTyposAndSwappedLetters) {
  std::vector<std::string> names = {"mode", "path", "memory_limit", "threads"};
  EXPECT_EQ(SuggestName("Mode", names), "mode");
  EXPECT_EQ(SuggestName("memory_limt", names), "memory_limit");
  EXPECT_EQ(SuggestName("mdoe", names), "mode");
  EXPECT_EQ(SuggestName("ptah", names), "path");
  EXPECT_EQ(SuggestName("mode", names), std::nullopt);
  EXPECT_EQ(SuggestName("colour", names), std::nullopt);
}

TEST_F(ProjectTest, UnknownPipelineWithSwappedLettersIsSuggested) {
  EXPECT_EQ(ResolvePipelinePath(project_, "sohp", fs_).status().message(),
            "pipeline 'sohp' not found (no pipelines/sohp.sf); did you mean 'shop'? available "
            "pipelines: orders, shop");
}

TEST_F(ProjectTest, UnknownPipelineWithoutCloseNameListsAll) {
  Result<std::string> r = ResolvePipelinePath(project_, "inventory", fs_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "pipeline 'inventory' not found (no pipelines/inventory.sf); available pipelines: "
            "orders, shop");
}

TEST_F(ProjectTest, ProjectWithoutPipelinesSaysWhatToCreate) {
  FakeFileSystem fs;
  fs.AddDirectory("/p/profiles");
  Result<std::string> r = ResolvePipelinePath(Project{"/p"}, "daily", fs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "pipeline 'daily' not found (no pipelines/daily.sf); the project has no pipelines "
            "yet: create pipelines/daily.sf");
}

TEST_F(ProjectTest, MissingPathOutsidePipelinesIsShownRelativeToTheRoot) {
  Result<std::string> r = ResolvePipelinePath(project_, "jobs/x.sf", fs_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "jobs/x.sf: no such pipeline file");
}

TEST_F(ProjectTest, ADirectoryIsNotAPipeline) {
  Result<std::string> r = ResolvePipelinePath(project_, "pipelines/common", fs_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "pipelines/common: is a directory, not a pipeline file");
  EXPECT_EQ(ResolvePipelinePath(project_, "", fs_).status().message(),
            "no pipeline given; name one of the files in pipelines/");
}

TEST_F(ProjectTest, PathsAreResolvedAndDisplayedRelativeToTheRoot) {
  EXPECT_EQ(project_.Resolve("target/dev.duckdb"), "/w/shop/target/dev.duckdb");
  EXPECT_EQ(project_.Resolve("/data/x.csv"), "/data/x.csv");
  EXPECT_EQ(project_.DisplayPath("/w/shop/pipelines/shop.sf"), "pipelines/shop.sf");
  EXPECT_EQ(project_.DisplayPath("/w/shopping/x.sf"), "/w/shopping/x.sf");
  EXPECT_EQ(project_.DisplayPath("/w/shop"), "/w/shop");
  EXPECT_EQ(PipelineNameFromPath("/w/shop/pipelines/shop.sf"), "shop");
  EXPECT_EQ(PipelineNameFromPath("orders"), "orders");
}

TEST(ProjectOnDisk, FindsAndResolvesWithTheRealFileSystem) {
  test::TempDir dir;
  dir.WriteFile("proj/pipelines/daily.sf", "SELECT 1;");
  dir.WriteFile("proj/data/in.csv", "a\n1\n");
  RealFileSystem fs;
  Result<Project> p = FindProject(dir.path() + "/proj/data", fs);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->root, dir.path() + "/proj");
  EXPECT_EQ(ListPipelines(*p, fs), std::vector<std::string>{"daily"});
  EXPECT_EQ(*ResolvePipelinePath(*p, "daily", fs), dir.path() + "/proj/pipelines/daily.sf");
}

}  // namespace
}  // namespace sqlflow
