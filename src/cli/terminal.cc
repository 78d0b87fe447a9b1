#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>

namespace sqlflow {

namespace {

ColorMode ColorModeFor(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return ColorMode::kNever;
  return isatty(fd) ? ColorMode::kAlways : ColorMode::kNever;
}

}  // namespace

ColorMode StderrColorMode() { return ColorModeFor(STDERR_FILENO); }
ColorMode StdoutColorMode() { return ColorModeFor(STDOUT_FILENO); }

void PrintError(const std::string& message, const std::string& hint) {
  Diagnostic d{Severity::kError, SourceSpan{}, message, hint};
  std::fputs(FormatDiagnostic(d, SourceTexts(), StderrColorMode()).c_str(), stderr);
}

void PrintWarning(const std::string& message) {
  Diagnostic d{Severity::kWarning, SourceSpan{}, message, ""};
  std::fputs(FormatDiagnostic(d, SourceTexts(), StderrColorMode()).c_str(), stderr);
}

}  // namespace sqlflow
