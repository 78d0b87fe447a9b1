#include "udf/sql_type_name.h"

#include <cctype>
#include <map>
#include <regex>

namespace sqlflow {

namespace {

const std::map<std::string, TypeId>& Names() {
  static const auto* names = new std::map<std::string, TypeId>{
      {"BOOLEAN", TypeId::kBoolean},
      {"BOOL", TypeId::kBoolean},
      {"TINYINT", TypeId::kTinyInt},
      {"SMALLINT", TypeId::kSmallInt},
      {"INTEGER", TypeId::kInteger},
      {"INT", TypeId::kInteger},
      {"INT4", TypeId::kInteger},
      {"BIGINT", TypeId::kBigInt},
      {"INT8", TypeId::kBigInt},
      {"HUGEINT", TypeId::kHugeInt},
      {"UTINYINT", TypeId::kUTinyInt},
      {"USMALLINT", TypeId::kUSmallInt},
      {"UINTEGER", TypeId::kUInteger},
      {"UBIGINT", TypeId::kUBigInt},
      {"FLOAT", TypeId::kFloat},
      {"REAL", TypeId::kFloat},
      {"DOUBLE", TypeId::kDouble},
      {"VARCHAR", TypeId::kVarchar},
      {"TEXT", TypeId::kVarchar},
      {"STRING", TypeId::kVarchar},
      {"BLOB", TypeId::kBlob},
      {"DATE", TypeId::kDate},
      {"TIMESTAMP", TypeId::kTimestamp},
      {"DATETIME", TypeId::kTimestamp},
      {"TIMESTAMPTZ", TypeId::kTimestampTz},
      {"TIMESTAMP WITH TIME ZONE", TypeId::kTimestampTz},
  };
  return *names;
}

std::string Normalize(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Result<ColumnType> ParseSqlTypeName(const std::string& text) {
  std::string name = Normalize(text);
  auto it = Names().find(name);
  if (it != Names().end()) return ColumnType::Of(it->second);
  static const std::regex kDecimal(R"((DECIMAL|NUMERIC)\s?(\(\s?(\d+)\s?(,\s?(\d+)\s?)?\))?)");
  std::smatch m;
  if (std::regex_match(name, m, kDecimal)) {
    int width = m[3].matched ? std::stoi(m[3].str()) : 18;
    int scale = m[5].matched ? std::stoi(m[5].str()) : (m[3].matched ? 0 : 3);
    if (width < 1 || width > 38 || scale > width) {
      return Status::Invalid("DECIMAL(" + std::to_string(width) + "," + std::to_string(scale) +
                             ") is not a valid type: width 1..38, scale at most the width");
    }
    return ColumnType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
  }
  return Status::Invalid("unsupported SQL type '" + text +
                         "'; use BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, HUGEINT, "
                         "UTINYINT…UBIGINT, FLOAT, DOUBLE, DECIMAL(w,s), VARCHAR, BLOB, DATE, "
                         "TIMESTAMP or TIMESTAMPTZ");
}

}  // namespace sqlflow
