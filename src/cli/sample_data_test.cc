#include "cli/sample_data.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace sqlflow {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// FNV-1a, 64 bits: pins the exact bytes without storing them.
uint64_t Fingerprint(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// Splits rows without quoted fields (orders) at commas.
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');) out.push_back(f);
  return out;
}

int64_t Cents(const std::string& decimal) {
  size_t dot = decimal.find('.');
  return std::stoll(decimal.substr(0, dot)) * 100 + std::stoll(decimal.substr(dot + 1));
}

class SampleDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { files_ = new SampleFiles(GenerateSampleFiles()); }
  static void TearDownTestSuite() { delete files_; }
  static SampleFiles* files_;
};
SampleFiles* SampleDataTest::files_ = nullptr;

TEST(SampleSplitMix64, MatchesTheReferenceSequence) {
  SplitMix64 rng(0);
  EXPECT_EQ(rng.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.Next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(rng.Next(), 0x06c45d188009454fULL);
}

TEST(SampleSplitMix64, StaysInRange) {
  SplitMix64 rng(42);
  std::map<size_t, int> picks;
  for (int i = 0; i < 1000; ++i) {
    int64_t v = rng.Between(-3, 3);
    EXPECT_GE(v, -3);
    EXPECT_LE(v, 3);
    ++picks[rng.Weighted({1, 0 + 1, 8})];
  }
  EXPECT_GT(picks[2], picks[0] + picks[1]);
}

TEST(SampleCsv, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(QuoteCsvField("plain text"), "plain text");
  EXPECT_EQ(QuoteCsvField(""), "");
  EXPECT_EQ(QuoteCsvField("O'Brien"), "O'Brien");
  EXPECT_EQ(QuoteCsvField("Smith, PhD"), "\"Smith, PhD\"");
  EXPECT_EQ(QuoteCsvField("27\" Monitor"), "\"27\"\" Monitor\"");
  EXPECT_EQ(QuoteCsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(QuoteCsvField(" padded"), "\" padded\"");
  EXPECT_EQ(FormatCsvRow({"1", "a,b", "say \"hi\""}), "1,\"a,b\",\"say \"\"hi\"\"\"\n");
}

TEST_F(SampleDataTest, IsTheSameOnEveryRun) {
  SampleFiles again = GenerateSampleFiles();
  EXPECT_EQ(again.customers_csv, files_->customers_csv);
  EXPECT_EQ(again.products_csv, files_->products_csv);
  EXPECT_EQ(again.orders_csv, files_->orders_csv);
  EXPECT_EQ(again.orders_update_csv, files_->orders_update_csv);
}

// The same bytes with every compiler and standard library: a change here changes every new
// project, so it should be deliberate.
TEST_F(SampleDataTest, HasPinnedContents) {
  EXPECT_EQ(Lines(files_->customers_csv)[1],
            "1,Linda van Dijk,linda.vandijk1@example.com,US,Seattle,2023-01-01,consumer");
  EXPECT_EQ(Lines(files_->products_csv)[1], "1,SKU-00001,Slim Plush Bear,Toys,45.99,true");
  EXPECT_EQ(Lines(files_->orders_csv)[1], "1,124,343,2024-01-01,3,151.47,delivered");
  EXPECT_EQ(Fingerprint(files_->customers_csv), 5569949740519961132ULL);
  EXPECT_EQ(Fingerprint(files_->products_csv), 11602612940087294556ULL);
  EXPECT_EQ(Fingerprint(files_->orders_csv), 13421962020650502662ULL);
  EXPECT_EQ(Fingerprint(files_->orders_update_csv), 4700827754408908259ULL);
}

TEST_F(SampleDataTest, HasTheAdvertisedRowCounts) {
  EXPECT_EQ(Lines(files_->customers_csv).size(), 1 + 1000u);
  EXPECT_EQ(Lines(files_->products_csv).size(), 1 + 500u);
  EXPECT_EQ(Lines(files_->orders_csv).size(), 1 + 5000u);
  EXPECT_EQ(Lines(files_->orders_update_csv).size(), 1 + 300u + 200u);
  EXPECT_EQ(Lines(files_->orders_csv)[0],
            "order_id,customer_id,product_id,order_date,quantity,amount,status");
  EXPECT_EQ(Lines(files_->orders_update_csv)[0], Lines(files_->orders_csv)[0]);
}

TEST_F(SampleDataTest, QuotesNamesWithCommasAndQuotes) {
  const std::string& customers = files_->customers_csv;
  EXPECT_TRUE(std::regex_search(customers, std::regex("\n\\d+,\"\\w+ \"\"\\w+\"\" [^\"]+\",")))
      << "no customer with a quoted nickname";
  EXPECT_TRUE(std::regex_search(customers, std::regex("\n\\d+,\"[^\"]+, PhD\",")))
      << "no customer name with a comma";
  EXPECT_NE(files_->products_csv.find(",\"Pro 27\"\" Monitor\","), std::string::npos);
  EXPECT_NE(files_->products_csv.find(", Pack of 2\","), std::string::npos);
}

TEST_F(SampleDataTest, ProductsHaveSkusAndTwoDecimalPrices) {
  std::vector<std::string> lines = Lines(files_->products_csv);
  EXPECT_EQ(lines[500].substr(0, 14), "500,SKU-00500,");
  std::regex row(
      R"(\d+,SKU-\d{5},.+,(Electronics|Home|Office|Outdoor|Toys|Beauty),\d+\.\d\d,(true|false))");
  for (size_t i = 1; i < lines.size(); ++i)
    EXPECT_TRUE(std::regex_match(lines[i], row)) << lines[i];
}

TEST_F(SampleDataTest, OrdersAddUp) {
  std::vector<int64_t> prices = {0};
  for (const std::string& line : Lines(files_->products_csv)) {
    if (line.starts_with("product_id")) continue;
    std::string without_active = line.substr(0, line.rfind(','));
    prices.push_back(Cents(without_active.substr(without_active.rfind(',') + 1)));
  }
  std::vector<std::string> signups = {""};
  for (const std::string& line : Lines(files_->customers_csv)) {
    std::smatch m;
    if (std::regex_search(line, m, std::regex(R"(,(\d{4}-\d\d-\d\d),\w+$)"))) {
      signups.push_back(m[1]);
    }
  }
  ASSERT_EQ(prices.size(), 501u);
  ASSERT_EQ(signups.size(), 1001u);
  std::vector<std::string> lines = Lines(files_->orders_csv);
  std::string previous_date = "2024-01-01";
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = Fields(lines[i]);
    ASSERT_EQ(f.size(), 7u) << lines[i];
    EXPECT_EQ(f[0], std::to_string(i));
    EXPECT_EQ(Cents(f[5]), std::stoi(f[4]) * prices[std::stoi(f[2])]) << lines[i];
    EXPECT_GE(f[3], previous_date) << "orders are in date order";
    EXPECT_LE(f[3], "2024-12-31");
    EXPECT_LE(signups[std::stoi(f[1])], f[3]) << "ordered before signing up: " << lines[i];
    previous_date = f[3];
  }
}

TEST_F(SampleDataTest, UpdatesChangeStatusesAndAddOrders) {
  std::map<std::string, std::string> status;
  for (const std::string& line : Lines(files_->orders_csv)) status[Fields(line)[0]] = line;
  int changed = 0, added = 0;
  for (const std::string& line : Lines(files_->orders_update_csv)) {
    std::vector<std::string> f = Fields(line);
    if (f[0] == "order_id") continue;
    auto old = status.find(f[0]);
    if (old == status.end()) {
      ++added;
      EXPECT_EQ(f[6], "placed");
      EXPECT_GE(f[3], "2025-01-01");
      continue;
    }
    ++changed;
    std::vector<std::string> before = Fields(old->second);
    EXPECT_NE(before[6], f[6]) << line;
    before[6] = f[6];
    EXPECT_EQ(before, f) << "only the status changes";
  }
  EXPECT_EQ(changed, 300);
  EXPECT_EQ(added, 200);
}

}  // namespace
}  // namespace sqlflow
