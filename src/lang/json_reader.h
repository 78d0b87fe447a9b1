// Reads the relaxed JSON of PARAMS and OPTIONS (SPEC.md §2.1) straight from the pipeline text:
// standard JSON plus trailing commas, `${…}` as a bare value (JsonValue::Kind::kVariable), and
// `--`/`/* */` comments between values. Strings keep `${…}` verbatim; numbers keep their
// literal text. JSON is read from the raw text, not from SQL tokens, because JSON's `\"` escapes
// do not follow SQL's quoting rules.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/source_span.h"
#include "lang/ast.h"

namespace sqlflow {

struct JsonError {
  uint32_t offset = 0;
  uint32_t length = 1;
  std::string message;
  std::string hint;
};

struct JsonReadResult {
  JsonValue value;
  // One past the value; after an error, where reading stopped (the caller resumes there).
  uint32_t end = 0;
  std::vector<JsonError> errors;  // empty on success
};

// Reads the JSON value starting at byte `offset` of `text`. Spans name `file` and are placed
// with `lines`, which must index `text`.
JsonReadResult ReadRelaxedJson(std::string_view text, uint32_t offset, const LineIndex& lines,
                               const std::string& file);

}  // namespace sqlflow
