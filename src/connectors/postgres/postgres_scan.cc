#include "connectors/postgres/postgres_scan.h"

#include <algorithm>

#include "connectors/postgres/pg_binary_decoder.h"
#include "connectors/postgres/pg_catalog.h"

namespace sqlflow {

namespace {

// Ranges per connection: enough that a fast worker can take more than its share.
constexpr int64_t kRangesPerWorker = 8;
constexpr int64_t kMinRangePages = 128;
// Workers that decode one shared COPY (DuckDB runs at most its `threads` of them). Independent
// of `parallel`, which counts connections: even on one connection, decoding and DuckDB's
// compressing keep a core busy beside the server's.
constexpr size_t kSharedStreamWorkers = 4;

// The codecs of the `projected` columns, in the order the COPY selects them.
std::vector<PgFieldCodec> CodecsFor(const PostgresScanPlan& plan,
                                    const std::vector<size_t>& projected) {
  std::vector<PgFieldCodec> codecs;
  for (size_t i : projected) codecs.push_back(plan.columns[i].codec);
  return codecs;
}

// Adds a finished worker's count of NaN/±Infinity decimals to the read's, for the warning.
void ReportNonFinite(const PostgresScanPlan& plan, const PgBinaryDecoder& decoder) {
  int64_t n = decoder.non_finite_decimals();
  if (n == 0) return;
  PostgresReadStats& stats = *plan.stats;
  std::lock_guard<std::mutex> lock(stats.mutex);
  if (stats.non_finite_decimals.fetch_add(n) == 0)
    stats.non_finite_column = decoder.non_finite_column();
}

// Reads COPY streams, one per page range, into chunks.
class PostgresScanWorker : public TableScanWorker {
 public:
  // REQUIRES: `conn` is registered with `scan` (and unregistered here when the worker dies).
  PostgresScanWorker(std::shared_ptr<PostgresScan> scan, PgConnection* conn,
                     std::unique_ptr<PgConnection> owned, std::vector<size_t> projected)
      : scan_(std::move(scan)),
        conn_(conn),
        owned_(std::move(owned)),
        projected_(std::move(projected)),
        decoder_(CodecsFor(scan_->plan(), projected_)) {}

  ~PostgresScanWorker() override {
    ReportNonFinite(scan_->plan(), decoder_);
    scan_->Unregister(conn_);
  }

  Result<size_t> Fill(OutputChunk& out) override {
    std::vector<OutputVector> columns;
    columns.reserve(out.column_count());
    for (size_t i = 0; i < out.column_count(); ++i) columns.push_back(out.column(i));
    size_t rows = 0;
    while (rows < out.capacity() && !done_) {
      Status st = Step(columns, out.capacity(), &rows);
      if (!st.ok()) {
        done_ = true;
        return st;
      }
    }
    out.SetSize(rows);
    return rows;
  }

 private:
  // One step of the read: start the next COPY, fetch the next piece, or decode.
  Status Step(std::vector<OutputVector>& columns, size_t capacity, size_t* rows) {
    if (!copying_) return StartNextCopy();
    if (decoder_.NeedsInput()) {
      Result<std::string_view> piece = conn_->ReadCopy();
      if (!piece.ok()) return scan_->Explain(*conn_, piece.status());
      if (piece->empty()) return EndCopy();
      scan_->plan().stats->bytes_received.fetch_add(static_cast<int64_t>(piece->size()),
                                                    std::memory_order_relaxed);
      decoder_.Feed(*piece);
    }
    Result<size_t> decoded = decoder_.Decode(columns, capacity, *rows);
    if (!decoded.ok()) {
      const PostgresScanPlan& plan = scan_->plan();
      return Status::Invalid(plan.label_prefix + plan.where + ": " + decoded.status().message());
    }
    *rows += *decoded;
    return Status::OK();
  }

  Status StartNextCopy() {
    std::optional<PostgresScan::PageRange> range = scan_->NextRange();
    if (!range || scan_->cancelled()) {
      done_ = true;
      return Status::OK();
    }
    decoder_.Reset();
    Status st = conn_->StartCopyOut(scan_->CopySql(projected_, *range));
    if (!st.ok()) return scan_->Explain(*conn_, st);
    copying_ = true;
    return Status::OK();
  }

  Status EndCopy() {
    copying_ = false;
    if (!decoder_.finished()) {
      const PostgresScanPlan& plan = scan_->plan();
      return Status::IoError(plan.label_prefix + plan.where +
                             ": the COPY stream ended without its trailer; the read is "
                             "incomplete — run again");
    }
    return Status::OK();
  }

  std::shared_ptr<PostgresScan> scan_;
  PgConnection* conn_;
  std::unique_ptr<PgConnection> owned_;
  std::vector<size_t> projected_;
  PgBinaryDecoder decoder_;
  bool copying_ = false;
  bool done_ = false;
};

// A worker of a serial read: takes tuples of the one shared COPY and decodes them into chunks.
class SharedStreamWorker : public TableScanWorker {
 public:
  SharedStreamWorker(std::shared_ptr<PostgresScan> scan, std::vector<size_t> projected)
      : scan_(std::move(scan)),
        projected_(std::move(projected)),
        decoder_(CodecsFor(scan_->plan(), projected_)) {}

  ~SharedStreamWorker() override { ReportNonFinite(scan_->plan(), decoder_); }

  Result<size_t> Fill(OutputChunk& out) override {
    if (scan_->cancelled()) return scan_->CancelledError();
    PgCopyPrefetcher& stream = scan_->SharedStream(projected_, out.capacity());
    SQLFLOW_RETURN_IF_ERROR(stream.Next(&batch_));
    if (batch_.rows == 0) {
      out.SetSize(0);
      return size_t{0};
    }
    std::vector<OutputVector> columns;
    columns.reserve(out.column_count());
    for (size_t i = 0; i < out.column_count(); ++i) columns.push_back(out.column(i));
    decoder_.Reset();
    scan_->plan().stats->bytes_received.fetch_add(static_cast<int64_t>(batch_.bytes.size()),
                                                  std::memory_order_relaxed);
    decoder_.Feed(batch_.bytes);
    size_t rows = 0;
    while (rows < batch_.rows && !decoder_.finished()) {
      Result<size_t> decoded = decoder_.Decode(columns, out.capacity(), rows);
      if (!decoded.ok()) {
        const PostgresScanPlan& plan = scan_->plan();
        return Status::Invalid(plan.label_prefix + plan.where + ": " + decoded.status().message());
      }
      if (*decoded == 0) break;
      rows += *decoded;
    }
    stream.Recycle(std::move(batch_.bytes));
    out.SetSize(rows);
    return rows;
  }

 private:
  std::shared_ptr<PostgresScan> scan_;
  std::vector<size_t> projected_;
  PgBinaryDecoder decoder_;
  PgCopyPrefetcher::Batch batch_;
};

}  // namespace

PgCopyPrefetcher& PostgresScan::SharedStream(const std::vector<size_t>& projected,
                                             size_t max_rows) {
  std::lock_guard<std::mutex> lock(stream_mutex_);
  if (stream_ == nullptr) {
    stream_ = std::make_unique<PgCopyPrefetcher>(
        coordinator_.get(), CopySql(projected, PageRange{}), max_rows,
        [this](const Status& status) { return Explain(*coordinator_, status); });
  }
  return *stream_;
}

PostgresScan::PostgresScan(PostgresScanPlan plan) : plan_(std::move(plan)) {
  for (const PgColumnPlan& c : plan_.columns) specs_.push_back(c.spec);
}

Result<std::shared_ptr<PostgresScan>> PostgresScan::Start(PostgresScanPlan plan,
                                                          std::unique_ptr<PgConnection> connected) {
  std::shared_ptr<PostgresScan> scan(new PostgresScan(std::move(plan)));
  if (connected == nullptr) {
    Result<PgConnection> conn = PgConnection::Open(scan->plan_.options);
    if (!conn.ok()) return Status::IoError(scan->plan_.label_prefix + conn.status().message());
    connected = std::make_unique<PgConnection>(std::move(conn).value());
  }
  scan->coordinator_ = std::move(connected);
  // An incremental read (a cursor filter) is one COPY, so that PostgreSQL can use an index on
  // the cursor: page ranges would make every worker scan its share of the whole table.
  if (scan->plan_.splittable && scan->plan_.parallel > 1 && scan->plan_.filter_sql.empty()) {
    SQLFLOW_RETURN_IF_ERROR(scan->BeginSnapshot());
  }
  return scan;
}

Status PostgresScan::BeginSnapshot() {
  PgConnection& conn = *coordinator_;
  Status st = conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!st.ok()) return Explain(conn, st);
  Result<int64_t> pages = RelationPages(conn, plan_.relation_oid);
  if (!pages.ok()) return Explain(conn, pages.status());
  pages_ = *pages;
  if (pages_ < kParallelMinPages) return Status::OK();
  Result<PgResult> exported = conn.Query("SELECT pg_export_snapshot()");
  if (!exported.ok()) return Explain(conn, exported.status());
  snapshot_ = std::string(exported->Get(0, 0));
  int64_t ranges = static_cast<int64_t>(plan_.parallel) * kRangesPerWorker;
  range_pages_ = std::max(kMinRangePages, (pages_ + ranges - 1) / ranges);
  return Status::OK();
}

// A serial read's one COPY is decoded by up to kSharedStreamWorkers workers (SharedStream); a
// parallel read has a worker per connection.
size_t PostgresScan::max_threads() const {
  return parallel() ? plan_.parallel : kSharedStreamWorkers;
}

Result<std::unique_ptr<PgConnection>> PostgresScan::ConnectWorker() {
  Result<PgConnection> conn = PgConnection::Open(plan_.options);
  if (!conn.ok()) return Status::IoError(plan_.label_prefix + conn.status().message());
  auto owned = std::make_unique<PgConnection>(std::move(conn).value());
  Status st = owned->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (st.ok()) st = owned->Exec("SET TRANSACTION SNAPSHOT " + QuotePgLiteral(snapshot_));
  if (!st.ok()) return Explain(*owned, st);
  return owned;
}

Result<std::unique_ptr<TableScanWorker>> PostgresScan::OpenWorker(
    const std::vector<size_t>& projected) {
  if (!parallel()) {
    if (!coordinator_taken_.exchange(true)) Register(coordinator_.get());
    auto worker = std::make_unique<SharedStreamWorker>(shared_from_this(), projected);
    return std::unique_ptr<TableScanWorker>(std::move(worker));
  }
  PgConnection* conn = nullptr;
  std::unique_ptr<PgConnection> owned;
  if (!coordinator_taken_.exchange(true)) {
    conn = coordinator_.get();
  } else if (parallel()) {
    SQLFLOW_ASSIGN_OR_RETURN(owned, ConnectWorker());
    conn = owned.get();
  } else {
    // A serial scan has one worker; any other finds no range to read, on the coordinator.
    conn = coordinator_.get();
  }
  Register(conn);
  return std::unique_ptr<TableScanWorker>(
      std::make_unique<PostgresScanWorker>(shared_from_this(), conn, std::move(owned), projected));
}

std::optional<PostgresScan::PageRange> PostgresScan::NextRange() {
  if (!parallel()) {
    if (serial_range_taken_.exchange(true)) return std::nullopt;
    return PageRange{};
  }
  int64_t first = next_page_.fetch_add(range_pages_);
  if (first >= pages_) return std::nullopt;
  int64_t end = first + range_pages_;
  return PageRange{first, end >= pages_ ? -1 : end};
}

std::string PostgresScan::CopySql(const std::vector<size_t>& projected,
                                  const PageRange& range) const {
  std::string select;
  for (size_t i : projected) {
    select += (select.empty() ? "" : ", ") + plan_.columns[i].select_sql;
  }
  std::vector<std::string> conditions;
  if (!plan_.filter_sql.empty()) conditions.push_back(plan_.filter_sql);
  if (parallel()) {
    conditions.push_back("ctid >= '(" + std::to_string(range.first) + ",0)'::tid");
    if (range.end >= 0) {
      conditions.push_back("ctid < '(" + std::to_string(range.end) + ",0)'::tid");
    }
  }
  std::string sql = "COPY (SELECT " + select + " FROM " + plan_.from_sql;
  for (size_t i = 0; i < conditions.size(); ++i) {
    sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
  }
  return sql + ") TO STDOUT (FORMAT binary)";
}

Status PostgresScan::Explain(const PgConnection& conn, const Status& status) const {
  if (cancelled() && !conn.last_error().connection_lost) return CancelledError();
  return Status::IoError(plan_.label_prefix +
                         ExplainPgError(conn.last_error(), plan_.where, plan_.user));
}

Status PostgresScan::CancelledError() const {
  return Status::IoError(plan_.label_prefix + plan_.where + ": the read was cancelled");
}

void PostgresScan::Register(PgConnection* conn) {
  std::lock_guard<std::mutex> lock(mutex_);
  active_.push_back(conn);
}

void PostgresScan::Unregister(PgConnection* conn) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = std::find(active_.begin(), active_.end(), conn);
  if (it != active_.end()) active_.erase(it);
}

void PostgresScan::Cancel() {
  cancelled_ = true;
  std::lock_guard<std::mutex> lock(mutex_);
  for (PgConnection* conn : active_) conn->Cancel();
}

}  // namespace sqlflow
