// The fields of one REST paginator config ({"type": "offset", "limit": 100, …}), read with their
// types checked, so that a mistyped field fails the SOURCE with a message naming it
// ("SOURCE s: paginator.limit must be a whole number, not a string (\"100\")").
// Thread-safety: a value used by one thread.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace sqlflow {

// "a string (\"100\")", "2.5", "an object with keys href" — a JSON value in a message; long
// strings are cut.
std::string ShownValue(const nlohmann::json& value);

class PaginatorFields {
 public:
  // REQUIRES: `config` (an object, or an empty object for a type named by a string) outlives
  // this.
  PaginatorFields(const nlohmann::json& config, std::string type, std::string label)
      : config_(config), type_(std::move(type)), label_(std::move(label)) {}

  const std::string& label() const { return label_; }

  // InvalidArgument for a key that is neither "type" nor one of `fields`, with a did-you-mean
  // and the type's fields.
  Status CheckKnown(const std::vector<std::string>& fields) const;

  // A non-empty string field; `fallback` when absent or null.
  Result<std::string> String(const char* name, const std::string& fallback) const;
  Result<std::optional<std::string>> OptionalString(const char* name) const;
  // A whole number at least `minimum`; nullopt when absent or null.
  Result<std::optional<int64_t>> Integer(const char* name, int64_t minimum) const;

  // "<label>: paginator.<field> <what>"
  Status Invalid(const std::string& field, const std::string& what) const;

 private:
  const nlohmann::json* Find(const char* name) const;

  const nlohmann::json& config_;
  std::string type_;
  std::string label_;
};

}  // namespace sqlflow
