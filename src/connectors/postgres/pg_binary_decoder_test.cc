#include "connectors/postgres/pg_binary_decoder.h"

#include <gtest/gtest.h>

#include "connectors/postgres/pg_connection.h"
#include "util/duckdb_test.h"
#include "util/postgres_server.h"

namespace sqlflow {
namespace {

using test::PostgresTestServer;

// Replays a recorded binary COPY stream to the decoder in pieces of `piece_size` bytes, so tuples
// and the header straddle pieces.
class ReplayScan : public TableScan, public TableScanWorker {
 public:
  ReplayScan(std::vector<ColumnSpec> columns, std::vector<PgFieldCodec> codecs, std::string stream,
             size_t piece_size)
      : columns_(std::move(columns)),
        decoder_(std::move(codecs)),
        stream_(std::move(stream)),
        piece_size_(piece_size) {}

  const std::vector<ColumnSpec>& columns() const override { return columns_; }
  Result<std::unique_ptr<TableScanWorker>> OpenWorker(const std::vector<size_t>&) override {
    return std::unique_ptr<TableScanWorker>(std::make_unique<Forward>(this));
  }

  Result<size_t> Fill(OutputChunk& out) override {
    std::vector<OutputVector> vectors;
    for (size_t i = 0; i < out.column_count(); ++i) vectors.push_back(out.column(i));
    size_t rows = 0;
    while (rows < out.capacity() && !decoder_.finished()) {
      if (decoder_.NeedsInput()) {
        if (at_ >= stream_.size()) return Status::Invalid("stream ended without its trailer");
        decoder_.Feed(std::string_view(stream_).substr(at_, piece_size_));
        at_ += piece_size_;
      }
      SQLFLOW_ASSIGN_OR_RETURN(size_t n, decoder_.Decode(vectors, out.capacity(), rows));
      rows += n;
    }
    out.SetSize(rows);
    return rows;
  }

 private:
  struct Forward : TableScanWorker {
    explicit Forward(ReplayScan* scan) : scan(scan) {}
    Result<size_t> Fill(OutputChunk& out) override { return scan->Fill(out); }
    ReplayScan* scan;
  };

  std::vector<ColumnSpec> columns_;
  PgBinaryDecoder decoder_;
  std::string stream_;
  size_t piece_size_;
  size_t at_ = 0;
};

class PgBinaryDecoderTest : public test::DuckDbTest {
 protected:
  // The whole COPY stream of `select` in a fresh database holding table t made by `setup`.
  std::string RecordStream(const std::string& setup, const std::string& select) {
    auto server = PostgresTestServer::Get();
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    if (!server.ok()) return "";
    EXPECT_TRUE((*server)->CreateDatabase("pgsrc_decoder").ok());
    EXPECT_TRUE((*server)->Exec("pgsrc_decoder", setup).ok());
    PgConnectOptions options;
    options.host = (*server)->host();
    options.port = (*server)->port();
    options.dbname = "pgsrc_decoder";
    options.user = (*server)->user();
    auto conn = PgConnection::Open(options);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    if (!conn.ok()) return "";
    EXPECT_TRUE(conn->StartCopyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)").ok());
    std::string stream;
    for (;;) {
      auto piece = conn->ReadCopy();
      EXPECT_TRUE(piece.ok()) << piece.status().ToString();
      if (!piece.ok() || piece->empty()) break;
      stream.append(*piece);
    }
    return stream;
  }

  std::vector<std::string> ReadInPieces(const std::string& stream, size_t piece_size) {
    PgFieldCodec id{PgValueKind::kInt8};
    id.column = "id";
    PgFieldCodec text{PgValueKind::kText};
    text.column = "s";
    PgFieldCodec list{PgValueKind::kArray, PgValueKind::kInt4};
    list.column = "l";
    auto scan = std::make_shared<ReplayScan>(
        std::vector<ColumnSpec>{{"id", ColumnType::Of(TypeId::kBigInt)},
                                {"s", ColumnType::Of(TypeId::kVarchar)},
                                {"l", ColumnType::List(ColumnType::Of(TypeId::kInteger))}},
        std::vector<PgFieldCodec>{id, text, list}, stream, piece_size);
    TableFunctionSpec spec;
    spec.name = "replay_" + std::to_string(piece_size);
    spec.bind = [scan](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
      return std::shared_ptr<TableScan>(scan);
    };
    EXPECT_TRUE(RegisterTableFunction(*conn_, std::move(spec)).ok());
    return Query(
        "SELECT count(*), sum(id), count(s), max(s), sum(len(l)), sum(list_sum(l)) FROM "
        "replay_" +
        std::to_string(piece_size) + "()");
  }
};

TEST_F(PgBinaryDecoderTest, TuplesSplitAcrossPiecesDecodeTheSame) {
  std::string stream = RecordStream(
      "CREATE TABLE t AS SELECT g::int8 AS id, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat('x', g % "
      "50) END AS s, ARRAY[g, NULL, -g]::int4[] AS l FROM generate_series(1, 5000) g",
      "SELECT id, s, l FROM t");
  ASSERT_GT(stream.size(), 19u);
  std::vector<std::string> expected{"5000|12502500|4286|" + std::string(49, 'x') + "|15000|0"};
  EXPECT_EQ(ReadInPieces(stream, stream.size()), expected);
  EXPECT_EQ(ReadInPieces(stream, 1), expected);
  EXPECT_EQ(ReadInPieces(stream, 7), expected);
  EXPECT_EQ(ReadInPieces(stream, 4099), expected);
}

TEST_F(PgBinaryDecoderTest, AStreamWithoutTheSignatureIsRejected) {
  auto scan =
      std::make_shared<ReplayScan>(std::vector<ColumnSpec>{{"id", ColumnType::Of(TypeId::kBigInt)}},
                                   std::vector<PgFieldCodec>{PgFieldCodec{PgValueKind::kInt8}},
                                   std::string("id,s\n1,x\n") + std::string(20, '\0'), 64);
  TableFunctionSpec spec;
  spec.name = "bad";
  spec.bind = [scan](const BindInput&) -> Result<std::shared_ptr<TableScan>> {
    return std::shared_ptr<TableScan>(scan);
  };
  ASSERT_TRUE(RegisterTableFunction(*conn_, std::move(spec)).ok());
  auto result = conn_->Query("SELECT * FROM bad()");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find(
                "the COPY stream does not start with the binary COPY signature"),
            std::string::npos)
      << result.status().message();
}

}  // namespace
}  // namespace sqlflow
