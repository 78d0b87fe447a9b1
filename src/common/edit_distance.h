// Edit distance and "did you mean" suggestions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sqlflow {

// Edit distance (insert, delete, substitute, swap two adjacent letters), comparing ASCII
// letters case-insensitively.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a plausible typo (distance at
// most a third of the word's length, at least 1, and not an exact match), else nullopt.
std::optional<std::string> SuggestClosest(std::string_view word,
                                          const std::vector<std::string>& candidates);

}  // namespace sqlflow
