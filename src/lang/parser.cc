#include "lang/parser.h"

#include <cstdint>

#include "lang/statement_parser.h"

namespace sqlflow {

ParseResult ParsePipeline(std::string_view text, const std::string& file) {
  if (text.size() >= UINT32_MAX) {  // spans hold 32-bit offsets
    ParseResult result;
    result.ast.file = file;
    result.diagnostics.Error(SourceSpan{file}, "the file is too large (4 GiB or more)",
                             "split it into smaller files joined with INCLUDE");
    return result;
  }
  return StatementParser(text, file).Parse();
}

}  // namespace sqlflow
