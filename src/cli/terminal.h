// How the CLI writes for people: colours only on a terminal and never with NO_COLOR set;
// diagnostics with the line and caret; secrets already redacted by the caller.
#pragma once

#include <string>

#include "common/diagnostic.h"
#include "common/secret_text.h"

namespace sqlflow {

// kAlways when stderr is a terminal and NO_COLOR is not set.
ColorMode StderrColorMode();
ColorMode StdoutColorMode();

// Prints every diagnostic to stderr, each passed through `redact` and then through
// MaskCredentialsInText (an excerpt line `"password": "…"` never shows its value).
template <typename Redact>
void PrintDiagnostics(const Diagnostics& ds, const SourceTexts& texts, Redact redact);

void PrintError(const std::string& message, const std::string& hint = "");
void PrintWarning(const std::string& message);

}  // namespace sqlflow

#include <cstdio>

namespace sqlflow {

template <typename Redact>
void PrintDiagnostics(const Diagnostics& ds, const SourceTexts& texts, Redact redact) {
  ColorMode color = StderrColorMode();
  for (const Diagnostic& d : ds.items()) {
    std::string text = MaskCredentialsInText(redact(FormatDiagnostic(d, texts, color)));
    std::fputs(text.c_str(), stderr);
  }
}

}  // namespace sqlflow
