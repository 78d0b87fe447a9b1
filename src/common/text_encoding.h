// Text encoding checks for the files users write (pipelines, INCLUDEd files, profiles, .env):
// they must be UTF-8. A UTF-8 byte-order mark is accepted and removed; UTF-16 (with or without
// its mark), bytes that are not UTF-8 and NUL bytes are named with their line and column, so
// that an editor's encoding setting is reported as such rather than as a confusing syntax or
// SQL error further on.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sqlflow {

// What is wrong with a text's encoding, and where (1-based; column in bytes).
struct EncodingProblem {
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t offset = 0;  // byte offset in the text that was checked
  std::string message;  // e.g. "the file is UTF-16 encoded, not UTF-8"
  std::string hint;     // what to do, e.g. "save the file as UTF-8"
};

// `text` without a leading UTF-8 byte-order mark (EF BB BF), if it has one.
std::string_view SkipUtf8Bom(std::string_view text);

// The first encoding problem of `text`, or nullopt when it is UTF-8 without NUL bytes. A
// leading UTF-8 byte-order mark is not a problem (offsets then count it). The messages never
// quote the offending bytes, so that they are safe for files holding secrets.
std::optional<EncodingProblem> FindEncodingProblem(std::string_view text);

// For readers that want one Status: removes a leading UTF-8 byte-order mark from `*text`, then
// returns OK, or Invalid("<file>:<line>:<column>: <message>; <hint>") for the first problem.
// `file` is the name shown to the user.
Status CheckTextEncoding(const std::string& file, std::string* text);

}  // namespace sqlflow
