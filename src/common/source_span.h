// SourceSpan: a place in a user's file, for error messages and the plan.
#pragma once

#include <cstdint>
#include <string>

namespace sqlflow {

struct SourceSpan {
  std::string file;     // as shown to the user, e.g. "pipelines/shop.sf"
  uint32_t line = 0;    // 1-based; 0 when unknown
  uint32_t column = 0;  // 1-based, in bytes
  uint32_t offset = 0;  // byte offset of the start in the file text
  uint32_t length = 0;  // bytes covered (for carets)

  bool known() const { return line > 0; }
  // "file:line:col" (or just "file" when the line is unknown).
  std::string ToString() const;
};

}  // namespace sqlflow

#include <string_view>
#include <vector>

namespace sqlflow {

// Maps byte offsets of one text to 1-based line and column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The span at `offset` covering `length` bytes, in `file`.
  SourceSpan SpanAt(const std::string& file, uint32_t offset, uint32_t length = 1) const;

 private:
  std::vector<uint32_t> line_starts_;
};

}  // namespace sqlflow
