// Crash safety of incremental SaaS loads (issue 19; SPEC-CONNECTORS §3, §4): `sqlflow run` of an
// incremental TYPE SHOPIFY pipeline (LOAD orders FROM shop, merged by id, the stream's key) is
// killed with SIGKILL at many points of a load from the Shopify emulator (start-up, fetching
// pages into the staging folder, reading, merging, committing), then run again to completion.
// Between batches the shop changes (saas_api::Update: new orders and changes to earlier ones,
// stamped with the emulator's clock, one hour later each time), so each run after a batch reads
// from the watermark what changed. The truth is what the emulator serves: after every completed
// run the DuckDB target must hold exactly the orders a full listing of the emulator's API gives
// (count, distinct ids, a digest of id, updated_at, tags and total_price), and the stored
// watermark must be the target's max(updated_at); after every killed run the target must be the
// previous batch's state or the new one, never a mix. Killed runs leave their staging folders
// behind; the next run removes them.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "connectors/http/circuit_breaker.h"
#include "connectors/http/clock.h"
#include "connectors/http/http_client.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "kill_recovery_target.h"
#include "kill_recovery_util.h"
#include "util/saas_api_server.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

namespace fs = std::filesystem;

constexpr int kInitialOrders = 1'000;  // batch 0, the first load: 20 pages of kPageSize
constexpr int kCreated = 250;          // each later batch: new orders …
constexpr int kUpdated = 250;          // … and changed earlier ones (tags, note, updated_at)
constexpr int kBatches = 4;
constexpr int kPageSize = 50;  // the SOURCE's batch_size: many pages a load, time to kill in

// The emulator's limits are off here: this test makes some forty runs in under a minute, each
// a new process whose client starts with a full bucket, and Shopify's 2 requests a second would
// turn most of them into 2 s waits for a 429 (shopify_limits.test covers the limits). The
// SOURCE's own rate limit (40/s) spreads a load's pages over about half a second instead. A few
// transient faults make the source retry while it is being killed.
constexpr const char* kServerConfig =
    R"({"api": "shopify", "counts": {"orders": 1000}, "rate_limits": "off",
        "faults": {"seed": 19, "rate": 0.02, "kinds": ["500", "503", "reset"]}})";

// The Snapshot of relation `from` (columns id, updated_at, tags, total_price), the same SQL on
// the target and on the truth; tags is what an update changes besides updated_at.
Snapshot SnapshotOf(Connection& conn, const std::string& from) {
  return {QueryOne(conn, "SELECT count(*) FROM " + from),
          QueryOne(conn, "SELECT count(DISTINCT id) FROM " + from),
          QueryOne(conn, "SELECT sum(CAST(total_price AS DECIMAL(18, 2))) FROM " + from),
          QueryOne(conn,
                   "SELECT CAST(sum(hash(CAST(id AS BIGINT), CAST(updated_at AS TIMESTAMPTZ), "
                   "CAST(tags AS VARCHAR), CAST(total_price AS VARCHAR))) AS VARCHAR) FROM " +
                       from)};
}

std::string SqlText(const nlohmann::json& value) {
  if (!value.is_string()) return "NULL";
  std::string out = "'";
  for (char c : value.get<std::string>()) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// What the emulator serves now: every order, listed through its API (by since_id, not by the
// Link paging the source under test uses) into an in-memory table `truth`.
class Truth {
 public:
  Truth() {
    Result<Database> db = Database::Open(DatabaseOptions{});
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return;
    db_.emplace(std::move(*db));
    Result<Connection> conn = Connection::Open(*db_);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    if (conn.ok()) conn_.emplace(std::move(*conn));
  }

  // Lists namespace `ns`'s orders into `truth`, replacing what it held; false on a failure
  // (reported).
  bool Fetch(const std::string& ns) {
    if (!conn_) return false;
    Status made = conn_->Execute(
        "CREATE OR REPLACE TABLE truth (id BIGINT, updated_at TIMESTAMPTZ, tags VARCHAR, "
        "total_price VARCHAR)");
    EXPECT_TRUE(made.ok()) << made.ToString();
    // Retries for the namespace's injected faults; breakers of its own, the process's untouched.
    ResiliencePolicy policy;
    policy.retry.max_attempts = 10;
    policy.retry.base = std::chrono::milliseconds(5);
    policy.retry.cap = std::chrono::milliseconds(50);
    policy.circuit.failure_threshold = 0;
    HttpClient client(policy, SystemClock(), std::make_shared<CircuitBreakers>(SystemClock()));
    int64_t since_id = 0;
    while (true) {
      HttpRequest request;
      request.url = saas_api::NamespaceUrl(ns) +
                    "/admin/api/2024-01/orders.json?status=any&limit=250&since_id=" +
                    std::to_string(since_id) + "&fields=id,updated_at,tags,total_price";
      request.headers = {{"X-Shopify-Access-Token", "shpat_test_token"}};
      Result<HttpResponse> response = client.Send(request);
      EXPECT_TRUE(response.ok()) << response.status().ToString();
      if (!response.ok()) return false;
      EXPECT_EQ(response->status, 200) << response->body;
      nlohmann::json page = nlohmann::json::parse(response->body, nullptr, false);
      if (response->status != 200 || !page.is_object() || !page["orders"].is_array()) return false;
      const nlohmann::json& orders = page["orders"];
      if (orders.empty()) return true;
      std::string sql = "INSERT INTO truth VALUES ";
      for (size_t i = 0; i < orders.size(); ++i) {
        const nlohmann::json& o = orders[i];
        since_id = o.value("id", int64_t{0});
        sql += std::string(i == 0 ? "(" : ", (") + std::to_string(since_id) + ", CAST(" +
               SqlText(o["updated_at"]) + " AS TIMESTAMPTZ), " + SqlText(o["tags"]) + ", " +
               SqlText(o["total_price"]) + ")";
      }
      Status inserted = conn_->Execute(sql);
      EXPECT_TRUE(inserted.ok()) << inserted.ToString();
      if (!inserted.ok()) return false;
    }
  }

  Snapshot Get() { return conn_ ? SnapshotOf(*conn_, "truth") : Snapshot{}; }

  // How many orders an incremental read from `watermark` (inclusive) brings.
  int64_t ChangedSince(const std::string& watermark) {
    if (!conn_) return -1;
    std::string n = QueryOne(*conn_, "SELECT count(*) FROM truth WHERE updated_at >= CAST('" +
                                         watermark + "' AS TIMESTAMPTZ)");
    return n == "<error>" ? -1 : std::stoll(n);
  }

 private:
  std::optional<Database> db_;
  std::optional<Connection> conn_;  // after db_: closed first
};

// A project whose pipeline `orders` loads the Shopify stream orders of namespace `ns`
// incrementally (MERGE by id, the default) into target/kill.duckdb.
void WriteProject(const TempDir& project, const std::string& ns) {
  project.WriteFile("profiles/dev.yml",
                    "engines:\n  duckdb: {mode: persistent, path: target/kill.duckdb}\n");
  project.WriteFile(
      "pipelines/orders.sf",
      "SOURCE shop TYPE SHOPIFY PARAMS {\"base_url\": \"" + saas_api::NamespaceUrl(ns) +
          "\", \"access_token\": \"shpat_test_token\", \"sync_mode\": \"incremental\", "
          "\"batch_size\": " +
          std::to_string(kPageSize) +
          ", \"retry\": {\"max_attempts\": 8, \"base_delay\": 0.01, \"max_delay\": 0.05}, "
          "\"rate_limit\": {\"requests_per_second\": 40, \"burst\": 1}};\n"
          "LOAD orders FROM shop;\n");
}

ChildResult RunOrders(const std::string& project, std::chrono::milliseconds limit) {
  return RunPipelineFor(project, "orders", "2", limit);
}

// When to kill the runs of a batch: for the first, fixed times from start-up on; for later ones,
// fractions of the previous batch's load, up to its end (reading, merging, committing,
// closing), so that every phase is hit whatever the machine's speed.
std::vector<std::chrono::milliseconds> KillPoints(std::optional<std::chrono::milliseconds> run) {
  using std::chrono::milliseconds;
  if (!run) {
    return {milliseconds(30),  milliseconds(80),  milliseconds(150), milliseconds(300),
            milliseconds(450), milliseconds(600), milliseconds(800), milliseconds(1000)};
  }
  std::vector<milliseconds> out;
  for (double f : {0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0}) {
    out.push_back(std::max(milliseconds(20), milliseconds(static_cast<int64_t>(
                                                 f * static_cast<double>(run->count())))));
  }
  return out;
}

std::chrono::milliseconds Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(KillRecoverySaas, IncrementalShopifyLoadSurvivesSigkillAtAnyPoint) {
  const std::string ns = "kill_recovery_saas_shopify";
  Status configured = saas_api::Configure(ns, kServerConfig);
  ASSERT_TRUE(configured.ok()) << configured.ToString();
  TempDir project;
  WriteProject(project, ns);
  Truth truth;

  TargetState before;  // the committed state after the previous batch (none before batch 0)
  // How long the previous batch's load took: the longest run that ended, or the time at which a
  // killed run had already committed (the run after it had nothing left to load).
  std::optional<std::chrono::milliseconds> last_load;
  int kills = 0;
  int kills_left_old_state = 0;  // killed runs of later batches that had not committed yet
  int kills_left_new_state = 0;  // killed runs that had committed (and not yet ended)
  int kills_left_staging = 0;    // killed runs that left a staging folder behind
  int kills_after_fetch = 0;     // of those, runs past the last page and not yet committed
  for (int b = 0; b < kBatches; ++b) {
    SCOPED_TRACE("batch " + std::to_string(b));
    if (b > 0) {
      Result<nlohmann::json> update =
          saas_api::Update(ns, R"({"stream": "orders", "create": )" + std::to_string(kCreated) +
                                   R"(, "update": )" + std::to_string(kUpdated) + "}");
      ASSERT_TRUE(update.ok()) << update.status().ToString();
      ASSERT_EQ((*update)["created"].size(), static_cast<size_t>(kCreated)) << update->dump();
      ASSERT_EQ((*update)["updated"].size(), static_cast<size_t>(kUpdated)) << update->dump();
    }
    ASSERT_TRUE(truth.Fetch(ns));
    Snapshot expected = truth.Get();
    ASSERT_EQ(expected.count, std::to_string(kInitialOrders + b * kCreated));
    // Otherwise "old state or new state" could not tell them apart.
    if (before.exists) ASSERT_NE(expected, before.data) << "the update changed nothing";
    // What an incremental read of this batch brings (the bound is inclusive).
    const int64_t to_fetch = before.exists ? truth.ChangedSince(before.watermark) : kInitialOrders;
    // Kill at several points of the load (start-up, fetching pages, reading, merging,
    // committing).
    std::chrono::milliseconds load{0};
    for (std::chrono::milliseconds at : KillPoints(last_load)) {
      SCOPED_TRACE("killed at " + std::to_string(at.count()) + "ms");
      std::vector<std::string> staged_before = StagingFolders(project.path(), "rest");
      auto started = std::chrono::steady_clock::now();
      ChildResult killed = RunOrders(project.path(), at);
      load = std::max(load, killed.timed_out ? std::chrono::milliseconds(0) : Since(started));
      ASSERT_TRUE(killed.timed_out || killed.exit_code == 0) << killed.output;
      if (killed.timed_out) ++kills;
      // How many records the killed run had fetched (the folder it left), -1 when none.
      int64_t staged = RecordsStagedSince(project.path(), staged_before);
      if (killed.timed_out && staged >= 0) ++kills_left_staging;
      // Both old or both new: the rows are one batch's state and the watermark is their cursor.
      LeftState left =
          CheckOldOrNew(before, ReadTarget(project.path(), SnapshotOf, "updated_at"), expected);
      if (left == LeftState::kNothing) continue;
      if (killed.timed_out && left == LeftState::kOld) ++kills_left_old_state;
      if (killed.timed_out && left == LeftState::kOld && staged == to_fetch) ++kills_after_fetch;
      if (killed.timed_out && left == LeftState::kNew) {
        ++kills_left_new_state;
        load = std::max(load, at);
      }
      if (!killed.timed_out) break;  // the run finished: later points would kill nothing
    }
    // ... then let a run finish.
    auto started = std::chrono::steady_clock::now();
    ChildResult done = RunOrders(project.path(), std::chrono::milliseconds(60'000));
    ASSERT_EQ(done.exit_code, 0) << done.output;
    last_load = std::max(load, Since(started));
    std::cout << "batch " << b << ": " << to_fetch << " orders to read, the load took about "
              << last_load->count() << " ms\n";
    TargetState after = ReadTarget(project.path(), SnapshotOf, "updated_at");
    ASSERT_TRUE(after.exists) << done.output;
    EXPECT_EQ(after.data, expected) << "target vs what the emulator serves";
    EXPECT_EQ(after.data.count, after.data.distinct_ids);
    EXPECT_EQ(after.watermark, after.max_cursor);
    if (before.exists) EXPECT_GT(after.watermark, before.watermark);
    // The killed runs' staging folders were removed by this run, and its own when it ended.
    EXPECT_EQ(Join(StagingFolders(project.path(), "rest")), "");
    before = after;
  }
  // The kills must really have interrupted runs, or this test proves nothing.
  Result<nlohmann::json> stats = saas_api::Stats(ns);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  RecordProperty("kills", kills);
  RecordProperty("kills_left_old_state", kills_left_old_state);
  RecordProperty("kills_left_new_state", kills_left_new_state);
  RecordProperty("kills_left_staging", kills_left_staging);
  RecordProperty("kills_after_fetch", kills_after_fetch);
  std::cout << "killed " << kills << " runs; " << kills_left_old_state
            << " of them interrupted an incremental load over an existing target, "
            << kills_left_new_state << " came after the commit; " << kills_left_staging
            << " left a staging folder behind, " << kills_after_fetch
            << " of them with every page fetched (reading, merging); the emulator answered "
            << stats->value("requests", 0) << " requests, " << stats->value("faults_injected", 0)
            << " of them with a fault\n";
  EXPECT_GE(kills, 16);
  EXPECT_GE(kills_left_old_state, 8);
  EXPECT_GE(kills_left_staging, 4);
  EXPECT_GT(stats->value("faults_injected", 0), 0) << stats->dump();
}

}  // namespace
}  // namespace sqlflow::test
