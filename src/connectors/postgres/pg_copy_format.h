// The framing of a binary COPY stream (`COPY … (FORMAT binary)`), shared by the code that writes
// one (PgBinaryEncoder), cuts one into batches (PgCopyPrefetcher) and decodes one
// (PgBinaryDecoder): an 11-byte signature, an int32 flags word, an int32 header-extension length
// and that many bytes; then the tuples; then an int16 -1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sqlflow {

inline constexpr std::string_view kCopySignature("PGCOPY\n\xff\r\n\0", 11);
// The fixed part of the header: signature, flags, extension length.
inline constexpr size_t kCopyHeaderFixedSize = 19;
// A whole header with no flags and no extension.
inline constexpr std::string_view kMinimalCopyHeader("PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0", 19);
inline constexpr std::string_view kCopyTrailer("\xff\xff", 2);

// The length of the header at the start of `bytes` (its signature unchecked), or 0 while `bytes`
// ends before the header does.
inline size_t CopyHeaderLength(std::string_view bytes) {
  if (bytes.size() < kCopyHeaderFixedSize) return 0;
  auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])); };
  uint32_t extension = (byte(15) << 24) | (byte(16) << 16) | (byte(17) << 8) | byte(18);
  size_t length = kCopyHeaderFixedSize + extension;
  return bytes.size() < length ? 0 : length;
}

}  // namespace sqlflow
