#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>

namespace sqlflow {

ColorMode StderrColorMode() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return ColorMode::kNever;
  return isatty(STDERR_FILENO) ? ColorMode::kAlways : ColorMode::kNever;
}

void PrintError(const std::string& message, const std::string& hint) {
  Diagnostic d{Severity::kError, SourceSpan{}, message, hint};
  std::fputs(FormatDiagnostic(d, SourceTexts(), StderrColorMode()).c_str(), stderr);
}

void PrintWarning(const std::string& message) {
  Diagnostic d{Severity::kWarning, SourceSpan{}, message, ""};
  std::fputs(FormatDiagnostic(d, SourceTexts(), StderrColorMode()).c_str(), stderr);
}

}  // namespace sqlflow
