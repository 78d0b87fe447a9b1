#include "connectors/s3/s3_sampling.h"

#include <cmath>

namespace sqlflow {

uint64_t StableKeyHash(const std::string& key) {
  uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a offset basis
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 0x100000001b3ull;  // FNV prime
  }
  // fmix64: FNV-1a's low bits barely depend on the last bytes; mix them into the high ones.
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ull;
  hash ^= hash >> 33;
  return hash;
}

bool SampledIn(const std::string& key, double fraction) {
  if (!(fraction > 0)) return false;  // NaN included
  if (fraction >= 1) return true;
  // 2^64 × fraction < 2^64: exact in long double's 64-bit mantissa on x86, and compared as
  // long double on every platform.
  long double threshold = std::ldexp(static_cast<long double>(fraction), 64);
  return static_cast<long double>(StableKeyHash(key)) < threshold;
}

}  // namespace sqlflow
