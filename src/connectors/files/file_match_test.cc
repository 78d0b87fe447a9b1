#include "connectors/files/file_match.h"

#include <gtest/gtest.h>

#include "util/fake_file_system.h"

namespace sqlflow {
namespace {

using Paths = std::vector<std::string>;

class FileMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddFile("/p/data/orders_2024.csv", "");
    fs_.AddFile("/p/data/orders_2025.csv", "");
    fs_.AddFile("/p/data/.hidden.csv", "");
    fs_.AddFile("/p/data/readme.md", "");
  }
  Result<FileMatch> Match(const std::string& path) { return MatchFiles(path, "/p", fs_, "L"); }

  test::FakeFileSystem fs_;
};

TEST_F(FileMatchTest, LiteralPath) {
  auto m = Match("data/orders_2024.csv");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->pattern, "/p/data/orders_2024.csv");
  EXPECT_EQ(m->files, Paths{"/p/data/orders_2024.csv"});
}

TEST_F(FileMatchTest, GlobInTheFileNameSkipsHiddenFiles) {
  EXPECT_EQ(Match("data/*.csv")->files,
            (Paths{"/p/data/orders_2024.csv", "/p/data/orders_2025.csv"}));
  EXPECT_EQ(Match("/p/data/orders_202[5].csv")->files, Paths{"/p/data/orders_2025.csv"});
}

TEST_F(FileMatchTest, GlobsInFoldersAndRecursiveGlobs) {
  fs_.AddFile("/p/data/2024/01/a.csv", "");
  fs_.AddFile("/p/data/2024/02/b.csv", "");
  fs_.AddFile("/p/data/2025/01/c.csv", "");
  fs_.AddFile("/p/data/.git/x.csv", "");
  EXPECT_EQ(Match("data/2024/*/*.csv")->files,
            (Paths{"/p/data/2024/01/a.csv", "/p/data/2024/02/b.csv"}));
  EXPECT_EQ(Match("data/*/01/*.csv")->files,
            (Paths{"/p/data/2024/01/a.csv", "/p/data/2025/01/c.csv"}));
  EXPECT_EQ(Match("data/**/*.csv")->files,
            (Paths{"/p/data/2024/01/a.csv", "/p/data/2024/02/b.csv", "/p/data/2025/01/c.csv",
                   "/p/data/orders_2024.csv", "/p/data/orders_2025.csv"}));
  EXPECT_EQ(Match("data/**/01/**/c.csv")->files, Paths{"/p/data/2025/01/c.csv"});
  EXPECT_EQ(Match("data/**/*.parquet").status().message(),
            "L: no file matches 'data/**/*.parquet' (looked in /p/data)");
  EXPECT_EQ(Match("dta/**/*.csv").status().message(),
            "L: no file matches 'dta/**/*.csv' (folder /p/dta does not exist)");
}

TEST_F(FileMatchTest, MissingFileSuggestsAName) {
  EXPECT_EQ(Match("data/orders_2042.csv").status().message(),
            "L: no file matches 'data/orders_2042.csv' (looked in /p/data); did you mean "
            "'data/orders_2024.csv'?");
  EXPECT_EQ(Match("data/*.parquet").status().message(),
            "L: no file matches 'data/*.parquet' (looked in /p/data)");
  EXPECT_EQ(Match("").status().message(), "L: \"path\" is empty");
}

TEST_F(FileMatchTest, DisplayPathIsRelativeToTheRoot) {
  EXPECT_EQ(DisplayPath("/p/data/a.csv", "/p"), "data/a.csv");
  EXPECT_EQ(DisplayPath("/p/data/a.csv", "/p/"), "data/a.csv");
  EXPECT_EQ(DisplayPath("/pq/a.csv", "/p"), "/pq/a.csv");
  EXPECT_EQ(ResolvePath("/abs/./x/../y.csv", "/p"), "/abs/y.csv");
  EXPECT_TRUE(HasGlob("a/b?.csv"));
  EXPECT_FALSE(HasGlob("a/b.csv"));
}

}  // namespace
}  // namespace sqlflow
