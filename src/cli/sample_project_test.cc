#include "cli/sample_project.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "engine/database.h"
#include "util/fake_file_system.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

using test::FakeFileSystem;
using test::TempDir;

std::vector<std::string> Paths(const std::vector<SampleFile>& files) {
  std::vector<std::string> out;
  for (const SampleFile& f : files) out.push_back(f.path);
  return out;
}

const SampleFile* Find(const std::vector<SampleFile>& files, const std::string& path) {
  for (const SampleFile& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

TEST(SampleProjectFiles, FullProjectHasProfilesPipelinesAndData) {
  std::vector<SampleFile> files = SampleProjectFiles(ProjectTemplate::kFull, "shop");
  EXPECT_EQ(Paths(files),
            (std::vector<std::string>{
                "README.md", ".gitignore", "profiles/dev.yml", "profiles/prod.yml",
                "pipelines/daily_sales.sf", "pipelines/customers.sf", "data/customers.csv",
                "data/products.csv", "data/orders.csv", "data/orders_update.csv",
                "python_udfs/.gitkeep", "output/.gitkeep"}));
  EXPECT_NE(Find(files, "profiles/dev.yml")->contents.find("mode: memory"), std::string::npos);
  const std::string& prod = Find(files, "profiles/prod.yml")->contents;
  EXPECT_NE(prod.find("mode: persistent"), std::string::npos);
  EXPECT_NE(prod.find("path: target/prod.duckdb"), std::string::npos);
  EXPECT_EQ(Find(files, "README.md")->contents.substr(0, 7), "# shop\n");
  EXPECT_NE(Find(files, ".gitignore")->contents.find("target/"), std::string::npos);
}

TEST(SampleProjectFiles, PipelinesUseEveryLoadMode) {
  std::vector<SampleFile> files = SampleProjectFiles(ProjectTemplate::kFull, "shop");
  std::string both = Find(files, "pipelines/daily_sales.sf")->contents +
                     Find(files, "pipelines/customers.sf")->contents;
  for (const char* needle :
       {"TYPE CSV", "TYPE PARQUET", "MODE REPLACE", "MODE APPEND", "MODE MERGE KEY",
        "MODE UPSERT KEY", "WITH ", "IF ${env|dev} == 'prod' THEN", "ELSE", "END IF;", "TYPE JSON",
        "'output/daily_sales.csv'", "'output/daily_sales.parquet'", "SET "}) {
    EXPECT_NE(both.find(needle), std::string::npos) << needle;
  }
}

TEST(SampleProjectFiles, MinimalProjectIsSmall) {
  std::vector<SampleFile> files = SampleProjectFiles(ProjectTemplate::kMinimal, "tiny");
  EXPECT_EQ(Paths(files), (std::vector<std::string>{"README.md", ".gitignore", "profiles/dev.yml",
                                                    "pipelines/daily_sales.sf", "data/orders.csv",
                                                    "output/.gitkeep"}));
  EXPECT_LT(Find(files, "data/orders.csv")->contents.size(), 1000u);
}

TEST(SampleProjectName, AcceptsFolderNamesAndPaths) {
  for (const char* ok : {"shop", "my_shop", "shop-2", "v1.0", "work/shop", "../shop", "shop/",
                         "/tmp/x/shop", "9lives"}) {
    EXPECT_TRUE(CheckProjectName(ok).ok()) << ok;
  }
}

TEST(SampleProjectName, RejectsOthers) {
  EXPECT_EQ(CheckProjectName("").message(),
            "the project name is empty; e.g. sqlflow init my_project");
  EXPECT_EQ(CheckProjectName("my shop").message(),
            "'my shop' is not a valid project name: use letters, digits, '_', '-' and '.', "
            "starting with a letter, digit or '_'");
  for (const char* bad : {".", "..", "work/..", ".hidden", "-x", "a*b", "tab\there", "/"}) {
    EXPECT_FALSE(CheckProjectName(bad).ok()) << bad;
  }
}

TEST(SampleProjectCreate, WritesTheMinimalProjectWithoutAnEngine) {
  FakeFileSystem fs;
  Result<std::vector<SampleFile>> files =
      CreateSampleProject("/w/tiny", ProjectTemplate::kMinimal, fs, nullptr);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->size(), 6u);
  for (const SampleFile& f : *files) EXPECT_TRUE(fs.Exists("/w/tiny/" + f.path)) << f.path;
  EXPECT_TRUE(fs.Exists("/w/tiny/output/.gitkeep"));
}

TEST(SampleProjectCreate, NeverOverwrites) {
  FakeFileSystem fs;
  fs.AddFile("/w/notes/todo.txt", "keep me");
  fs.AddFile("/w/half/pipelines/old.sf", "SELECT 1;");
  fs.AddFile("/w/file", "");
  Result<std::vector<SampleFile>> r =
      CreateSampleProject("/w/notes", ProjectTemplate::kMinimal, fs, nullptr);
  EXPECT_EQ(r.status().message(),
            "directory '/w/notes' already exists and is not empty; choose another name");
  r = CreateSampleProject("/w/half", ProjectTemplate::kMinimal, fs, nullptr);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  r = CreateSampleProject("/w/file", ProjectTemplate::kMinimal, fs, nullptr);
  EXPECT_EQ(r.status().message(), "'/w/file' exists and is not a directory; choose another name");
  EXPECT_EQ(fs.files().size(), 3u);
}

// The full project on disk, read back by DuckDB the way the pipelines read it.
class SampleProjectOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.threads = 1;
    Result<Database> db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    Result<Connection> conn = Connection::Open(*db_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_.emplace(std::move(conn).value());
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }

  std::vector<std::string> Row(const std::string& sql) {
    Result<QueryResult> r = conn_->Query(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    Result<StringRows> rows = r->FetchAllAsStrings();
    EXPECT_TRUE(rows.ok() && rows->size() == 1) << sql;
    if (!rows.ok() || rows->size() != 1) return {};
    std::vector<std::string> out;
    for (const auto& v : rows->front()) out.push_back(v.value_or("NULL"));
    return out;
  }

  TempDir tmp_;
  RealFileSystem fs_;
  std::optional<Database> db_;
  std::optional<Connection> conn_;
};

TEST_F(SampleProjectOnDisk, WritesEveryFileAndAParquetCopy) {
  std::string dir = tmp_.path() + "/nested/shop";
  Result<std::vector<SampleFile>> files =
      CreateSampleProject(dir, ProjectTemplate::kFull, fs_, &*conn_);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 13u);
  EXPECT_EQ((*files)[8].path, "data/products.parquet");
  for (const SampleFile& f : *files) EXPECT_TRUE(fs_.Exists(dir + "/" + f.path)) << f.path;

  std::string data = "'" + dir + "/data/";
  EXPECT_EQ(Row("SELECT count(*), count(DISTINCT sku), typeof(any_value(unit_price)), "
                "min(unit_price) > 0 FROM " +
                data + "products.parquet'"),
            (std::vector<std::string>{"500", "500", "DECIMAL(10,2)", "true"}));
  EXPECT_EQ(Row("SELECT name FROM " + data + "products.parquet' WHERE sku = 'SKU-00026'"),
            (std::vector<std::string>{"Pro 27\" Monitor"}));
  EXPECT_EQ(Row("SELECT count(*), count(DISTINCT email), min(signup_date)::VARCHAR, "
                "max(signup_date) < DATE '2025-01-01' FROM read_csv(" +
                data + "customers.csv')"),
            (std::vector<std::string>{"1000", "1000", "2023-01-01", "true"}));
  EXPECT_EQ(Row("SELECT name FROM read_csv(" + data + "customers.csv') WHERE customer_id = 13"),
            (std::vector<std::string>{"Matthew \"Matt\" Moore"}));
  EXPECT_EQ(Row("SELECT count(*), typeof(any_value(order_date)), typeof(any_value(amount)) "
                "FROM read_csv(" +
                data + "orders.csv')"),
            (std::vector<std::string>{"5000", "DATE", "DOUBLE"}));
  EXPECT_EQ(Row("SELECT count(*), count(DISTINCT order_id) FROM read_csv(" + data +
                "orders_update.csv')"),
            (std::vector<std::string>{"500", "500"}));
}

TEST_F(SampleProjectOnDisk, IsByteIdenticalEveryTime) {
  for (const char* name : {"a", "b"}) {
    ASSERT_TRUE(
        CreateSampleProject(tmp_.path() + "/" + name, ProjectTemplate::kFull, fs_, &*conn_).ok());
  }
  for (const char* file :
       {"data/customers.csv", "data/orders.csv", "data/orders_update.csv", "data/products.csv",
        "data/products.parquet", "pipelines/customers.sf"}) {
    Result<std::string> a = fs_.ReadFile(tmp_.path() + "/a/" + file);
    Result<std::string> b = fs_.ReadFile(tmp_.path() + "/b/" + file);
    ASSERT_TRUE(a.ok() && b.ok()) << file;
    EXPECT_TRUE(*a == *b) << file << " differs between two projects";
  }
}

}  // namespace
}  // namespace sqlflow
