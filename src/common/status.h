// Status and Result<T>: errors as values (LevelDB style). A Status is OK or carries a code,
// a message and, for errors about user text, the place they refer to.
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "common/source_span.h"

namespace sqlflow {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // bad user input: parse, validation, usage
  kNotFound,
  kIoError,
  kEngineError,  // the SQL engine refused or failed a statement
  kInternal,
};

const char* ToString(StatusCode code);

class Status {
 public:
  Status() = default;  // OK
  static Status OK() { return Status(); }
  static Status Invalid(std::string msg, std::optional<SourceSpan> span = std::nullopt) {
    return Status(StatusCode::kInvalidArgument, std::move(msg), std::move(span));
  }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(StatusCode::kIoError, std::move(msg)); }
  static Status EngineError(std::string msg) {
    return Status(StatusCode::kEngineError, std::move(msg));
  }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  Status(StatusCode code, std::string msg, std::optional<SourceSpan> span = std::nullopt)
      : state_(new State{code, std::move(msg), std::move(span)}) {}
  Status(const Status& other) : state_(other.state_ ? new State(*other.state_) : nullptr) {}
  Status& operator=(const Status& other) {
    if (this != &other) state_.reset(other.state_ ? new State(*other.state_) : nullptr);
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  bool ok() const { return state_ == nullptr || state_->code == StatusCode::kOk; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const { return state_ ? state_->message : Empty().message; }
  const std::optional<SourceSpan>& span() const { return state_ ? state_->span : Empty().span; }

  // "message" or "file:line:col: message" when a span is known.
  std::string ToString() const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::optional<SourceSpan> span;
  };
  static const State& Empty();

  // nullptr when OK: an OK Status is one pointer, cheap to make and return on hot paths
  // (the PostgreSQL decoder returns one per value).
  std::unique_ptr<State> state_;
};

// A value or an error Status. Access to value() on an error is a programmer error.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(data_).ok() && "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace sqlflow

// Returns the Status of `expr` from the enclosing function when it is an error.
#define SQLFLOW_RETURN_IF_ERROR(expr) \
  do {                                \
    ::sqlflow::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)

#define SQLFLOW_CONCAT_INNER(a, b) a##b
#define SQLFLOW_CONCAT(a, b) SQLFLOW_CONCAT_INNER(a, b)
// Declares `lhs` from a Result-returning `expr`, or returns its error Status.
#define SQLFLOW_ASSIGN_OR_RETURN(lhs, expr)                                                   \
  auto SQLFLOW_CONCAT(_res_, __LINE__) = (expr);                                              \
  if (!SQLFLOW_CONCAT(_res_, __LINE__).ok()) return SQLFLOW_CONCAT(_res_, __LINE__).status(); \
  lhs = std::move(SQLFLOW_CONCAT(_res_, __LINE__)).value()
