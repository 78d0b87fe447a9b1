#include "cli/result_table.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sqlflow {

namespace {

std::string Cell(const std::optional<std::string>& value) { return value ? *value : "NULL"; }

std::string Pad(const std::string& text, size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

std::string AsTable(const std::vector<std::string>& columns, const StringRows& rows) {
  std::vector<size_t> width(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    width[c] = columns[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], Cell(row[c]).size());
  }
  auto line = [&](auto cell_text) {
    std::string out;
    for (size_t c = 0; c < columns.size(); ++c) {
      out += (c ? " | " : " ") + Pad(cell_text(c), width[c]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line([&](size_t c) { return columns[c]; });
  for (size_t c = 0; c < columns.size(); ++c) {
    out += std::string(c ? "+" : "") + std::string(width[c] + 2, '-');
  }
  out += "\n";
  for (const auto& row : rows) out += line([&](size_t c) { return Cell(row[c]); });
  out += "(" + std::to_string(rows.size()) + (rows.size() == 1 ? " row)\n" : " rows)\n");
  return out;
}

std::string CsvField(const std::optional<std::string>& value) {
  if (!value) return "";
  if (value->find_first_of(",\"\n\r") == std::string::npos) return *value;
  std::string out = "\"";
  for (char ch : *value) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string AsCsv(const std::vector<std::string>& columns, const StringRows& rows) {
  std::string out;
  for (size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + CsvField(columns[c]);
  out += "\n";
  for (const auto& row : rows) {
    for (size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + CsvField(row[c]);
    out += "\n";
  }
  return out;
}

std::string AsJson(const std::vector<std::string>& columns, const StringRows& rows) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t c = 0; c < columns.size(); ++c) {
      obj[columns[c]] = row[c] ? nlohmann::ordered_json(*row[c]) : nlohmann::ordered_json();
    }
    doc.push_back(std::move(obj));
  }
  return doc.dump(2) + "\n";
}

}  // namespace

std::string FormatResult(const std::vector<std::string>& columns, const StringRows& rows,
                         ResultFormat format) {
  switch (format) {
    case ResultFormat::kCsv:
      return AsCsv(columns, rows);
    case ResultFormat::kJson:
      return AsJson(columns, rows);
    case ResultFormat::kTable:
      return AsTable(columns, rows);
  }
  return "";
}

}  // namespace sqlflow
