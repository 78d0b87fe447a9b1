// Globs over S3 keys ("**/*.parquet", "events/2025-0[1-6]/*.csv"). S3 has no folders, only keys
// with '/' in them, so a glob is matched against the whole key, segment by segment, and a
// listing needs to go no deeper than the glob's literal prefix.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/status.h"

namespace sqlflow {

// The part of `pattern` before its first wildcard ('*', '?' or '['): the prefix to list under.
// "events/2025/*.csv" -> "events/2025/", "a.csv" -> "a.csv", "*.csv" -> "".
std::string GlobLiteralPrefix(const std::string& pattern);

// glob     := segment { "/" segment }
// segment  := "**" | { char | "*" | "?" | class }
// class    := "[" [ "!" | "^" ] ( "]" | item ) { item } "]"  ; item := char | char "-" char
// True when `key` matches `pattern`. '*' matches any run of characters and '?' one character
// (a UTF-8 sequence counts as one), a class one listed byte; none of them crosses a '/'. A
// whole segment "**" matches any number of segments, none included ("a/**/b" matches "a/b").
// REQUIRES: ValidateGlob(pattern).ok() (an invalid pattern matches nothing).
bool GlobMatches(const std::string& pattern, const std::string& key);

// OK, or InvalidArgument naming the pattern: an unclosed '[' ("glob 'a/[0-9.csv' has a '['
// that is never closed …"), a reversed range "[z-a]", "**" that is not a whole segment
// ("**.csv" looks like a recursive glob but would be a plain '*').
Status ValidateGlob(const std::string& pattern);

}  // namespace sqlflow
