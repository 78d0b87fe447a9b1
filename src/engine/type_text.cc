#include "engine/type_text.h"

#include <cctype>
#include <memory>
#include <utility>
#include <vector>

#include "common/strings.h"

namespace sqlflow {
namespace {

// One type: a base name (upper case, with its parameters: "DECIMAL(18,3)"), STRUCT fields, MAP
// key and value, or "[]" (a LIST, "[3]" an ARRAY) over args[0].
struct TypeNode {
  std::string base;
  std::vector<std::pair<std::string, TypeNode>> fields;
  std::vector<TypeNode> args;
};

class TypeParser {
 public:
  explicit TypeParser(const std::string& text) : s_(text) {}

  // The whole text as one type, or nullopt when it is not one.
  std::optional<TypeNode> ParseAll() {
    std::optional<TypeNode> type = Type();
    SkipSpaces();
    if (!type || pos_ != s_.size()) return std::nullopt;
    return type;
  }

 private:
  void SkipSpaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  bool Eat(char c) {
    SkipSpaces();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  static bool WordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ';
  }

  // A field name: "quoted ""name""" or a bare identifier.
  std::optional<std::string> Name() {
    SkipSpaces();
    std::string name;
    if (pos_ < s_.size() && s_[pos_] == '"') {
      for (++pos_; pos_ < s_.size(); ++pos_) {
        if (s_[pos_] == '"') {
          if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
            name += '"';
            ++pos_;
          } else {
            ++pos_;
            return name;
          }
        } else {
          name += s_[pos_];
        }
      }
      return std::nullopt;
    }
    while (pos_ < s_.size() && WordChar(s_[pos_]) && s_[pos_] != ' ') name += s_[pos_++];
    if (name.empty()) return std::nullopt;
    return name;
  }

  std::optional<TypeNode> Type() {
    SkipSpaces();
    TypeNode node;
    while (pos_ < s_.size() && WordChar(s_[pos_])) node.base += s_[pos_++];
    while (!node.base.empty() && node.base.back() == ' ') node.base.pop_back();
    node.base = ToUpperAscii(node.base);
    if (node.base.empty()) return std::nullopt;
    if (node.base == "STRUCT" && Eat('(')) {
      do {
        std::optional<std::string> name = Name();
        std::optional<TypeNode> type = name ? Type() : std::nullopt;
        if (!type) return std::nullopt;
        node.fields.emplace_back(*name, std::move(*type));
      } while (Eat(','));
      if (!Eat(')')) return std::nullopt;
    } else if ((node.base == "MAP" || node.base == "UNION") && Eat('(')) {
      do {
        std::optional<TypeNode> arg = Type();
        if (!arg) return std::nullopt;
        node.args.push_back(std::move(*arg));
      } while (Eat(','));
      if (!Eat(')')) return std::nullopt;
    } else if (pos_ < s_.size() && s_[pos_] == '(') {  // DECIMAL(18,3), VARCHAR(10)
      size_t close = s_.find(')', pos_);
      if (close == std::string::npos) return std::nullopt;
      std::string params = s_.substr(pos_, close + 1 - pos_);
      std::erase(params, ' ');
      node.base += params;
      pos_ = close + 1;
    }
    while (Eat('[')) {
      size_t close = s_.find(']', pos_);
      if (close == std::string::npos) return std::nullopt;
      TypeNode list;
      list.base = "[" + s_.substr(pos_, close - pos_) + "]";
      list.args.push_back(std::move(node));
      node = std::move(list);
      pos_ = close + 1;
    }
    return node;
  }

  const std::string& s_;
  size_t pos_ = 0;
};

bool SameType(const TypeNode& a, const TypeNode& b) {
  if (a.base != b.base || a.fields.size() != b.fields.size() || a.args.size() != b.args.size()) {
    return false;
  }
  for (size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].first != b.fields[i].first || !SameType(a.fields[i].second, b.fields[i].second))
      return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!SameType(a.args[i], b.args[i])) return false;
  }
  return true;
}

bool IsInteger(const std::string& base) {
  for (const char* name : {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
                           "UINTEGER", "UBIGINT"}) {
    if (base == name) return true;
  }
  return false;
}

bool Reads(const TypeNode& inferred, const TypeNode& recorded) {
  if (SameType(inferred, recorded)) return true;
  if (inferred.base == "JSON") return true;  // only nulls were seen
  if (recorded.base == "JSON" || recorded.base == "VARCHAR") return true;
  if (recorded.base == "DOUBLE" && IsInteger(inferred.base)) return true;
  if (inferred.base == "STRUCT" && recorded.base == "STRUCT") {
    for (const auto& [name, type] : inferred.fields) {
      const TypeNode* match = nullptr;
      for (const auto& [other, other_type] : recorded.fields) {
        if (EqualsIgnoreCase(name, other)) match = &other_type;
      }
      if (match == nullptr || !Reads(type, *match)) return false;
    }
    return true;
  }
  if (inferred.base == "[]" && recorded.base == "[]")
    return Reads(inferred.args[0], recorded.args[0]);
  if (inferred.base == "MAP" && recorded.base == "MAP" && inferred.args.size() == 2 &&
      recorded.args.size() == 2) {
    return Reads(inferred.args[0], recorded.args[0]) && Reads(inferred.args[1], recorded.args[1]);
  }
  return false;
}

}  // namespace

bool ReadsAs(const std::string& inferred, const std::string& recorded) {
  std::optional<TypeNode> i = TypeParser(inferred).ParseAll();
  std::optional<TypeNode> r = TypeParser(recorded).ParseAll();
  return i && r && Reads(*i, *r);
}

}  // namespace sqlflow
