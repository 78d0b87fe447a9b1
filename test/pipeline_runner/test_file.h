// TestFile: the parsed form of one end-to-end `.test` file (docs/testing.md): a list of
// directives, each with its arguments and, for block directives, the lines up to `----`.
// The parser knows only the shape of each directive (its DirectiveSyntax); what a directive does
// lives in case_runner.cc.
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sqlflow::test {

// What follows a directive line.
enum class BodyKind {
  kNone,          // nothing: the directive is one line
  kBlock,         // lines up to a line that is exactly `----`
  kExitAndBlock,  // an optional `exit N` line, then a block
};

struct DirectiveSyntax {
  BodyKind body = BodyKind::kNone;
  int min_args = 0;
  int max_args = -1;  // -1: no limit
};

// Directive name -> its syntax.
using SyntaxTable = std::map<std::string, DirectiveSyntax, std::less<>>;

struct Directive {
  int line = 0;                   // 1-based line of the directive in the .test file
  std::string text;               // the directive line, trimmed, for messages
  std::string name;               // e.g. "run"
  std::vector<std::string> args;  // split by SplitArgs, quotes removed
  std::optional<int> exit_code;   // kExitAndBlock only: the `exit N` line, when present
  int body_line = 0;              // 1-based line of the first body line
  std::vector<std::string> body;  // block lines, verbatim (without the `----`)
};

struct TestFile {
  std::string path;  // as shown in messages, e.g. "test/pipelines/runner/basic.test"
  std::vector<Directive> directives;
};

// Parses the text of a .test file.
//   file      := { blank | comment | directive }
//   comment   := '#' ...                      (only between directives)
//   directive := NAME args NEWLINE [ 'exit' INT NEWLINE ] [ { LINE } '----' ]
// Fails with an Invalid status whose span names `path` and the offending line: unknown
// directive, wrong argument count, unterminated quote, missing `----`.
Result<TestFile> ParseTestFile(const std::string& path, std::string_view text,
                               const SyntaxTable& syntax);

// Splits `text` on spaces and tabs; '...' and "..." group words and lose their quotes, also
// inside a word (--vars='{"a": 1}' -> --vars={"a": 1}). No backslash escapes. Fails with the
// 0-based offset of an unterminated quote in the message.
Result<std::vector<std::string>> SplitArgs(std::string_view text);

}  // namespace sqlflow::test
