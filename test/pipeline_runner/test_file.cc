#include "pipeline_runner/test_file.h"

#include <charconv>

namespace sqlflow::test {
namespace {

constexpr std::string_view kBlockEnd = "----";

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

Status ErrorAt(const std::string& path, int line, int column, std::string message) {
  SourceSpan span;
  span.file = path;
  span.line = static_cast<uint32_t>(line);
  span.column = static_cast<uint32_t>(column);
  return Status::Invalid(std::move(message), span);
}

std::string KnownNames(const SyntaxTable& syntax) {
  std::string out;
  for (const auto& [name, unused] : syntax) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// exit_line := 'exit' INT
std::optional<int> ParseExitLine(std::string_view line) {
  line = TrimRight(TrimLeft(line));
  if (!line.starts_with("exit ")) return std::nullopt;
  std::string_view number = TrimLeft(line.substr(5));
  int value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
  return value;
}

class Parser {
 public:
  Parser(const std::string& path, std::string_view text, const SyntaxTable& syntax)
      : path_(path), lines_(SplitLines(text)), syntax_(syntax) {}

  Result<TestFile> Parse() {
    TestFile file{path_, {}};
    while (next_ < lines_.size()) {
      std::string_view line = TrimRight(TrimLeft(lines_[next_++]));
      if (line.empty() || line.front() == '#') continue;
      Directive directive;
      Status st = ParseDirective(line, directive);
      if (!st.ok()) return st;
      file.directives.push_back(std::move(directive));
    }
    return file;
  }

 private:
  int LineNumber() const { return static_cast<int>(next_); }  // of the line just consumed

  // directive := NAME args NEWLINE [ 'exit' INT NEWLINE ] [ { LINE } '----' ]
  Status ParseDirective(std::string_view line, Directive& out) {
    out.line = LineNumber();
    out.text = std::string(line);
    size_t name_end = line.find_first_of(" \t");
    out.name = std::string(line.substr(0, name_end));
    auto it = syntax_.find(out.name);
    if (it == syntax_.end()) return UnknownDirective(out.name);
    size_t args_start = name_end == std::string_view::npos ? line.size() : name_end;
    Result<std::vector<std::string>> args = SplitArgs(line.substr(args_start));
    if (!args.ok()) {
      int column = static_cast<int>(args_start + args.status().span()->offset) + 1;
      return ErrorAt(path_, out.line, column, args.status().message());
    }
    out.args = std::move(args).value();
    Status st = CheckArgCount(out, it->second);
    if (!st.ok()) return st;
    if (it->second.body == BodyKind::kNone) return Status::OK();
    if (it->second.body == BodyKind::kExitAndBlock && next_ < lines_.size()) {
      out.exit_code = ParseExitLine(lines_[next_]);
      if (out.exit_code) ++next_;
    }
    return ParseBlock(out);
  }

  Status UnknownDirective(const std::string& name) const {
    if (name == "exit") {
      return ErrorAt(path_, LineNumber(), 1, "'exit N' must directly follow a run line");
    }
    if (name == kBlockEnd) {
      return ErrorAt(path_, LineNumber(), 1, "'----' without a directive that opened a block");
    }
    return ErrorAt(path_, LineNumber(), 1,
                   "unknown directive '" + name + "' (known: " + KnownNames(syntax_) + ")");
  }

  Status CheckArgCount(const Directive& d, const DirectiveSyntax& syntax) const {
    int n = static_cast<int>(d.args.size());
    bool too_many = syntax.max_args >= 0 && n > syntax.max_args;
    if (n >= syntax.min_args && !too_many) return Status::OK();
    std::string expected = std::to_string(syntax.min_args);
    if (syntax.max_args != syntax.min_args) {
      expected += syntax.max_args < 0 ? " or more" : " to " + std::to_string(syntax.max_args);
    }
    return ErrorAt(path_, d.line, 1,
                   "'" + d.name + "' takes " + expected + " argument(s), got " + std::to_string(n));
  }

  // block := { LINE } '----'
  Status ParseBlock(Directive& out) {
    out.body_line = LineNumber() + 1;
    while (next_ < lines_.size()) {
      std::string_view line = lines_[next_++];
      if (TrimRight(line) == kBlockEnd) return Status::OK();
      out.body.emplace_back(line);
    }
    return ErrorAt(path_, out.line, 1,
                   "'" + out.name + "' block has no closing '----' line before the end of file");
  }

  const std::string& path_;
  std::vector<std::string_view> lines_;
  const SyntaxTable& syntax_;
  size_t next_ = 0;
};

}  // namespace

Result<TestFile> ParseTestFile(const std::string& path, std::string_view text,
                               const SyntaxTable& syntax) {
  return Parser(path, text, syntax).Parse();
}

Result<std::vector<std::string>> SplitArgs(std::string_view text) {
  std::vector<std::string> args;
  std::string current;
  bool in_word = false;
  char quote = 0;
  size_t quote_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        current += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      quote_start = i;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) args.push_back(std::move(current));
      current.clear();
      in_word = false;
    } else {
      current += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    SourceSpan span;
    span.offset = static_cast<uint32_t>(quote_start);
    return Status::Invalid(std::string("unterminated ") + quote + " quote", span);
  }
  if (in_word) args.push_back(std::move(current));
  return args;
}

}  // namespace sqlflow::test
