#include "cli/dotenv.h"

#include <stdlib.h>

#include <algorithm>
#include <cctype>

#include "common/text_encoding.h"
#include "plan/variables.h"

extern char** environ;  // NOLINT: POSIX

namespace sqlflow {

namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// A cursor over the .env text that knows its line number.
class DotenvParser {
 public:
  DotenvParser(std::string_view text, const std::string& file_name)
      : text_(text), file_name_(file_name) {}

  Result<EnvironmentMap> Parse() {
    EnvironmentMap out;
    while (pos_ < text_.size()) {
      SkipBlanks();
      if (AtLineEnd()) {
        SkipComment();
        NextLine();
        continue;
      }
      SQLFLOW_RETURN_IF_ERROR(ParseAssignment(&out));
    }
    return out;
  }

 private:
  // [ "export" ws ] NAME ws? "=" ws? [ value ] ws? [ "#" comment ] end-of-line
  Status ParseAssignment(EnvironmentMap* out) {
    uint32_t start_line = line_;
    std::string_view rest = text_.substr(pos_);
    if (rest.substr(0, 7) == "export " || rest.substr(0, 7) == "export\t") {
      pos_ += 7;
      SkipBlanks();
    }
    size_t name_start = pos_;
    if (pos_ < text_.size() && IsNameStart(text_[pos_])) {
      while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    }
    std::string name(text_.substr(name_start, pos_ - name_start));
    SkipBlanks();
    if (name.empty() || pos_ >= text_.size() || text_[pos_] != '=') {
      return Error(start_line, BadLineMessage(name_start));
    }
    ++pos_;
    SkipBlanks();
    std::string value;
    SQLFLOW_RETURN_IF_ERROR(ParseValue(&value));
    SkipBlanks();
    if (!AtLineEnd()) {
      return Error(line_, "unexpected text after the value of " + name +
                              "; quote the whole value or start a comment with ' #'");
    }
    SkipComment();
    NextLine();
    (*out)[name] = std::move(value);
    return Status::OK();
  }

  std::string BadLineMessage(size_t line_start) const {
    size_t eol = text_.find('\n', line_start);
    std::string line(
        text_.substr(line_start, eol == std::string_view::npos ? eol : eol - line_start));
    while (!line.empty() && IsBlank(line.back())) line.pop_back();
    size_t eq = line.find('=');
    if (eq == std::string::npos) return "expected KEY=VALUE, got '" + line + "'";
    std::string name = line.substr(0, eq);
    while (!name.empty() && IsBlank(name.back())) name.pop_back();
    return "invalid variable name '" + name +
           "'; names use letters, digits and _ and do not start with a digit";
  }

  Status ParseValue(std::string* value) {
    if (pos_ >= text_.size()) return Status::OK();
    char q = text_[pos_];
    if (q == '"' || q == '\'') return ParseQuoted(q, value);
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      if (text_[pos_] == '#' && pos_ > 0 && IsBlank(text_[pos_ - 1])) break;
      ++pos_;
    }
    std::string_view raw = text_.substr(start, pos_ - start);
    while (!raw.empty() && IsBlank(raw.back())) raw.remove_suffix(1);
    *value = std::string(raw);
    return Status::OK();
  }

  Status ParseQuoted(char quote, std::string* value) {
    uint32_t open_line = line_;
    ++pos_;
    for (; pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return Status::OK();
      }
      if (c == '\n') ++line_;
      if (c == '\\' && quote == '"' && pos_ + 1 < text_.size()) {
        value->push_back(Unescape(text_[++pos_]));
        continue;
      }
      value->push_back(c);
    }
    return Error(open_line, std::string("unterminated ") + (quote == '"' ? "double" : "single") +
                                " quote; close the value with " + quote);
  }

  static char Unescape(char c) {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      default:
        return c;  // \" \\ \$ and anything else: the character itself
    }
  }

  void SkipBlanks() {
    while (pos_ < text_.size() && IsBlank(text_[pos_])) ++pos_;
  }
  bool AtLineEnd() const {
    return pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '#';
  }
  void SkipComment() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }
  void NextLine() {
    if (pos_ < text_.size()) {
      ++pos_;
      ++line_;
    }
  }
  Status Error(uint32_t line, const std::string& message) const {
    return Status::Invalid(file_name_ + ":" + std::to_string(line) + ": " + message);
  }

  std::string_view text_;
  const std::string& file_name_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

Result<EnvironmentMap> ParseDotenv(std::string_view text, const std::string& file_name) {
  return DotenvParser(text, file_name).Parse();
}

Result<EnvironmentMap> LoadDotenv(const Project& project, const FileSystem& fs) {
  std::string path = project.dotenv_path();
  if (!fs.Exists(path)) return EnvironmentMap{};
  Result<std::string> text = fs.ReadFile(path);
  if (!text.ok()) return text.status();
  if (Status s = CheckTextEncoding(project.DisplayPath(path), &*text); !s.ok()) return s;
  return ParseDotenv(*text, project.DisplayPath(path));
}

EnvironmentMap SnapshotEnvironment() {
  EnvironmentMap out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

EnvironmentMap MergeEnvironment(const EnvironmentMap& process, const EnvironmentMap& dotenv) {
  EnvironmentMap out = process;
  for (const auto& [name, value] : dotenv) out.emplace(name, value);  // keeps existing names
  return out;
}

void ExportToProcessEnvironment(const EnvironmentMap& dotenv) {
  for (const auto& [name, value] : dotenv) ::setenv(name.c_str(), value.c_str(), /*overwrite=*/0);
}

// The `${NAME}` / `${NAME|default}` syntax is the pipeline language's (plan/variables.h); here
// the only layer is the environment.
Result<EnvExpansion> ExpandEnvReferences(std::string_view text,
                                         const std::map<std::string, std::string>& env) {
  EnvExpansion out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    out.text.append(text.substr(pos, open - pos));
    Diagnostics errors;
    std::optional<VariableRef> ref = ParseVariableRef(text, open, SourceSpan{}, &errors);
    if (!ref) {
      const Diagnostic& d = errors.items().front();
      return Status::Invalid(d.message + (d.hint.empty() ? "" : "; " + d.hint));
    }
    if (auto it = env.find(ref->name); it != env.end()) {
      out.text += it->second;
    } else if (ref->default_value) {
      out.text += *ref->default_value;
    } else {
      out.text.append(text.substr(open, ref->end - open));
      out.missing.push_back(ref->name);
    }
    pos = ref->end;
  }
  if (pos < text.size()) out.text.append(text.substr(pos));
  return out;
}

}  // namespace sqlflow
