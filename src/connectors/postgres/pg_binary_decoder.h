// PgBinaryDecoder: reads the stream of a `COPY … TO STDOUT (FORMAT binary)` straight into the
// vectors of a table function's output chunk: no text conversion, no temp files, no allocation
// per fixed-width value.
//
// The stream is an 11-byte signature, an int32 flags word, an int32 header-extension length and
// that many bytes; then per tuple an int16 field count (-1 ends the stream) and per field an
// int32 length (-1 = NULL) and that many big-endian bytes. Pieces arrive as libpq hands them
// over; a tuple split across pieces is carried over.
// Thread-safety: one decoder per worker thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "connectors/postgres/postgres_types.h"
#include "engine/vector.h"

namespace sqlflow {

class PgBinaryDecoder {
 public:
  // `fields`: one codec per column the COPY selects, in order; chunk column i receives field i.
  explicit PgBinaryDecoder(std::vector<PgFieldCodec> fields);

  // Starts a new COPY stream (its header is expected next).
  void Reset();

  // Makes `piece` the next input. REQUIRES: NeedsInput(); `piece` stays valid until NeedsInput()
  // is true again (the bytes of an incomplete tuple are copied by then).
  void Feed(std::string_view piece);
  // True when every byte fed so far has been decoded or copied aside.
  bool NeedsInput() const { return input_.size() == pos_; }
  // True once the trailer (-1) of the stream has been read.
  bool finished() const { return finished_; }

  // Decodes complete tuples into rows [first_row, capacity) of `columns` (one vector per field,
  // from the output chunk) and returns how many rows it wrote (0 when it needs input or the
  // stream has finished).
  // InvalidArgument naming the column when a value does not fit its DuckDB type (a timestamp
  // beyond DuckDB's range, a multi-dimensional array), or when the stream is malformed.
  Result<size_t> Decode(std::vector<OutputVector>& columns, size_t capacity, size_t first_row);

  // How many NaN or ±Infinity numerics were read into DECIMAL columns (written as NULL).
  int64_t non_finite_decimals() const { return non_finite_decimals_; }
  // The first column that held one, for the warning.
  const std::string& non_finite_column() const { return non_finite_column_; }

 private:
  Status ReadHeader();
  // Decodes the tuple at the start of `rest` into `row` and returns its byte length: 2 for the
  // trailer (nothing decoded), 0 when `rest` ends before the tuple does.
  Result<size_t> DecodeTuple(std::string_view rest, std::vector<OutputVector>& columns, size_t row);
  Status DecodeValue(const PgFieldCodec& field, PgValueKind kind, std::string_view bytes,
                     OutputVector& vector, size_t row);
  Status DecodeArray(const PgFieldCodec& field, std::string_view bytes, OutputVector& vector,
                     size_t row);
  Status DecodeNumeric(const PgFieldCodec& field, PgValueKind kind, std::string_view bytes,
                       OutputVector& vector, size_t row);
  void CarryRest();

  std::vector<PgFieldCodec> fields_;
  std::string_view input_;  // the current piece, or carry_ when bytes were carried over
  size_t pos_ = 0;
  std::string carry_;  // an incomplete tuple waiting for the next piece
  bool header_done_ = false;
  bool finished_ = false;
  int64_t non_finite_decimals_ = 0;
  std::string non_finite_column_;
};

}  // namespace sqlflow
