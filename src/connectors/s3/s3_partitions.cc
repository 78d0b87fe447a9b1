#include "connectors/s3/s3_partitions.h"

#include <nlohmann/json.hpp>

#include "engine/connection.h"
#include "engine/database.h"
#include "engine/sql_quote.h"

namespace sqlflow {

namespace {

// Hive writes a NULL partition value as this folder value.
constexpr const char* kHiveNull = "__HIVE_DEFAULT_PARTITION__";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%3A" -> ":"; a '%' not followed by two hex digits stays as it is.
std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
        HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// dddd-dd-dd
bool IsIsoDate(std::string_view text) {
  return text.size() == 10 && IsDigits(text.substr(0, 4)) && text[4] == '-' &&
         IsDigits(text.substr(5, 2)) && text[7] == '-' && IsDigits(text.substr(8, 2));
}

// dddd-dd-dd[T ]dd:dd[:dd[.d+]]
bool IsIsoTimestamp(std::string_view text) {
  if (text.size() < 16 || !IsIsoDate(text.substr(0, 10))) return false;
  if (text[10] != 'T' && text[10] != ' ') return false;
  std::string_view time = text.substr(11);
  if (!IsDigits(time.substr(0, 2)) || time[2] != ':' || !IsDigits(time.substr(3, 2))) return false;
  if (time.size() == 5) return true;
  if (time.size() < 8 || time[5] != ':' || !IsDigits(time.substr(6, 2))) return false;
  if (time.size() == 8) return true;
  return time[8] == '.' && IsDigits(time.substr(9));
}

enum class ValueType { kNull, kBigInt, kDate, kTimestamp, kVarchar };

// How a folder value is typed (see the header). 19+ digits may not fit a BIGINT: text.
ValueType TypeOf(const std::string& text) {
  if (text == kHiveNull) return ValueType::kNull;
  if (IsDigits(text) && text.size() <= 18) return ValueType::kBigInt;
  if (IsIsoDate(text)) return ValueType::kDate;
  if (IsIsoTimestamp(text)) return ValueType::kTimestamp;
  return ValueType::kVarchar;
}

using Typing = PartitionPredicate::Typing;

// The SQL expression of a folder value, typed (kText: as VARCHAR); TRY_CAST so that an impossible
// date (2025-02-30) is NULL, "maybe", rather than an error.
std::string TypedValueSql(const std::optional<std::string>& text, Typing typing) {
  if (!text) return "NULL";
  std::string quoted = QuoteString(*text);
  if (typing == Typing::kText) return *text == kHiveNull ? "NULL" : quoted;
  switch (TypeOf(*text)) {
    case ValueType::kNull:
      return "NULL";
    case ValueType::kBigInt:
      return "TRY_CAST(" + quoted + " AS BIGINT)";
    case ValueType::kDate:
      return "TRY_CAST(" + quoted + " AS DATE)";
    case ValueType::kTimestamp:
      return "TRY_CAST(" + quoted + " AS TIMESTAMP)";
    case ValueType::kVarchar:
      return quoted;
  }
  return "NULL";
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::optional<size_t> FindKey(const std::vector<std::string>& keys, const std::string& name) {
  std::string wanted = Lower(name);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (Lower(keys[i]) == wanted) return i;
  }
  return std::nullopt;
}

std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string joined;
  for (const std::string& key : keys) joined += (joined.empty() ? "" : ", ") + key;
  return joined;
}

// The column names a parsed expression refers to (json_serialize_sql's COLUMN_REF nodes; the
// last part of a qualified name).
void CollectColumnRefs(const nlohmann::json& node, std::vector<std::string>* names) {
  if (node.is_object()) {
    auto cls = node.find("class");
    auto parts = node.find("column_names");
    if (cls != node.end() && *cls == "COLUMN_REF" && parts != node.end() && parts->is_array() &&
        !parts->empty() && parts->back().is_string()) {
      names->push_back(parts->back().get<std::string>());
    }
  }
  if (node.is_object() || node.is_array()) {
    for (const auto& child : node) CollectColumnRefs(child, names);
  }
}

// The value of a digits-only folder value that fits an int, else nullopt.
std::optional<int> SmallInt(const std::optional<std::string>& text, int min, int max) {
  if (!text || !IsDigits(*text) || text->size() > 6) return std::nullopt;
  int value = std::stoi(*text);
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> ParseHiveSegment(const std::string& segment) {
  size_t eq = segment.find('=');
  if (eq == std::string::npos || eq == 0) return std::nullopt;
  return std::make_pair(PercentDecode(segment.substr(0, eq)),
                        PercentDecode(segment.substr(eq + 1)));
}

std::vector<std::pair<std::string, std::string>> HivePartitionsOf(const std::string& key,
                                                                  const std::string& base_prefix) {
  std::vector<std::pair<std::string, std::string>> partitions;
  if (key.compare(0, base_prefix.size(), base_prefix) != 0) return partitions;
  size_t start = base_prefix.size();
  for (size_t slash = key.find('/', start); slash != std::string::npos;
       start = slash + 1, slash = key.find('/', start)) {
    if (auto kv = ParseHiveSegment(key.substr(start, slash - start))) {
      partitions.push_back(std::move(*kv));
    }
  }
  return partitions;
}

PartitionPredicate::PartitionPredicate(std::vector<std::string> keys, std::string filter_sql,
                                       std::optional<PartitionCursorBound> bound)
    : keys_(std::move(keys)), filter_sql_(std::move(filter_sql)), bound_(std::move(bound)) {}

PartitionPredicate::PartitionPredicate(PartitionPredicate&&) noexcept = default;
PartitionPredicate& PartitionPredicate::operator=(PartitionPredicate&&) noexcept = default;
PartitionPredicate::~PartitionPredicate() = default;

Result<PartitionPredicate> PartitionPredicate::Create(std::vector<std::string> keys,
                                                      const std::string& filter_sql,
                                                      std::optional<PartitionCursorBound> bound) {
  bool blank = filter_sql.find_first_not_of(" \t\r\n") == std::string::npos;
  PartitionPredicate predicate(std::move(keys), blank ? "" : filter_sql, std::move(bound));
  if (!predicate.filter_sql_.empty() && predicate.keys_.empty()) {
    return Status::Invalid(
        "partition_filter: there are no partition keys to filter on; set partition_keys, or "
        "keep the files in key=value folders");
  }
  predicate.ChooseBoundKind();
  if (!predicate.prunes()) return predicate;
  SQLFLOW_RETURN_IF_ERROR(predicate.OpenDatabase());
  if (!predicate.filter_sql_.empty()) SQLFLOW_RETURN_IF_ERROR(predicate.CheckFilter());
  return predicate;
}

// No threads beyond one and no file access: the database only ever evaluates one condition.
Status PartitionPredicate::OpenDatabase() {
  DatabaseOptions options;
  options.threads = 1;
  options.settings["enable_external_access"] = "false";
  SQLFLOW_ASSIGN_OR_RETURN(Database database, Database::Open(options));
  database_ = std::make_unique<Database>(std::move(database));
  SQLFLOW_ASSIGN_OR_RETURN(Connection connection, Connection::Open(*database_));
  connection_ = std::make_unique<Connection>(std::move(connection));
  return Status::OK();
}

// Parses the filter alone (json_serialize_sql) to tell a syntax error or a column that is not
// a key from other errors, then evaluates it once with every key unknown so that binding errors
// (unknown function, wrong types) surface now rather than during listing.
Status PartitionPredicate::CheckFilter() {
  const std::string how = "; write one DuckDB SQL condition over the partition keys (" +
                          JoinKeys(keys_) + "), e.g. " + keys_.front() + " >= 2024";
  SQLFLOW_ASSIGN_OR_RETURN(
      QueryResult result,
      connection_->Query("SELECT json_serialize_sql(" +
                         QuoteString("SELECT " + ParenthesizeQuery(filter_sql_)) + ")"));
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result.FetchAllAsStrings());
  if (rows.empty() || rows[0].empty() || !rows[0][0]) {
    return Status::Internal("json_serialize_sql returned no value");
  }
  nlohmann::json parsed = nlohmann::json::parse(*rows[0][0], nullptr, false);
  if (parsed.is_discarded()) return Status::Internal("json_serialize_sql returned no JSON");
  if (parsed.value("error", false)) {
    return Status::Invalid("partition_filter: " + parsed.value("error_message", "does not parse") +
                           how);
  }
  const nlohmann::json& statements = parsed["statements"];
  const nlohmann::json* node = statements.size() == 1 ? &statements[0]["node"] : nullptr;
  if (node == nullptr || (*node)["select_list"].size() != 1 ||
      (*node)["from_table"].value("type", "") != "EMPTY" || !(*node)["where_clause"].is_null()) {
    return Status::Invalid("partition_filter: is not one condition" + how);
  }
  std::vector<std::string> columns;
  CollectColumnRefs((*node)["select_list"], &columns);
  for (const std::string& column : columns) {
    if (!FindKey(keys_, column)) {
      return Status::Invalid("partition_filter: column '" + column +
                             "' is not a partition key; the partition keys are " + JoinKeys(keys_));
    }
  }
  Result<bool> trial =
      Evaluate(std::vector<std::optional<std::string>>(keys_.size()), Typing::kInferred);
  if (!trial.ok()) return Status::Invalid("partition_filter: " + trial.status().message() + how);
  return Status::OK();
}

void PartitionPredicate::ChooseBoundKind() {
  if (!bound_) return;
  if (auto key = FindKey(keys_, bound_->column)) {
    bound_kind_ = BoundKind::kOnKey;
    bound_key_ = *key;
    return;
  }
  if (auto year = FindKey(keys_, "year")) {
    bound_kind_ = BoundKind::kDateParts;
    date_parts_ = {year, FindKey(keys_, "month"), FindKey(keys_, "day"), FindKey(keys_, "hour")};
    return;
  }
  for (const char* name : {"date", "dt", "day"}) {
    if (auto key = FindKey(keys_, name)) {
      bound_kind_ = BoundKind::kDateKey;
      bound_key_ = *key;
      return;
    }
  }
}

std::string PartitionPredicate::BoundCondition(
    const std::vector<std::optional<std::string>>& values) const {
  const std::string watermark = QuoteString(bound_->value_text);
  const std::string as_timestamp = "TRY_CAST(" + watermark + " AS TIMESTAMP)";
  switch (bound_kind_) {
    case BoundKind::kNone:
      return "";
    case BoundKind::kOnKey: {
      const std::optional<std::string>& value = values[bound_key_];
      if (!value) return "";
      switch (TypeOf(*value)) {
        case ValueType::kBigInt:
          return TypedValueSql(value, Typing::kInferred) + " >= TRY_CAST(" + watermark +
                 " AS DOUBLE)";
        case ValueType::kDate:
          return TypedValueSql(value, Typing::kInferred) + " >= CAST(" + as_timestamp + " AS DATE)";
        case ValueType::kTimestamp:
          return TypedValueSql(value, Typing::kInferred) + " >= " + as_timestamp;
        case ValueType::kVarchar:
          return TypedValueSql(value, Typing::kInferred) + " >= " + watermark;
        case ValueType::kNull:
          return "";
      }
      return "";
    }
    case BoundKind::kDateKey: {
      const std::optional<std::string>& value = values[bound_key_];
      if (!value || !IsIsoDate(*value)) return "";
      return "(" + TypedValueSql(value, Typing::kInferred) +
             " + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND) >= " + as_timestamp;
    }
    case BoundKind::kDateParts:
      break;
  }
  // The latest instant of the known date parts: the start of the next year, month, day or
  // hour, less a microsecond. make_timestamp with day 1 plus days never rejects day 31 of June.
  std::optional<int> year = SmallInt(values[*date_parts_[0]], 1, 9999);
  if (!year) return "";
  auto known = [&](int part, int min, int max) -> std::optional<int> {
    return date_parts_[part] ? SmallInt(values[*date_parts_[part]], min, max) : std::nullopt;
  };
  std::optional<int> month = known(1, 1, 12);
  std::optional<int> day = month ? known(2, 1, 31) : std::nullopt;
  std::optional<int> hour = day ? known(3, 0, 23) : std::nullopt;
  std::string start = "make_timestamp(" + std::to_string(*year) + ", " +
                      std::to_string(month.value_or(1)) + ", 1, 0, 0, 0)";
  std::string next;
  if (hour) {
    next = start + " + INTERVAL " + std::to_string(day.value_or(1) - 1) + " DAY + INTERVAL " +
           std::to_string(*hour + 1) + " HOUR";
  } else if (day) {
    next = start + " + INTERVAL " + std::to_string(*day) + " DAY";
  } else if (month) {
    next = start + " + INTERVAL 1 MONTH";
  } else {
    next = start + " + INTERVAL 1 YEAR";
  }
  return "(" + next + " - INTERVAL 1 MICROSECOND) >= " + as_timestamp;
}

Result<bool> PartitionPredicate::MayMatch(
    const std::vector<std::pair<std::string, std::string>>& known) {
  std::vector<std::optional<std::string>> values(keys_.size());
  for (const auto& [name, value] : known) {
    std::optional<size_t> index = FindKey(keys_, name);
    if (!index) {
      return Status::Invalid("partition folder '" + name + "=" + value +
                             "' is not one of the partition keys (" + JoinKeys(keys_) + ")");
    }
    values[*index] = value;
  }
  if (!prunes()) return true;
  Result<bool> typed = Evaluate(values, Typing::kInferred);
  if (typed.ok() || typed.status().code() != StatusCode::kEngineError) return typed;
  // A key typed BIGINT in this folder and compared with text elsewhere (code = 'A1' against
  // code=123) fails the cast; as text the comparison is still right.
  Result<bool> as_text = Evaluate(values, Typing::kText);
  return as_text.ok() ? as_text : typed;
}

// SELECT (<filter>) IS NOT FALSE AND (<watermark>) IS NOT FALSE
// FROM (SELECT <typed value or NULL> AS "<key>", ...) — NULL, unknown, counts as a match.
Result<bool> PartitionPredicate::Evaluate(const std::vector<std::optional<std::string>>& values,
                                          Typing typing) {
  std::string columns;
  for (size_t i = 0; i < keys_.size(); ++i) {
    columns +=
        (i ? ", " : "") + TypedValueSql(values[i], typing) + " AS " + QuoteIdentifier(keys_[i]);
  }
  std::string condition = "true";
  if (!filter_sql_.empty()) condition += " AND " + ParenthesizeQuery(filter_sql_) + " IS NOT FALSE";
  if (std::string bound = bound_ ? BoundCondition(values) : ""; !bound.empty()) {
    condition += " AND (" + bound + ") IS NOT FALSE";
  }
  // One statement only (Prepare refuses several), so a filter cannot smuggle in another.
  SQLFLOW_ASSIGN_OR_RETURN(
      PreparedStatement statement,
      connection_->Prepare("SELECT " + condition + " FROM (SELECT " +
                           (columns.empty() ? std::string("1 AS unused") : columns) +
                           ") AS partition_values"));
  SQLFLOW_ASSIGN_OR_RETURN(QueryResult result, statement.Execute());
  SQLFLOW_ASSIGN_OR_RETURN(StringRows rows, result.FetchAllAsStrings());
  if (rows.size() != 1 || rows[0].size() != 1 || !rows[0][0]) {
    return Status::Internal("the partition predicate returned no single boolean");
  }
  return *rows[0][0] == "true";
}

}  // namespace sqlflow
