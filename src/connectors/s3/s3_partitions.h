// Hive partitions of S3 keys (`events/year=2025/month=06/part-0.parquet`) and the predicate that
// prunes them before they are listed (SPEC-CONNECTORS §1 "Partitions"): the S3 source discovers
// partition folders level by level and asks PartitionPredicate::MayMatch whether a folder whose
// first keys are known may hold wanted rows; a folder that may not is neither listed nor read.
//
// What is wanted comes from the `partition_filter` param (a DuckDB SQL condition over the
// partition keys) and from the incremental watermark (PartitionCursorBound). Both are judged
// with the folder values typed as a user expects: all digits -> BIGINT, 2025-06-01 -> DATE,
// 2025-06-01 12:00:00 (or with 'T') -> TIMESTAMP, anything else -> VARCHAR; so `year >= 2024`
// and `day = '2025-06-01'` both work. A key whose folder is not known yet is NULL, and NULL
// means "maybe": pruning only ever drops folders that certainly hold no wanted row.
// Thread-safety: the free functions are pure; a PartitionPredicate holds one DuckDB connection
// and is used by one thread at a time.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace sqlflow {

class Connection;
class Database;

// key=value folder: "year=2025" -> {"year", "2025"}. The value is percent-decoded as Hive
// escapes it ("dt=2025-06-01 10%3A00" -> "2025-06-01 10:00") and may be empty; nullopt when the
// segment has no '=' or nothing before it.
std::optional<std::pair<std::string, std::string>> ParseHiveSegment(const std::string& segment);

// The key=value folders of `key` below `base_prefix`, in order; other folders and the file name
// are skipped. {} when `key` does not start with `base_prefix`.
// ("events/year=2025/raw/month=06/a.csv", "events/") -> {{"year","2025"}, {"month","06"}}.
std::vector<std::pair<std::string, std::string>> HivePartitionsOf(const std::string& key,
                                                                  const std::string& base_prefix);

// The incremental watermark: rows whose `column` is past `value_text` are wanted.
struct PartitionCursorBound {
  std::string column;
  std::string value_text;  // DuckDB's text of a timestamp, date, number or string
  // Whether rows equal to the watermark are wanted. Partitions are kept when their value equals
  // the watermark either way: rows equal to it may sit beside newer ones.
  bool inclusive = false;
};

class PartitionPredicate {
 public:
  // `keys`: the partition keys in folder order. `filter_sql`: the partition_filter param, a
  // DuckDB SQL boolean expression over the keys ("" for none). `bound`: the incremental
  // watermark, if any. The watermark prunes when
  //   (a) its column is a partition key: a partition may match iff key >= watermark, or
  //   (b) the keys hold date parts named year[, month[, day[, hour]]], or a key named date, dt
  //       or day holds ISO dates: a partition may match iff the latest instant it can hold
  //       (year 2025 alone: 2025-12-31 23:59:59.999999) >= the watermark as a TIMESTAMP.
  // Otherwise it does not prune. Key names match case-insensitively, as DuckDB's columns do.
  // InvalidArgument, starting "partition_filter: ", when the filter does not parse, is not one
  // condition, names a column that is not a partition key (the message lists the keys), fails to
  // bind (unknown function, …), or is given without keys. EngineError when the private
  // in-memory database does not open.
  static Result<PartitionPredicate> Create(std::vector<std::string> keys,
                                           const std::string& filter_sql,
                                           std::optional<PartitionCursorBound> bound);

  PartitionPredicate(PartitionPredicate&&) noexcept;
  PartitionPredicate& operator=(PartitionPredicate&&) noexcept;
  ~PartitionPredicate();

  // May a partition whose first keys have these values (as in the folders, in folder order:
  // {{"year","2025"}, {"month","06"}}) hold wanted rows? Keys not given are unknown: NULL,
  // which counts as "may". True whenever prunes() is false. InvalidArgument when `known` names
  // a key that is not one of keys(); EngineError when DuckDB fails the evaluation (a filter
  // that divides by zero for these values, …).
  Result<bool> MayMatch(const std::vector<std::pair<std::string, std::string>>& known);

  // False when there is neither a filter nor a watermark that can prune: the source then lists
  // flat and reads every partition.
  bool prunes() const { return !filter_sql_.empty() || bound_kind_ != BoundKind::kNone; }
  const std::vector<std::string>& keys() const { return keys_; }

  // How folder values are typed: as the header says, or all as VARCHAR.
  enum class Typing { kInferred, kText };

 private:
  enum class BoundKind { kNone, kOnKey, kDateParts, kDateKey };

  PartitionPredicate(std::vector<std::string> keys, std::string filter_sql,
                     std::optional<PartitionCursorBound> bound);
  Status OpenDatabase();
  Status CheckFilter();
  void ChooseBoundKind();
  // The SQL condition the watermark puts on these (typed) values; "" when it cannot judge them.
  std::string BoundCondition(const std::vector<std::optional<std::string>>& values) const;
  Result<bool> Evaluate(const std::vector<std::optional<std::string>>& values, Typing typing);

  std::vector<std::string> keys_;
  std::string filter_sql_;
  std::optional<PartitionCursorBound> bound_;
  BoundKind bound_kind_ = BoundKind::kNone;
  size_t bound_key_ = 0;  // kOnKey, kDateKey: the index of the key the watermark judges
  // kDateParts: the indexes of the year, month, day and hour keys (year always there).
  std::array<std::optional<size_t>, 4> date_parts_;
  // Declared in this order so that the connection closes before the database.
  std::unique_ptr<Database> database_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace sqlflow
