#include "engine/vector.h"

#include <cassert>
#include <utility>

#include "engine/duckdb_internal.h"

namespace sqlflow {
namespace {

// The element type of a list column; an unknown type when the ColumnType carries none.
ColumnType ElementType(const ColumnType& list) {
  assert(list.id == TypeId::kList && "ListChild on a non-LIST vector");
  return list.child ? *list.child : ColumnType();
}

[[maybe_unused]] bool IsString(TypeId id) { return id == TypeId::kVarchar || id == TypeId::kBlob; }

}  // namespace

InputVector::InputVector(_duckdb_vector* handle, ColumnType type)
    : handle_(handle), type_(std::move(type)), validity_(duckdb_vector_get_validity(handle)) {}

const void* InputVector::raw_data() const { return duckdb_vector_get_data(handle_); }

bool InputVector::IsValid(size_t row) const {
  return validity_ == nullptr ||
         duckdb_validity_row_is_valid(const_cast<uint64_t*>(validity_), row);
}

std::string_view InputVector::GetString(size_t row) const {
  assert(IsString(type_.id) && "GetString on a non-string vector");
  // Strings of 12 bytes or fewer are inlined in the duckdb_string_t itself: read them from the
  // slot in the vector, never from a copy of it.
  auto* slot = static_cast<duckdb_string_t*>(duckdb_vector_get_data(handle_)) + row;
  return std::string_view(duckdb_string_t_data(slot), duckdb_string_t_length(*slot));
}

InputVector InputVector::ListChild() const {
  return InputVector(duckdb_list_vector_get_child(handle_), ElementType(type_));
}

OutputVector::OutputVector(_duckdb_vector* handle, ColumnType type)
    : handle_(handle), type_(std::move(type)), data_(duckdb_vector_get_data(handle)) {}

uint64_t* OutputVector::WritableValidity() {
  duckdb_vector_ensure_validity_writable(handle_);
  return duckdb_vector_get_validity(handle_);
}

void OutputVector::SetString(size_t row, std::string_view value) {
  assert(IsString(type_.id) && "SetString on a non-string vector");
  duckdb_vector_assign_string_element_len(handle_, row, value.data(), value.size());
}

OutputVector OutputVector::ListChild() {
  return OutputVector(duckdb_list_vector_get_child(handle_), ElementType(type_));
}

size_t OutputVector::ListSize() const { return duckdb_list_vector_get_size(handle_); }

Status OutputVector::ReserveList(size_t capacity) {
  if (duckdb_list_vector_reserve(handle_, capacity) == DuckDBError) {
    return Status::EngineError("cannot reserve room for " + std::to_string(capacity) +
                               " list elements in a " + type_.name + " vector");
  }
  return Status::OK();
}

Status OutputVector::SetListSize(size_t size) {
  if (duckdb_list_vector_set_size(handle_, size) == DuckDBError) {
    return Status::EngineError("cannot set the size of a " + type_.name + " vector's elements to " +
                               std::to_string(size));
  }
  return Status::OK();
}

}  // namespace sqlflow
