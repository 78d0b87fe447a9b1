#include "common/text_encoding.h"

#include <algorithm>

namespace sqlflow {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr const char* kSaveAsUtf8 = "save the file as UTF-8";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// UTF-16 text of mostly ASCII characters has a NUL in every other byte; a file that merely
// holds a stray NUL does not. Looks at the first 256 bytes.
bool LooksLikeUtf16WithoutBom(std::string_view text) {
  size_t n = std::min<size_t>(text.size(), 256) & ~size_t{1};
  if (n < 4) return false;
  size_t zeros[2] = {0, 0};
  for (size_t i = 0; i < n; ++i) zeros[i % 2] += text[i] == '\0';
  size_t pairs = n / 2;
  return (zeros[0] * 2 >= pairs && zeros[1] == 0) || (zeros[1] * 2 >= pairs && zeros[0] == 0);
}

// The length of the UTF-8 sequence at `i`, or 0 when it is not valid UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                  : lead >= 0xE0 && lead <= 0xEF ? 3
                  : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = byte(i + 1);
  if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
  if (lead == 0xED && second > 0x9F) return 0;  // surrogate
  if (lead == 0xF0 && second < 0x90) return 0;  // overlong
  if (lead == 0xF4 && second > 0x8F) return 0;  // past U+10FFFF
  return length;
}

EncodingProblem ProblemAt(std::string_view text, size_t offset, std::string message,
                          std::string hint) {
  EncodingProblem problem;
  problem.offset = static_cast<uint32_t>(offset);
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++problem.line;
      problem.column = 1;
    } else {
      ++problem.column;
    }
  }
  problem.message = std::move(message);
  problem.hint = std::move(hint);
  return problem;
}

}  // namespace

std::string_view SkipUtf8Bom(std::string_view text) {
  return StartsWith(text, kUtf8Bom) ? text.substr(kUtf8Bom.size()) : text;
}

std::optional<EncodingProblem> FindEncodingProblem(std::string_view text) {
  if (StartsWith(text, "\xFF\xFE") || StartsWith(text, "\xFE\xFF") ||
      LooksLikeUtf16WithoutBom(text)) {
    return ProblemAt(text, 0, "the file is UTF-16 encoded, not UTF-8", kSaveAsUtf8);
  }
  size_t i = StartsWith(text, kUtf8Bom) ? kUtf8Bom.size() : 0;
  while (i < text.size()) {
    if (text[i] == '\0') {
      return ProblemAt(text, i, "the file holds a NUL byte (\\0)",
                       "remove it and save the file as UTF-8 text");
    }
    size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      return ProblemAt(text, i,
                       "the file is not valid UTF-8 here (it may be Latin-1 or Windows-1252)",
                       kSaveAsUtf8);
    }
    i += length;
  }
  return std::nullopt;
}

Status CheckTextEncoding(const std::string& file, std::string* text) {
  std::optional<EncodingProblem> problem = FindEncodingProblem(*text);
  if (problem) {
    return Status::Invalid(file + ":" + std::to_string(problem->line) + ":" +
                           std::to_string(problem->column) + ": " + problem->message + "; " +
                           problem->hint);
  }
  if (StartsWith(*text, kUtf8Bom)) text->erase(0, kUtf8Bom.size());
  return Status::OK();
}

}  // namespace sqlflow
