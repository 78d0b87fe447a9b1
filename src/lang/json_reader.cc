#include "lang/json_reader.h"

#include <set>

#include "lang/lexer.h"
#include "lang/token.h"

namespace sqlflow {

namespace {

// Deep enough for any real PARAMS; bounds the recursion on hostile input.
constexpr int kMaxDepth = 64;

bool IsLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class JsonReader {
 public:
  JsonReader(std::string_view text, uint32_t offset, const LineIndex& lines,
             const std::string& file)
      : text_(text), pos_(offset), lines_(lines), file_(file) {}

  JsonReadResult Read() {
    JsonReadResult result;
    bool ok = ReadValue(&result.value, 0);
    result.end = ok ? pos_ : RecoveryEnd();
    result.errors = std::move(errors_);
    return result;
  }

 private:
  bool ReadValue(JsonValue* out, int depth);
  bool ReadObject(JsonValue* out, int depth);
  bool ReadArray(JsonValue* out, int depth);
  bool ReadString(std::string* out);
  bool DecodeEscape(uint32_t* i, uint32_t end, std::string* out);
  bool ReadNumber(JsonValue* out);
  bool ReadLiteral(JsonValue* out);
  bool ReadVariable(JsonValue* out);
  void SkipSpace();
  uint32_t RecoveryEnd() const;
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Fail(uint32_t offset, uint32_t length, std::string message, std::string hint) {
    errors_.push_back({offset, length, std::move(message), std::move(hint)});
    return false;
  }
  SourceSpan SpanFrom(uint32_t begin) const { return lines_.SpanAt(file_, begin, pos_ - begin); }

  std::string_view text_;
  uint32_t pos_;
  const LineIndex& lines_;
  const std::string& file_;
  std::vector<JsonError> errors_;
  int open_ = 0;  // objects and arrays entered and not yet closed
};

// value := object | array | string | number | true | false | null | ${…}
bool JsonReader::ReadValue(JsonValue* out, int depth) {
  SkipSpace();
  uint32_t begin = pos_;
  char c = Peek();
  bool ok = false;
  if (c == '{' || c == '[') {
    if (depth >= kMaxDepth) {
      return Fail(begin, 1, "JSON is nested too deeply", "flatten it below 64 levels");
    }
    ok = c == '{' ? ReadObject(out, depth + 1) : ReadArray(out, depth + 1);
  } else if (c == '"') {
    out->kind = JsonValue::Kind::kString;
    ok = ReadString(&out->text);
  } else if (c == '-' || IsDigit(c)) {
    ok = ReadNumber(out);
  } else if (IsLetter(c)) {
    ok = ReadLiteral(out);
  } else if (c == '$' && text_.substr(pos_, 2) == "${") {
    ok = ReadVariable(out);
  } else if (c == '\'') {
    return Fail(begin, 1, "JSON strings use double quotes", "write \"…\" instead of '…'");
  } else {
    return Fail(begin, 1, "expected a JSON value",
                "write \"text\", a number, true, false, null, [ … ], { … } or ${variable}");
  }
  out->span = SpanFrom(begin);
  return ok;
}

// object := "{" [ string ":" value { "," string ":" value } [ "," ] ] "}"
bool JsonReader::ReadObject(JsonValue* out, int depth) {
  uint32_t open = pos_++;
  ++open_;
  out->kind = JsonValue::Kind::kObject;
  std::set<std::string> keys;
  while (true) {
    SkipSpace();
    if (Peek() == '}') {
      ++pos_;
      --open_;
      return true;
    }
    if (AtEnd()) return Fail(open, 1, "unterminated JSON object", "close it with }");
    uint32_t key_begin = pos_;
    if (Peek() == '\'') {
      return Fail(pos_, 1, "JSON keys use double quotes", "write \"key\": value");
    }
    if (Peek() != '"') return Fail(pos_, 1, "expected a quoted key", "write \"key\": value");
    JsonMember member;
    if (!ReadString(&member.key)) return false;
    member.key_span = SpanFrom(key_begin);
    if (!keys.insert(member.key).second) {
      Fail(key_begin, pos_ - key_begin, "duplicate key \"" + member.key + "\"",
           "give each key once");
    }
    SkipSpace();
    if (Peek() != ':') {
      return Fail(pos_, 1, "expected ':' after the key \"" + member.key + "\"",
                  "write \"key\": value");
    }
    ++pos_;
    SkipSpace();
    if (AtEnd()) return Fail(open, 1, "unterminated JSON object", "close it with }");
    if (!ReadValue(&member.value, depth)) return false;
    out->members.push_back(std::move(member));
    SkipSpace();
    if (Peek() == ',') {
      ++pos_;
    } else if (Peek() != '}') {
      if (AtEnd()) return Fail(open, 1, "unterminated JSON object", "close it with }");
      return Fail(pos_, 1,
                  "expected ',' or '}' after the value of \"" + out->members.back().key + "\"",
                  "separate members with ',' and close the object with '}'");
    }
  }
}

// array := "[" [ value { "," value } [ "," ] ] "]"
bool JsonReader::ReadArray(JsonValue* out, int depth) {
  uint32_t open = pos_++;
  ++open_;
  out->kind = JsonValue::Kind::kArray;
  while (true) {
    SkipSpace();
    if (Peek() == ']') {
      ++pos_;
      --open_;
      return true;
    }
    if (AtEnd()) return Fail(open, 1, "unterminated JSON array", "close it with ]");
    JsonValue item;
    if (!ReadValue(&item, depth)) return false;
    out->items.push_back(std::move(item));
    SkipSpace();
    if (Peek() == ',') {
      ++pos_;
    } else if (Peek() != ']') {
      if (AtEnd()) return Fail(open, 1, "unterminated JSON array", "close it with ]");
      return Fail(pos_, 1, "expected ',' or ']' in the JSON array",
                  "separate items with ',' and close the array with ']'");
    }
  }
}

// A JSON string must close on its line; its end is found first so that reading resumes after
// it even when an escape inside is bad.
bool JsonReader::ReadString(std::string* out) {
  uint32_t open = pos_;
  uint32_t i = open + 1;
  while (i < text_.size() && text_[i] != '"' && text_[i] != '\n') i += text_[i] == '\\' ? 2 : 1;
  if (i >= text_.size() || text_[i] != '"') {
    pos_ = static_cast<uint32_t>(std::min<size_t>(i, text_.size()));
    return Fail(open, 1, "unterminated JSON string", "close it with \" on the same line");
  }
  uint32_t close = i;
  pos_ = close + 1;
  for (uint32_t j = open + 1; j < close; ++j) {
    if (text_[j] != '\\') {
      *out += text_[j];
    } else if (!DecodeEscape(&j, close, out)) {
      return false;
    }
  }
  return true;
}

// Decodes the escape at `*i` (a backslash), leaving `*i` on its last character.
bool JsonReader::DecodeEscape(uint32_t* i, uint32_t end, std::string* out) {
  uint32_t at = *i;
  char c = text_[++*i];
  switch (c) {
    case '"':
      *out += '"';
      return true;
    case '\\':
      *out += '\\';
      return true;
    case '/':
      *out += '/';
      return true;
    case 'b':
      *out += '\b';
      return true;
    case 'f':
      *out += '\f';
      return true;
    case 'n':
      *out += '\n';
      return true;
    case 'r':
      *out += '\r';
      return true;
    case 't':
      *out += '\t';
      return true;
    case 'u':
      break;
    default:
      return Fail(at, 2, "invalid escape '\\" + std::string(1, c) + "' in a JSON string",
                  "write \\\\ for a backslash");
  }
  auto hex4 = [&](uint32_t from) -> int {
    if (from + 4 > end) return -1;
    int value = 0;
    for (uint32_t k = from; k < from + 4; ++k) {
      int h = HexValue(text_[k]);
      if (h < 0) return -1;
      value = value * 16 + h;
    }
    return value;
  };
  int unit = hex4(at + 2);
  uint32_t cp = static_cast<uint32_t>(unit);
  uint32_t last = at + 5;
  if (unit >= 0xD800 && unit <= 0xDBFF && text_.substr(at + 6, 2) == "\\u") {
    int low = hex4(at + 8);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
      last = at + 11;
    }
  }
  if (unit < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return Fail(at, 2, "invalid \\u escape in a JSON string",
                "write \\u followed by four hex digits, e.g. \\u00e9");
  }
  AppendUtf8(cp, out);
  *i = last;
  return true;
}

bool JsonReader::ReadNumber(JsonValue* out) {
  uint32_t begin = pos_;
  auto digits = [&] {
    uint32_t from = pos_;
    while (IsDigit(Peek())) ++pos_;
    return pos_ > from;
  };
  if (Peek() == '-') ++pos_;
  bool ok = digits();
  if (ok && Peek() == '.') {
    ++pos_;
    ok = digits();
  }
  if (ok && (Peek() == 'e' || Peek() == 'E')) {
    ++pos_;
    if (Peek() == '+' || Peek() == '-') ++pos_;
    ok = digits();
  }
  if (!ok) return Fail(begin, pos_ - begin + 1, "malformed JSON number", "e.g. 42, -1.5 or 2e3");
  out->kind = JsonValue::Kind::kNumber;
  out->text = std::string(text_.substr(begin, pos_ - begin));
  return true;
}

bool JsonReader::ReadLiteral(JsonValue* out) {
  uint32_t begin = pos_;
  while (IsLetter(Peek()) || IsDigit(Peek())) ++pos_;
  std::string_view word = text_.substr(begin, pos_ - begin);
  if (word == "true" || word == "false") {
    out->kind = JsonValue::Kind::kBool;
    out->bool_value = word == "true";
    return true;
  }
  if (word == "null") {
    out->kind = JsonValue::Kind::kNull;
    return true;
  }
  std::string hint = "write true, false, null, a number, \"text\" or ${variable}";
  std::string upper = ToUpperAscii(word);
  if (upper == "TRUE" || upper == "FALSE" || upper == "NULL") {
    std::string canonical = upper == "TRUE" ? "true" : upper == "FALSE" ? "false" : "null";
    hint = "JSON literals are lower-case: " + canonical;
  }
  return Fail(begin, pos_ - begin, "'" + std::string(word) + "' is not a JSON value", hint);
}

bool JsonReader::ReadVariable(JsonValue* out) {
  size_t end = ScanVariable(text_, pos_);
  if (end == std::string_view::npos) {
    uint32_t begin = pos_;
    size_t eol = text_.find('\n', pos_);
    pos_ = static_cast<uint32_t>(eol == std::string_view::npos ? text_.size() : eol);
    return Fail(begin, 2, "unterminated variable", "close it with }");
  }
  out->kind = JsonValue::Kind::kVariable;
  out->text = std::string(text_.substr(pos_, end - pos_));
  pos_ = static_cast<uint32_t>(end);
  return true;
}

void JsonReader::SkipSpace() {
  while (!AtEnd()) {
    char c = Peek();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
    } else if (text_.substr(pos_, 2) == "--") {
      size_t eol = text_.find('\n', pos_);
      pos_ = static_cast<uint32_t>(eol == std::string_view::npos ? text_.size() : eol);
    } else if (text_.substr(pos_, 2) == "/*") {
      size_t close = text_.find("*/", pos_ + 2);
      pos_ = static_cast<uint32_t>(close == std::string_view::npos ? text_.size() : close + 2);
    } else {
      return;
    }
  }
}

// Where the caller should resume after an error: past the end of the broken JSON, found by
// counting brackets outside JSON strings, or at a ';' that ends the statement first. SQL's rules
// cannot be used here: a ' inside JSON would start an SQL string and swallow the file.
uint32_t JsonReader::RecoveryEnd() const {
  int depth = open_;
  size_t i = pos_;
  while (i < text_.size()) {
    char c = text_[i];
    if (c == ';') return static_cast<uint32_t>(i);
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth <= 0) return static_cast<uint32_t>(i + 1);
    if (c == '"') {
      ++i;
      while (i < text_.size() && text_[i] != '"' && text_[i] != '\n') {
        i += text_[i] == '\\' ? 2 : 1;
      }
    }
    ++i;
  }
  return static_cast<uint32_t>(text_.size());
}

}  // namespace

JsonReadResult ReadRelaxedJson(std::string_view text, uint32_t offset, const LineIndex& lines,
                               const std::string& file) {
  return JsonReader(text, offset, lines, file).Read();
}

}  // namespace sqlflow
