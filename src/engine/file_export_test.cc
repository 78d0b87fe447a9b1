#include "engine/file_export.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "util/duckdb_test.h"
#include "util/temp_dir.h"

namespace sqlflow {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::string>;

constexpr const char* kDaily =
    "SELECT * FROM (VALUES (2020, 'a;b', 1.5), (2021, 'it''s', NULL), (2021, 'c', 3.0)) "
    "v(year, name, amount)";

class FileExportTest : public test::DuckDbTest {
 protected:
  std::string Path(const std::string& relative) const { return dir_.path() + "/" + relative; }

  ExportResult Export(const std::string& relative, const std::string& format,
                      const std::string& options = "", const std::string& query = kDaily) {
    auto result = ExportToFile(*conn_, {query, Path(relative), format, options, "e.sf:2: EXPORT"});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : ExportResult{-1, -1};
  }

  std::string ExportError(const std::string& relative, const std::string& format,
                          const std::string& options = "", const std::string& query = kDaily) {
    auto result = ExportToFile(*conn_, {query, Path(relative), format, options, "e.sf:2: EXPORT"});
    EXPECT_FALSE(result.ok());
    return result.ok() ? "<succeeded>" : result.status().message();
  }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Names in the temp dir's top folder, to check that nothing was left aside.
  Rows Listing(const std::string& relative = "") const {
    Rows names;
    for (const auto& entry : fs::directory_iterator(Path(relative))) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  const Rows kExpected = {"2020|a;b|1.5", "2021|c|3.0", "2021|it's|NULL"};
  test::TempDir dir_;
};

TEST_F(FileExportTest, CsvWithHeaderAndDelimiter) {
  ExportResult result = Export("daily.csv", "csv", R"({"header": true, "delimiter": ";"})");
  EXPECT_EQ(result.rows, 3);
  EXPECT_EQ(result.bytes, static_cast<int64_t>(fs::file_size(Path("daily.csv"))));
  EXPECT_EQ(ReadAll(Path("daily.csv")).substr(0, 17), "year;name;amount\n");
  EXPECT_EQ(Query("SELECT * FROM read_csv('" + Path("daily.csv") +
                  "', delim = ';', header = true) ORDER BY ALL"),
            kExpected);
  EXPECT_EQ(Listing(), (Rows{"daily.csv"}));
}

TEST_F(FileExportTest, CsvHeaderDefaultsToTrueAndCanBeOff) {
  Export("with.csv", "CSV");
  EXPECT_EQ(ReadAll(Path("with.csv")).substr(0, 17), "year,name,amount\n");
  Export("without.csv", "CSV", R"({"header": false})");
  EXPECT_EQ(ReadAll(Path("without.csv")).substr(0, 5), "2020,");
}

TEST_F(FileExportTest, CsvGzipCompression) {
  Export("daily.csv.gz", "CSV", R"({"compression": "gzip"})");
  EXPECT_EQ(ReadAll(Path("daily.csv.gz")).substr(0, 2), "\x1f\x8b");
  EXPECT_EQ(Query("SELECT * FROM read_csv('" + Path("daily.csv.gz") + "') ORDER BY ALL"),
            kExpected);
}

TEST_F(FileExportTest, ParquetWithCompression) {
  ExportResult result = Export("daily.parquet", "parquet", R"({"compression": "zstd"})");
  EXPECT_EQ(result.rows, 3);
  EXPECT_GT(result.bytes, 0);
  EXPECT_EQ(Query("SELECT * FROM read_parquet('" + Path("daily.parquet") + "') ORDER BY ALL"),
            kExpected);
  EXPECT_EQ(
      Query("SELECT DISTINCT compression FROM parquet_metadata('" + Path("daily.parquet") + "')"),
      (Rows{"ZSTD"}));
}

TEST_F(FileExportTest, JsonIsNewlineDelimitedByDefault) {
  Export("daily.json", "JSON");
  EXPECT_EQ(ReadAll(Path("daily.json")).substr(0, 42),
            "{\"year\":2020,\"name\":\"a;b\",\"amount\":1.5}\n{\"");
  EXPECT_EQ(Query("SELECT * FROM read_json('" + Path("daily.json") + "') ORDER BY ALL"), kExpected);
}

TEST_F(FileExportTest, JsonArray) {
  Export("daily.json", "JSON", R"({"array": true})");
  EXPECT_EQ(ReadAll(Path("daily.json")).substr(0, 1), "[");
  EXPECT_EQ(
      Query("SELECT * FROM read_json('" + Path("daily.json") + "', format = 'array') ORDER BY ALL"),
      kExpected);
}

TEST_F(FileExportTest, CreatesParentFolders) {
  Export("out/reports/2024/daily.csv", "CSV");
  EXPECT_TRUE(fs::is_regular_file(Path("out/reports/2024/daily.csv")));
}

TEST_F(FileExportTest, FailedExportLeavesNoFile) {
  std::string message = ExportError("daily.csv", "CSV", "", "SELECT error('boom') AS x");
  EXPECT_EQ(message, "e.sf:2: EXPORT: Invalid Input Error: boom");
  EXPECT_EQ(Listing(), Rows{});
}

TEST_F(FileExportTest, FailedExportKeepsExistingFile) {
  dir_.WriteFile("daily.csv", "old contents\n");
  ExportError("daily.csv", "CSV", "",
              "SELECT CASE WHEN i < 5000 THEN i ELSE error('boom') END AS x FROM range(9000) t(i)");
  EXPECT_EQ(ReadAll(Path("daily.csv")), "old contents\n");
  EXPECT_EQ(Listing(), (Rows{"daily.csv"}));
}

// A pid that no process can have: above the kernel's limit.
std::string ImpossiblePid() {
  std::ifstream in("/proc/sys/kernel/pid_max");
  long pid_max = 4194304;  // the largest limit Linux allows, when the file cannot be read
  in >> pid_max;
  return std::to_string(pid_max + 1);
}

TEST_F(FileExportTest, RemovesTheTemporaryFilesOfDeadProcessesOnly) {
  std::string dead = ImpossiblePid();
  std::string alive = std::to_string(getpid());
  dir_.WriteFile(".sqlflow-tmp-" + dead + "-0-daily.csv", "half an export");
  dir_.WriteFile(".sqlflow-tmp-" + dead + "-3-parts/year=2020/data_0.csv", "a partition");
  dir_.WriteFile(".sqlflow-tmp-" + alive + "-7-other.csv", "an export running now");
  dir_.WriteFile(".sqlflow-old-" + dead + "-1-parts/data_0.csv", "the old directory");
  dir_.WriteFile(".sqlflow-tmp-x" + dead + "-0-daily.csv", "not our name");
  dir_.WriteFile(".sqlflow-tmp-" + dead + "-0-", "not our name");
  dir_.WriteFile("notes.csv", "a user's file");
  dir_.WriteFile("sub/.sqlflow-tmp-" + dead + "-0-daily.csv", "another folder");
  Export("daily.csv", "CSV");
  Rows kept = {".sqlflow-old-" + dead + "-1-parts",
               ".sqlflow-tmp-" + alive + "-7-other.csv",
               ".sqlflow-tmp-" + dead + "-0-",
               ".sqlflow-tmp-x" + dead + "-0-daily.csv",
               "daily.csv",
               "notes.csv",
               "sub"};
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(Listing(), kept);
  EXPECT_EQ(Listing("sub"), (Rows{".sqlflow-tmp-" + dead + "-0-daily.csv"}));
}

TEST_F(FileExportTest, AZombiesTemporaryFileIsStaleToo) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  siginfo_t info = {};
  // Waits for the child to end without reaping it: it stays a zombie, as under an init that
  // does not reap (a container's).
  ASSERT_EQ(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);
  std::string name = ".sqlflow-tmp-" + std::to_string(child) + "-0-daily.csv";
  dir_.WriteFile(name, "half an export");
  Export("daily.csv", "CSV");
  EXPECT_EQ(Listing(), Rows{"daily.csv"});
  waitpid(child, nullptr, 0);
}

TEST_F(FileExportTest, OverwritesByDefault) {
  dir_.WriteFile("daily.csv", "old contents\n");
  Export("daily.csv", "CSV");
  EXPECT_EQ(Query("SELECT count(*) FROM read_csv('" + Path("daily.csv") + "')"), (Rows{"3"}));
}

TEST_F(FileExportTest, OverwriteFalseRefusesExistingDestination) {
  dir_.WriteFile("daily.csv", "old contents\n");
  EXPECT_EQ(ExportError("daily.csv", "CSV", R"({"overwrite": false})"),
            "e.sf:2: EXPORT: '" + Path("daily.csv") +
                "' already exists and \"overwrite\" is false; remove it or allow overwriting");
  EXPECT_EQ(ReadAll(Path("daily.csv")), "old contents\n");
  Export("new.csv", "CSV", R"({"overwrite": false})");
  EXPECT_TRUE(fs::exists(Path("new.csv")));
}

TEST_F(FileExportTest, PartitionByWritesAndReplacesADirectory) {
  ExportResult first = Export("daily", "PARQUET", R"({"partition_by": ["year"]})");
  EXPECT_EQ(first.rows, 3);
  EXPECT_EQ(Listing("daily"), (Rows{"year=2020", "year=2021"}));
  EXPECT_EQ(Query("SELECT * FROM read_parquet('" + Path("daily") +
                  "/**/*.parquet', hive_partitioning = true) ORDER BY ALL"),
            (Rows{"a;b|1.5|2020", "c|3.0|2021", "it's|NULL|2021"}));
  int64_t expected_bytes = 0;
  for (const auto& f : fs::recursive_directory_iterator(Path("daily"))) {
    if (f.is_regular_file()) expected_bytes += static_cast<int64_t>(f.file_size());
  }
  EXPECT_EQ(first.bytes, expected_bytes);

  Export("daily", "PARQUET", R"({"partition_by": "year"})", "SELECT 2022 AS year, 'z' AS name");
  EXPECT_EQ(Listing("daily"), (Rows{"year=2022"}));
  EXPECT_EQ(Listing(), (Rows{"daily"}));
}

TEST_F(FileExportTest, RejectsBadRequests) {
  auto relative = ExportToFile(*conn_, {kDaily, "out/daily.csv", "CSV", "", "e.sf:2: EXPORT"});
  ASSERT_FALSE(relative.ok());
  EXPECT_EQ(relative.status().message(),
            "e.sf:2: EXPORT: export path 'out/daily.csv' is not an absolute file path");
  EXPECT_EQ(ExportError("d.xml", "XML"),
            "e.sf:2: EXPORT: unknown export format 'XML'; use CSV, PARQUET or JSON");
  EXPECT_EQ(ExportError("d.parquet", "PARQUET", R"({"header": true})"),
            "e.sf:2: EXPORT: option 'header' applies to CSV exports only");
  EXPECT_EQ(ExportError("d.csv", "CSV", R"({"array": true})"),
            "e.sf:2: EXPORT: option 'array' applies to JSON exports only");
  EXPECT_EQ(ExportError("d.csv", "CSV", R"({"header": "yes"})"),
            "e.sf:2: EXPORT: option 'header' must be true or false");
  EXPECT_EQ(ExportError("d.csv", "CSV", R"({"partition_by": []})"),
            "e.sf:2: EXPORT: option 'partition_by' lists no column");
  EXPECT_EQ(ExportError("d.csv", "CSV", R"({"colour": 1})"),
            "e.sf:2: EXPORT: unknown option 'colour' for a CSV export");
  EXPECT_EQ(ExportError("d.csv", "CSV", "[1]"), "e.sf:2: EXPORT: OPTIONS must be a JSON object");
  EXPECT_EQ(Listing(), Rows{});
}

}  // namespace
}  // namespace sqlflow
