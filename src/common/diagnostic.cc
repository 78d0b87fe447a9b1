#include "common/diagnostic.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace sqlflow {

const char* ToString(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

void Diagnostics::Error(SourceSpan span, std::string message, std::string hint) {
  items_.push_back({Severity::kError, std::move(span), std::move(message), std::move(hint)});
}

void Diagnostics::Warning(SourceSpan span, std::string message, std::string hint) {
  items_.push_back({Severity::kWarning, std::move(span), std::move(message), std::move(hint)});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void Diagnostics::SortByPlace() {
  std::vector<std::string> files;
  for (const Diagnostic& d : items_) {
    if (std::find(files.begin(), files.end(), d.span.file) == files.end())
      files.push_back(d.span.file);
  }
  auto file_rank = [&](const std::string& f) {
    return std::find(files.begin(), files.end(), f) - files.begin();
  };
  std::stable_sort(items_.begin(), items_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    auto ka = std::make_tuple(file_rank(a.span.file), a.span.line, a.span.column);
    auto kb = std::make_tuple(file_rank(b.span.file), b.span.line, b.span.column);
    return ka < kb;
  });
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

Status Diagnostics::ToStatus() const {
  for (const Diagnostic& d : items_) {
    if (d.severity == Severity::kError) return Status::Invalid(d.message, d.span);
  }
  return Status::OK();
}

const std::string* SourceTexts::Find(const std::string& file) const {
  auto it = texts_.find(file);
  return it == texts_.end() ? nullptr : &it->second;
}

namespace {

// The line of `text` that holds byte `offset`, without its newline.
std::string_view LineAt(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  begin = (begin == std::string_view::npos || (offset == 0 && text[0] != '\n')) ? 0 : begin + 1;
  if (offset > 0 && text[offset - 1] == '\n') begin = offset;
  size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string Paint(const std::string& s, const char* code, ColorMode color) {
  if (color == ColorMode::kNever) return s;
  return std::string("\033[") + code + "m" + s + "\033[0m";
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d, const SourceTexts& texts, ColorMode color) {
  std::string out;
  if (!d.span.file.empty()) out += d.span.ToString() + ": ";
  out += Paint(ToString(d.severity), d.severity == Severity::kError ? "1;31" : "1;33", color);
  out += ": " + d.message + "\n";
  const std::string* text = d.span.known() ? texts.Find(d.span.file) : nullptr;
  std::string gutter;
  if (text != nullptr) {
    std::string_view line = LineAt(*text, d.span.offset);
    std::string num = std::to_string(d.span.line);
    gutter = std::string(num.size() + 1, ' ');
    out += " " + num + " | " + std::string(line) + "\n";
    std::string pad;
    size_t col = d.span.column > 0 ? d.span.column - 1 : 0;
    for (size_t i = 0; i < col && i < line.size(); ++i) pad += line[i] == '\t' ? '\t' : ' ';
    size_t width = std::max<size_t>(
        1, std::min<size_t>(d.span.length, line.size() - std::min(col, line.size())));
    std::string caret = "^" + std::string(width - 1, '~');
    out += gutter + " | " + pad + Paint(caret, "1;32", color) + "\n";
  }
  if (!d.hint.empty())
    out += (gutter.empty() ? std::string("  ") : gutter + " ") + "= hint: " + d.hint + "\n";
  return out;
}

std::string FormatDiagnostics(const Diagnostics& ds, const SourceTexts& texts, ColorMode color) {
  std::string out;
  for (const Diagnostic& d : ds.items()) out += FormatDiagnostic(d, texts, color);
  return out;
}

}  // namespace sqlflow
