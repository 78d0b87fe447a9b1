// libFuzzer entry: parses arbitrary bytes as a pipeline file, then prints the AST and the
// diagnostics, so that every path from text to message runs under the sanitizers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/diagnostic.h"
#include "lang/ast_printer.h"
#include "lang/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  sqlflow::ParseResult result = sqlflow::ParsePipeline(text, "fuzz.sf");
  std::string printed = sqlflow::PrintAst(result.ast);
  sqlflow::SourceTexts texts;
  texts.Add("fuzz.sf", text);
  printed += sqlflow::FormatDiagnostics(result.diagnostics, texts);
  return 0;
}
