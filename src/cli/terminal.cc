#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>

#include "common/secret_text.h"

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

// The last line of defence: whatever a caller did or did not redact, a credential recognisable
// by its shape (`password=…`, `"token": "…"`, a URL's password) is never printed.
void PrintError(const std::string& message, const std::string& hint) {
  Diagnostic d{Severity::kError, SourceSpan{}, MaskCredentialsInText(message),
               MaskCredentialsInText(hint)};
  std::fputs(FormatDiagnostic(d, SourceTexts(), StderrColorMode()).c_str(), stderr);
}

void PrintWarning(const std::string& message) {
  Diagnostic d{Severity::kWarning, SourceSpan{}, MaskCredentialsInText(message), ""};
  std::fputs(FormatDiagnostic(d, SourceTexts(), StderrColorMode()).c_str(), stderr);
}

}  // namespace sqlflow
