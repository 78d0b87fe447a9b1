// dev_sampling: a deterministic fraction of the files, so that a development run reads the same
// 10% every time, on every machine, and a file keeps its answer when others are added.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace sqlflow {

// FNV-1a (64-bit) of `key`'s bytes, then MurmurHash3's 64-bit finaliser so that keys differing
// only in their last characters ("part-0001", "part-0002") spread over the whole range. Stable:
// part of what a sample is; changing it changes every project's sample.
uint64_t StableKeyHash(const std::string& key);

// True when `key` is in the sample: StableKeyHash(key) < fraction × 2^64. fraction <= 0 (or
// NaN) samples nothing, fraction >= 1 everything.
bool SampledIn(const std::string& key, double fraction);

}  // namespace sqlflow
