#include "connectors/postgres/pg_binary_encoder.h"

#include <gtest/gtest.h>

#include <limits>

namespace sqlflow {
namespace {

// The buffer as hex bytes: "00 02 ff".
std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string Numeric(const std::string& text) {
  PgBinaryEncoder encoder;
  Status st = encoder.WriteNumeric(text);
  return st.ok() ? Hex(encoder.buffer()) : st.message();
}

TEST(PgBinaryEncoderTest, NumericIsBase10000DigitsAlignedOnThePoint) {
  // length | ndigits | weight | sign | dscale | digits
  EXPECT_EQ(Numeric("-12.340"), "00 00 00 0c 00 02 00 00 40 00 00 03 00 0c 0d 48");
  EXPECT_EQ(Numeric("0.00005"), "00 00 00 0a 00 01 ff fe 00 00 00 05 13 88");
  EXPECT_EQ(Numeric("123456789"), "00 00 00 0e 00 03 00 02 00 00 00 00 00 01 09 29 1a 85");
  EXPECT_EQ(Numeric("10000"), "00 00 00 0a 00 01 00 01 00 00 00 00 00 01");
  EXPECT_EQ(Numeric("-0.00"), "00 00 00 08 00 00 00 00 00 00 00 02");
  EXPECT_EQ(Numeric("NaN"), "00 00 00 08 00 00 00 00 c0 00 00 00");
  EXPECT_EQ(Numeric("-Infinity"), "00 00 00 08 00 00 00 00 f0 00 00 00");
  EXPECT_EQ(Numeric("1e5"), "not a decimal number: '1e5'");
  EXPECT_EQ(Numeric("-"), "not a decimal number: '-'");
  EXPECT_EQ(Numeric("."), "not a decimal number: '.'");
}

TEST(PgBinaryEncoderTest, DatesAndTimestampsMoveToThe2000EpochKeepingInfinities) {
  PgBinaryEncoder encoder;
  encoder.WriteDate(10957);  // 2000-01-01
  encoder.WriteDate(std::numeric_limits<int32_t>::max());
  encoder.WriteDate(-std::numeric_limits<int32_t>::max());
  EXPECT_EQ(Hex(encoder.buffer()),
            "00 00 00 04 00 00 00 00 00 00 00 04 7f ff ff ff 00 00 00 04 80 00 00 00");
  encoder.Clear();
  encoder.WriteTimestamp(946684800000001);  // 2000-01-01 00:00:00.000001
  encoder.WriteTimestamp(-std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Hex(encoder.buffer()),
            "00 00 00 08 00 00 00 00 00 00 00 01 00 00 00 08 80 00 00 00 00 00 00 00");
}

TEST(PgBinaryEncoderTest, StreamHasHeaderRowsAndTrailer) {
  PgBinaryEncoder encoder;
  encoder.WriteHeader();
  encoder.BeginRow(2);
  encoder.WriteNull();
  encoder.WriteBytes("hi");
  encoder.WriteTrailer();
  EXPECT_EQ(Hex(encoder.buffer()),
            "50 47 43 4f 50 59 0a ff 0d 0a 00 00 00 00 00 00 00 00 00 00 02 ff ff ff ff 00 00 "
            "00 02 68 69 ff ff");
}

}  // namespace
}  // namespace sqlflow
