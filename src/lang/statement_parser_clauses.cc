// The pieces of DSL statements: names, strings, MODE clauses, key lists and JSON objects.
#include <charconv>

#include "lang/json_reader.h"
#include "lang/statement_parser.h"

namespace sqlflow {

namespace {

const char* ValidModes(ModeTarget target) {
  return target == ModeTarget::kLoad
             ? "REPLACE, APPEND, MERGE KEY (cols), UPSERT KEY (cols)"
             : "REPLACE, APPEND, MERGE KEY (cols), UPSERT KEY (cols), INCREMENTAL BY col";
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

// How many tokens from `ahead` on form a name: name { "." name }; 0 when none does.
size_t StatementParser::QualifiedNameLength(size_t ahead) {
  if (!tokens_.Peek(ahead).IsName()) return 0;
  size_t k = ahead + 1;
  while (tokens_.Peek(k).IsSymbol(".") && tokens_.Peek(k + 1).IsName()) k += 2;
  return k - ahead;
}

Identifier StatementParser::MakeIdentifier(const Token& t) const {
  Identifier id;
  id.quoted = t.kind == TokenKind::kQuotedName;
  id.name = id.quoted ? UnquoteToken(t) : std::string(t.text);
  id.span = Span(t.offset, t.end());
  return id;
}

StringLiteral StatementParser::MakeString(const Token& t) const {
  return StringLiteral{UnquoteToken(t), Span(t.offset, t.end())};
}

bool StatementParser::ExpectIdentifier(const std::string& message, const std::string& hint,
                                       Identifier* out) {
  Token t = tokens_.Peek();
  if (!t.IsName()) {
    Error(t, message, hint);
    return false;
  }
  *out = MakeIdentifier(tokens_.Take());
  return true;
}

// table := name { "." name }
bool StatementParser::ExpectQualifiedName(const std::string& message, const std::string& hint,
                                          QualifiedName* out) {
  Identifier part;
  if (!ExpectIdentifier(message, hint, &part)) return false;
  uint32_t begin = part.span.offset;
  out->parts.push_back(std::move(part));
  while (tokens_.Peek().IsSymbol(".")) {
    tokens_.Take();
    if (!ExpectIdentifier("expected a name after '.'", "write schema.table", &part)) return false;
    out->parts.push_back(std::move(part));
  }
  out->span = Span(begin, tokens_.last_end());
  return true;
}

// string := '…' | "…"
bool StatementParser::ExpectString(const std::string& message, const std::string& hint,
                                   StringLiteral* out) {
  Token t = tokens_.Peek();
  if (!t.IsDslString()) {
    Error(t, message, hint);
    return false;
  }
  *out = MakeString(tokens_.Take());
  return true;
}

bool StatementParser::ExpectKeyword(const char* keyword, const std::string& after,
                                    const std::string& hint) {
  Token t = tokens_.Peek();
  if (t.IsKeyword(keyword)) {
    tokens_.Take();
    return true;
  }
  Error(t, std::string("expected ") + keyword + " after " + after, HintFor(t, {keyword}, hint));
  return false;
}

// MODE load_mode | MODE create_mode
bool StatementParser::ParseMode(ModeTarget target, ModeClause* out) {
  Token mode = tokens_.Take();  // MODE
  out->is_explicit = true;
  bool ok = ParseModeKind(target, out);
  out->span = Span(mode.offset, tokens_.last_end());
  return ok;
}

// load_mode   := REPLACE | APPEND | MERGE ( KEY | MERGE_KEYS ) keys | MERGE_KEYS keys
//              | UPSERT KEY keys
// create_mode := REPLACE | APPEND | MERGE KEY keys | UPSERT KEY keys
//              | INCREMENTAL BY name [ LOOKBACK number unit ]
bool StatementParser::ParseModeKind(ModeTarget target, ModeClause* out) {
  Token word = tokens_.Peek();
  std::string upper = ToUpperAscii(word.text);
  if (word.kind != TokenKind::kWord) {
    Error(word, "expected a mode after MODE", std::string("valid modes: ") + ValidModes(target));
    return false;
  }
  out->keyword = upper;
  if (upper == "REPLACE" || upper == "APPEND") {
    tokens_.Take();
    out->mode = upper == "REPLACE" ? WriteMode::kReplace : WriteMode::kAppend;
    return true;
  }
  if (upper == "MERGE" || upper == "UPSERT" || upper == "MERGE_KEYS") {
    tokens_.Take();
    out->mode = WriteMode::kMerge;
    if (upper == "MERGE_KEYS") return ParseKeys("MERGE_KEYS", &out->keys);
    Token key = tokens_.Peek();
    if (!key.IsKeyword("KEY") && !(upper == "MERGE" && key.IsKeyword("MERGE_KEYS"))) {
      Error(word, upper + " needs KEY (columns)",
            "write " + upper + " KEY id or " + upper + " KEY (a, b)");
      return false;
    }
    tokens_.Take();
    return ParseKeys(upper + " " + ToUpperAscii(key.text), &out->keys);
  }
  if (upper == "INCREMENTAL" && target == ModeTarget::kCreateTable) return ParseIncremental(out);
  if (upper == "INCREMENTAL") {
    Error(word, "INCREMENTAL is a CREATE TABLE mode, not a LOAD mode",
          std::string("valid LOAD modes: ") + ValidModes(target) +
              "; an incremental SOURCE loads only new rows");
    return false;
  }
  std::vector<std::string> names = {"REPLACE", "APPEND", "MERGE", "UPSERT"};
  if (target == ModeTarget::kCreateTable) names.push_back("INCREMENTAL");
  std::string hint = HintFor(word, names, "");
  hint += (hint.empty() ? "" : " ") + std::string("valid modes: ") + ValidModes(target);
  const char* statement = target == ModeTarget::kLoad ? "LOAD" : "CREATE TABLE";
  Error(word, std::string("unknown ") + statement + " mode '" + std::string(word.text) + "'", hint);
  return false;
}

// keys := name | "(" name { "," name } ")" | name { "," name }
bool StatementParser::ParseKeys(const std::string& after, std::vector<Identifier>* out) {
  Token open = tokens_.Peek();
  std::string hint = "write " + after + " id or " + after + " (a, b)";
  if (!open.IsSymbol("(") && !open.IsName()) {
    Error(open, "expected key columns after " + after, hint);
    return false;
  }
  bool parenthesized = open.IsSymbol("(");
  if (parenthesized) tokens_.Take();
  while (true) {
    Identifier key;
    if (!ExpectIdentifier("expected a key column name", hint, &key)) return false;
    out->push_back(std::move(key));
    if (!tokens_.Peek().IsSymbol(",")) break;
    tokens_.Take();
  }
  if (!parenthesized) return true;
  Token close = tokens_.Peek();
  if (!close.IsSymbol(")")) {
    Error(close, "expected ',' or ')' in the key list", hint);
    return false;
  }
  tokens_.Take();
  return true;
}

// INCREMENTAL BY name [ LOOKBACK number unit ]
bool StatementParser::ParseIncremental(ModeClause* out) {
  tokens_.Take();  // INCREMENTAL
  out->mode = WriteMode::kIncremental;
  std::string hint = "write INCREMENTAL BY updated_at";
  if (!ExpectKeyword("BY", "INCREMENTAL", hint)) return false;
  Identifier column;
  if (!ExpectIdentifier("expected a column name after INCREMENTAL BY", hint, &column)) {
    return false;
  }
  out->incremental_column = column;
  if (!tokens_.Peek().IsKeyword("LOOKBACK")) return true;
  tokens_.Take();
  return ParseLookback(out);
}

// number unit     unit := MINUTE | MINUTES | HOUR | HOURS | DAY | DAYS
bool StatementParser::ParseLookback(ModeClause* out) {
  Token number = tokens_.Peek();
  if (number.kind != TokenKind::kNumber || !AllDigits(number.text)) {
    Error(number, "expected a whole number after LOOKBACK", "e.g. LOOKBACK 2 DAYS");
    return false;
  }
  long long amount = 0;
  auto [end, ec] = std::from_chars(number.text.data(), number.text.data() + number.length, amount);
  if (ec != std::errc()) {
    Error(number, "LOOKBACK " + std::string(number.text) + " is too large",
          "use a smaller number or a larger unit");
    return false;
  }
  tokens_.Take();
  Token unit = tokens_.Peek();
  std::string upper = ToUpperAscii(unit.text);
  if (upper.size() > 1 && upper.back() == 'S') upper.pop_back();
  if (unit.kind != TokenKind::kWord || (upper != "MINUTE" && upper != "HOUR" && upper != "DAY")) {
    bool is_unit_word = unit.kind == TokenKind::kWord && !unit.IsKeyword("AS");
    std::string message = is_unit_word
                              ? "unknown LOOKBACK unit '" + std::string(unit.text) + "'"
                              : "expected a unit after LOOKBACK " + std::string(number.text);
    Error(unit, message, HintFor(unit, {"MINUTES", "HOURS", "DAYS"}, "use MINUTES, HOURS or DAYS"));
    return false;
  }
  tokens_.Take();
  out->lookback = std::make_pair(amount, upper);
  return true;
}

// json := a relaxed JSON object (SPEC §2.1), read from the raw text by ReadRelaxedJson.
bool StatementParser::ParseJsonObject(const std::string& keyword, JsonValue* out) {
  Token open = tokens_.Peek();
  if (!open.IsSymbol("{")) {
    Error(open, "expected a JSON object after " + keyword,
          "write " + keyword + " {\"key\": \"value\"}");
    return false;
  }
  JsonReadResult json = ReadRelaxedJson(text_, open.offset, lines_, file_);
  tokens_.SkipTo(json.end);
  for (const JsonError& e : json.errors) ErrorAt(e.offset, e.length, e.message, e.hint);
  if (!json.errors.empty()) return false;
  *out = std::move(json.value);
  return true;
}

}  // namespace sqlflow
