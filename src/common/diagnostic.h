// Diagnostics: user-facing errors and warnings about places in the user's files, collected so
// that one pass can report all of them, and printed with the source line and a caret.
// Thread-safety: none; one Diagnostics per pass.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/source_span.h"
#include "common/status.h"

namespace sqlflow {

enum class Severity { kError, kWarning };
const char* ToString(Severity severity);

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceSpan span;
  std::string message;
  std::string hint;  // what to do; may be empty
};

class Diagnostics {
 public:
  void Error(SourceSpan span, std::string message, std::string hint = "");
  void Warning(SourceSpan span, std::string message, std::string hint = "");
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void Append(const Diagnostics& other);

  // Orders by file (files in order of first appearance), then line and column; stable.
  void SortByPlace();

  bool has_errors() const;
  size_t error_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

  // An error Status summarising the first error (for callers that need one), or OK.
  Status ToStatus() const;

 private:
  std::vector<Diagnostic> items_;
};

// The text of each user file seen in a pass, by the name used in spans, so that diagnostics
// can quote the offending line.
class SourceTexts {
 public:
  void Add(const std::string& file, std::string text) { texts_[file] = std::move(text); }
  const std::string* Find(const std::string& file) const;

 private:
  std::map<std::string, std::string> texts_;
};

enum class ColorMode { kNever, kAlways };

// file:line:col: error: message
//   12 | the source line
//      |      ^~~~
//   = hint: what to do
std::string FormatDiagnostic(const Diagnostic& d, const SourceTexts& texts,
                             ColorMode color = ColorMode::kNever);
std::string FormatDiagnostics(const Diagnostics& ds, const SourceTexts& texts,
                              ColorMode color = ColorMode::kNever);

}  // namespace sqlflow
