#include "common/status.h"

namespace sqlflow {

const char* ToString(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kIoError:
      return "I/O error";
    case StatusCode::kEngineError:
      return "engine error";
    case StatusCode::kInternal:
      return "internal error";
  }
  return "unknown";
}

const Status::State& Status::Empty() {
  static const State kEmpty{StatusCode::kOk, std::string(), std::nullopt};
  return kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  if (state_->span && !state_->span->file.empty()) {
    return state_->span->ToString() + ": " + state_->message;
  }
  return state_->message;
}

std::string SourceSpan::ToString() const {
  if (!known()) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace sqlflow

#include <algorithm>

namespace sqlflow {

LineIndex::LineIndex(std::string_view text) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourceSpan LineIndex::SpanAt(const std::string& file, uint32_t offset, uint32_t length) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t column = offset - line_starts_[line - 1] + 1;
  return SourceSpan{file, line, column, offset, length};
}

}  // namespace sqlflow
