#include "plan/condition.h"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/strings.h"

namespace sqlflow {

namespace {

// Parentheses and NOTs nest the parser's recursion; this bounds it on hostile input (thousands
// of levels overflow the stack), far above what a real condition needs.
constexpr int kMaxDepth = 64;

constexpr const char* kSyntaxHint =
    "a condition uses values, ${…}, ==, !=, <, <=, >, >=, AND, OR, NOT and parentheses";

enum class TokenKind { kValue, kCompare, kAnd, kOr, kNot, kOpen, kClose, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // the value (variables spliced) or the spelling as written
  size_t begin = 0;  // byte range in the condition text
  size_t end = 0;
  bool unknown = false;  // holds an unresolved variable
};

// A value during evaluation: text, where it came from, and whether it is known.
struct Value {
  std::string text;
  size_t begin = 0;
  size_t end = 0;
  bool unknown = false;
};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         c == '/' || c == ':';
}

// A number in a condition: "-"? digits ( "." digits )? ( [eE] [+-]? digits )?. Unlike JSON,
// leading zeros are allowed, so that `${month} < 10` works with month=09.
std::optional<double> ParseNumber(std::string_view s) {
  size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > start;
  };
  if (!digits()) return std::nullopt;
  if (i < s.size() && s[i] == '.' && !(++i, digits())) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;  // out of range
  return value;
}

std::optional<int64_t> ParseInteger(std::string_view s) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

bool IsBool(std::string_view s) { return ClassifyValue(s) == ValueType::kBool; }

// -1, 0 or 1; integers compare exactly, others as doubles.
int CompareNumbers(std::string_view a, std::string_view b, double x, double y) {
  std::optional<int64_t> i = ParseInteger(a), j = ParseInteger(b);
  if (i && j) return *i < *j ? -1 : (*i > *j ? 1 : 0);
  return x < y ? -1 : (x > y ? 1 : 0);
}

class ConditionEvaluator {
 public:
  ConditionEvaluator(const SqlText& condition, const VariableScope& vars,
                     std::vector<UnresolvedUse>* unresolved, Diagnostics* errors,
                     ResolvedVariables* resolved)
      : text_(condition.text),
        at_(condition.span),
        vars_(vars),
        unresolved_(unresolved),
        errors_(errors),
        resolved_(resolved) {}

  std::optional<bool> Run() {
    if (!Tokenize()) return std::nullopt;
    if (tokens_.front().kind == TokenKind::kEnd) {
      errors_->Error(at_, "the condition is empty", "write a condition, e.g. ${env} == 'prod'");
      return std::nullopt;
    }
    std::optional<Value> value = ParseOr();
    if (!value) return std::nullopt;
    if (Peek().kind != TokenKind::kEnd) {
      Unexpected(Peek());
      return std::nullopt;
    }
    std::optional<Value> truth = Truth(*value);
    if (!truth || truth->unknown) return std::nullopt;
    return truth->text == "true";
  }

 private:
  // ---- Tokenizer ----

  bool Tokenize() {
    size_t i = 0;
    while (true) {
      i = SkipSpaceAndComments(i);
      if (i == std::string_view::npos) return false;
      if (i >= text_.size()) break;
      Token token;
      token.begin = i;
      if (!ScanToken(i, &token)) return false;
      i = token.end;
      tokens_.push_back(std::move(token));
    }
    tokens_.push_back(Token{TokenKind::kEnd, "", text_.size(), text_.size()});
    return true;
  }

  // The index of the next token, or npos after reporting an unterminated comment.
  size_t SkipSpaceAndComments(size_t i) {
    while (i < text_.size()) {
      if (std::isspace(static_cast<unsigned char>(text_[i]))) {
        ++i;
      } else if (text_.compare(i, 2, "--") == 0) {
        i = text_.find('\n', i);
        if (i == std::string_view::npos) return text_.size();
      } else if (text_.compare(i, 2, "/*") == 0) {
        size_t close = text_.find("*/", i + 2);
        if (close == std::string_view::npos) {
          Error(i, 2, "unterminated comment", "close it with */");
          return std::string_view::npos;
        }
        i = close + 2;
      } else {
        break;
      }
    }
    return i;
  }

  bool ScanToken(size_t i, Token* token) {
    char c = text_[i];
    auto two = [&](std::string_view s) { return text_.compare(i, 2, s) == 0; };
    if (c == '\'' || c == '"') return ScanString(i, token);
    if (IsWordChar(c) || two("${")) return ScanWord(i, token);
    if (c == '(' || c == ')') {
      return Emit(token, c == '(' ? TokenKind::kOpen : TokenKind::kClose, i, 1);
    }
    if (two("==") || two("!=") || two("<>") || two("<=") || two(">=")) {
      return Emit(token, TokenKind::kCompare, i, 2);
    }
    if (c == '=' || c == '<' || c == '>') return Emit(token, TokenKind::kCompare, i, 1);
    if (two("&&")) return Error(i, 2, "unexpected '&&'", "use AND");
    if (two("||")) return Error(i, 2, "unexpected '||'", "use OR");
    if (c == '!') return Error(i, 1, "unexpected '!'", "use NOT, or != to compare");
    return Error(i, 1, "unexpected character '" + std::string(1, c) + "' in condition",
                 kSyntaxHint);
  }

  bool Emit(Token* token, TokenKind kind, size_t i, size_t length) {
    token->kind = kind;
    token->text = std::string(text_.substr(i, length));
    token->end = i + length;
    return true;
  }

  // Appends the value of the `${…}` at `i` to `token` and returns the index after it, or npos
  // after reporting a malformed reference.
  size_t Splice(size_t i, Token* token) {
    std::optional<VariableRef> ref = ParseVariableRef(text_, i, at_, errors_);
    if (!ref) return std::string_view::npos;
    std::optional<VariableValue> value = vars_.Resolve(ref->name, ref->default_value);
    if (value) {
      token->text += value->value;
      if (resolved_ != nullptr) resolved_->Record(ref->name, *value);
    } else {
      token->unknown = true;
      unresolved_->push_back(
          {ref->name, SpanWithin(at_, text_, ref->begin, ref->end - ref->begin), "", ""});
    }
    return ref->end;
  }

  // word := { word_char | "${…}" }; AND, OR, NOT (written without `${…}`) are keywords.
  bool ScanWord(size_t i, Token* token) {
    token->kind = TokenKind::kValue;
    bool spliced = false;
    while (i < text_.size()) {
      if (text_.compare(i, 2, "${") == 0) {
        i = Splice(i, token);
        if (i == std::string_view::npos) return false;
        spliced = true;
      } else if (IsWordChar(text_[i])) {
        token->text += text_[i++];
      } else {
        break;
      }
    }
    token->end = i;
    if (spliced) return true;
    if (EqualsIgnoreCase(token->text, "AND")) token->kind = TokenKind::kAnd;
    if (EqualsIgnoreCase(token->text, "OR")) token->kind = TokenKind::kOr;
    if (EqualsIgnoreCase(token->text, "NOT")) token->kind = TokenKind::kNot;
    return true;
  }

  // string := quote { char | quote quote | "${…}" } quote
  bool ScanString(size_t i, Token* token) {
    token->kind = TokenKind::kValue;
    char quote = text_[i];
    size_t p = i + 1;
    while (true) {
      if (p >= text_.size()) {
        return Error(i, 1, "unterminated string in condition",
                     std::string("close it with ") + quote);
      }
      if (text_[p] == quote && p + 1 < text_.size() && text_[p + 1] == quote) {
        token->text += quote;
        p += 2;
      } else if (text_[p] == quote) {
        token->end = p + 1;
        return true;
      } else if (text_.compare(p, 2, "${") == 0) {
        p = Splice(p, token);
        if (p == std::string_view::npos) return false;
      } else {
        token->text += text_[p++];
      }
    }
  }

  // ---- Parser and evaluation ----

  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_++]; }

  std::optional<Value> ParseOr() {
    std::optional<Value> left = ParseAnd();
    while (left && Peek().kind == TokenKind::kOr) {
      Next();
      std::optional<Value> right = ParseAnd();
      if (!right) return std::nullopt;
      left = Combine(*left, *right, TokenKind::kOr);
    }
    return left;
  }

  std::optional<Value> ParseAnd() {
    std::optional<Value> left = ParseNot();
    while (left && Peek().kind == TokenKind::kAnd) {
      Next();
      std::optional<Value> right = ParseNot();
      if (!right) return std::nullopt;
      left = Combine(*left, *right, TokenKind::kAnd);
    }
    return left;
  }

  // One more level of NOT or "(" at `token`; false after reporting that there are too many.
  // Leave() undoes it.
  bool Enter(const Token& token) {
    if (++depth_ <= kMaxDepth) return true;
    return Error(token.begin, token.end - token.begin, "the condition is nested too deeply",
                 "nest at most " + std::to_string(kMaxDepth) + " levels of parentheses and NOT");
  }
  void Leave() { --depth_; }

  std::optional<Value> ParseNot() {
    if (Peek().kind != TokenKind::kNot) return ParseComparison();
    if (!Enter(Peek())) return std::nullopt;
    size_t begin = Next().begin;
    std::optional<Value> operand = ParseNot();
    Leave();
    if (!operand) return std::nullopt;
    std::optional<Value> truth = Truth(*operand);
    if (!truth) return std::nullopt;
    truth->text = truth->text == "true" ? "false" : "true";
    truth->begin = begin;
    return truth;
  }

  std::optional<Value> ParseComparison() {
    std::optional<Value> left = ParseOperand();
    if (!left || Peek().kind != TokenKind::kCompare) return left;
    const Token& op = Next();
    std::optional<Value> right = ParseOperand();
    if (!right) return std::nullopt;
    if (Peek().kind == TokenKind::kCompare) {
      const Token& extra = Peek();
      Error(extra.begin, extra.end - extra.begin, "comparisons cannot be chained",
            "join them with AND: a < b AND b < c");
      return std::nullopt;
    }
    return Compare(*left, op, *right);
  }

  std::optional<Value> ParseOperand() {
    const Token& token = Peek();
    if (token.kind == TokenKind::kValue) {
      Next();
      return Value{token.text, token.begin, token.end, token.unknown};
    }
    if (token.kind != TokenKind::kOpen) {
      ExpectedValue(token);
      return std::nullopt;
    }
    if (!Enter(token)) return std::nullopt;
    const Token& open = Next();
    std::optional<Value> inner = ParseOr();
    Leave();
    if (!inner) return std::nullopt;
    if (Peek().kind == TokenKind::kEnd) {
      Error(open.begin, 1, "unclosed '(' in condition", "add the matching ')'");
      return std::nullopt;
    }
    if (Peek().kind != TokenKind::kClose) {
      Unexpected(Peek());
      return std::nullopt;
    }
    inner->begin = open.begin;
    inner->end = Next().end;
    return inner;
  }

  // The truth of `v` as a value "true"/"false" (kept unknown when `v` is).
  std::optional<Value> Truth(const Value& v) {
    Value out = v;
    if (v.unknown) return out;
    std::optional<double> number = ParseNumber(v.text);
    if (IsBool(v.text)) {
      out.text = EqualsIgnoreCase(v.text, "true") ? "true" : "false";
    } else if (number) {
      out.text = *number != 0 ? "true" : "false";
    } else if (v.text.empty()) {
      out.text = "false";
    } else {
      Error(v.begin, v.end - v.begin, "condition value '" + v.text + "' is not true or false",
            "compare it, e.g. ${env} == '" + v.text + "'");
      return std::nullopt;
    }
    return out;
  }

  std::optional<Value> Combine(const Value& left, const Value& right, TokenKind op) {
    std::optional<Value> a = Truth(left);
    if (!a) return std::nullopt;
    std::optional<Value> b = Truth(right);
    if (!b) return std::nullopt;
    Value out{"false", left.begin, right.end, a->unknown || b->unknown};
    bool x = a->text == "true", y = b->text == "true";
    if (op == TokenKind::kAnd ? (x && y) : (x || y)) out.text = "true";
    return out;
  }

  std::optional<Value> Compare(const Value& left, const Token& op, const Value& right) {
    Value out{"false", left.begin, right.end, left.unknown || right.unknown};
    if (out.unknown) return out;
    std::optional<int> order = Order(left, op, right);
    if (!order) return std::nullopt;
    const std::string& o = op.text;
    bool result = (o == "==" || o == "=")    ? *order == 0
                  : (o == "!=" || o == "<>") ? *order != 0
                  : o == "<"                 ? *order < 0
                  : o == "<="                ? *order <= 0
                  : o == ">"                 ? *order > 0
                                             : *order >= 0;
    if (result) out.text = "true";
    return out;
  }

  // -1, 0 or 1 comparing `left` with `right` under SPEC §2.4's rules; for equality operators
  // only 0 versus non-zero matters.
  std::optional<int> Order(const Value& left, const Token& op, const Value& right) {
    std::optional<double> x = ParseNumber(left.text), y = ParseNumber(right.text);
    if (x && y) return CompareNumbers(left.text, right.text, *x, *y);
    bool equality = op.text == "==" || op.text == "=" || op.text == "!=" || op.text == "<>";
    bool lb = IsBool(left.text), rb = IsBool(right.text);
    if (equality) {
      auto truth = [](const std::string& s, const std::optional<double>& n) {
        return n ? *n != 0 : EqualsIgnoreCase(s, "true");
      };
      if ((lb && (rb || y)) || (rb && x))
        return truth(left.text, x) == truth(right.text, y) ? 0 : 1;
      return left.text.compare(right.text) == 0 ? 0 : 1;
    }
    if (lb || rb || x || y) {
      Error(op.begin, op.end - op.begin,
            "cannot order '" + left.text + "' and '" + right.text + "' with '" + op.text + "'",
            op.text +
                " compares two numbers, or two texts such as ISO dates (not a number with "
                "a text, nor true/false)");
      return std::nullopt;
    }
    int c = left.text.compare(right.text);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }

  // ---- Errors ----

  bool Error(size_t index, size_t length, std::string message, std::string hint) {
    errors_->Error(SpanWithin(at_, text_, index, length), std::move(message), std::move(hint));
    return false;
  }

  void ExpectedValue(const Token& token) {
    if (token.kind == TokenKind::kEnd) {
      const Token& previous = tokens_[pos_ - 1];
      Error(previous.begin, previous.end - previous.begin,
            "expected a value after '" + previous.text + "'", kSyntaxHint);
      return;
    }
    Error(token.begin, token.end - token.begin,
          "expected a value, found '" +
              std::string(text_.substr(token.begin, token.end - token.begin)) + "'",
          kSyntaxHint);
  }

  void Unexpected(const Token& token) {
    std::string spelling(text_.substr(token.begin, token.end - token.begin));
    size_t length = token.end - token.begin;
    if (token.kind == TokenKind::kClose) {
      Error(token.begin, length, "unmatched ')' in condition", "remove it or add a '(' before");
    } else if (token.kind == TokenKind::kValue) {
      Error(token.begin, length, "expected AND, OR or a comparison before '" + spelling + "'",
            "quote a value that holds spaces: 'us east'");
    } else {
      Error(token.begin, length, "unexpected '" + spelling + "' in condition", kSyntaxHint);
    }
  }

  std::string_view text_;
  const SourceSpan& at_;
  const VariableScope& vars_;
  std::vector<UnresolvedUse>* unresolved_;
  Diagnostics* errors_;
  ResolvedVariables* resolved_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;  // NOTs and parentheses entered and not yet left
};

}  // namespace

std::optional<bool> EvaluateCondition(const SqlText& condition, const VariableScope& vars,
                                      std::vector<UnresolvedUse>* unresolved, Diagnostics* errors,
                                      ResolvedVariables* resolved) {
  return ConditionEvaluator(condition, vars, unresolved, errors, resolved).Run();
}

Result<bool> EvaluateCondition(const SqlText& condition, const VariableScope& vars) {
  std::vector<UnresolvedUse> unresolved;
  Diagnostics errors;
  std::optional<bool> result = EvaluateCondition(condition, vars, &unresolved, &errors);
  ReportUnresolvedVariables(unresolved, &errors, &vars);
  if (errors.has_errors()) return errors.ToStatus();
  if (!result) return Status::Internal("condition evaluation failed without an error");
  return *result;
}

}  // namespace sqlflow
