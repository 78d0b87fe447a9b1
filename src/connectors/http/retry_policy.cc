#include "connectors/http/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <random>

namespace sqlflow {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A run of exactly `digits` decimal digits at `pos`, or -1.
int DigitsAt(std::string_view s, size_t pos, size_t digits) {
  if (pos + digits > s.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + digits; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// 1-12 for "Jan".."Dec", or 0.
unsigned MonthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return static_cast<unsigned>(i + 1);
  }
  return 0;
}

// IMF-fixdate = day-name "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT
//               SP "GMT"        e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (29 characters)
std::optional<std::chrono::system_clock::time_point> ParseImfFixdate(std::string_view s) {
  if (s.size() != 29 || s.substr(3, 2) != ", " || s.substr(25) != " GMT") return std::nullopt;
  if (s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':') {
    return std::nullopt;
  }
  const int day = DigitsAt(s, 5, 2);
  const unsigned month = MonthNumber(s.substr(8, 3));
  const int year = DigitsAt(s, 12, 4);
  const int hour = DigitsAt(s, 17, 2);
  const int minute = DigitsAt(s, 20, 2);
  const int second = DigitsAt(s, 23, 2);
  if (day < 0 || month == 0 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

// delta-seconds = 1*DIGIT
std::optional<std::chrono::milliseconds> ParseDeltaSeconds(std::string_view s) {
  // RFC 9110 says whole seconds; Shopify sends "2.0": a decimal is rounded up to the millisecond.
  size_t dot = s.find('.');
  if (dot != std::string_view::npos && dot > 0 && dot + 1 < s.size() &&
      std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
      s.find('.', dot + 1) == std::string_view::npos && dot <= 9) {
    double seconds = 0;
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    if (error == std::errc() && end == s.data() + s.size()) {
      return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(seconds * 1000 - 1e-9)));
    }
    return std::nullopt;
  }
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int64_t seconds = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), seconds);
  // A wait too large to count is as good as forever: the caller compares it with a maximum.
  if (error == std::errc::result_out_of_range || seconds > INT64_MAX / 1000 / 2) {
    return std::chrono::milliseconds(INT64_MAX / 2);
  }
  return std::chrono::seconds(seconds);
}

}  // namespace

RandomSource DefaultRandomSource() {
  return [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

bool IsTransientStatus(long status) {
  switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

bool IsTransientCurlError(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_QUIC_CONNECT_ERROR:
    case CURLE_AGAIN:
      return true;
    default:
      return false;
  }
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  value = Trim(value);
  if (std::optional<std::chrono::milliseconds> delta = ParseDeltaSeconds(value)) return delta;
  std::optional<std::chrono::system_clock::time_point> date = ParseImfFixdate(value);
  if (!date) return std::nullopt;
  if (*date <= now) return std::chrono::milliseconds(0);
  // Rounded up: waiting a little past the date is safe, waking before it is not.
  return std::chrono::ceil<std::chrono::milliseconds>(*date - now);
}

std::string FormatWait(std::chrono::milliseconds wait) {
  if (wait.count() % 1000 == 0) return std::to_string(wait.count() / 1000) + " s";
  return std::to_string(wait.count()) + " ms";
}

RetryPolicy::RetryPolicy(RetryOptions options, RandomSource random)
    : options_(options), random_(random ? std::move(random) : DefaultRandomSource()) {}

std::chrono::milliseconds RetryPolicy::Backoff(int retry_index) const {
  const int64_t cap = std::max<int64_t>(0, options_.cap.count());
  int64_t ceiling = std::min(cap, std::max<int64_t>(0, options_.base.count()));
  for (int i = 0; i < retry_index && ceiling < cap; ++i) {
    ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
  }
  const double fraction = std::clamp(random_(), 0.0, 1.0);
  const auto wait = static_cast<int64_t>(fraction * static_cast<double>(ceiling));
  return std::chrono::milliseconds(std::min(wait, ceiling));
}

Result<std::chrono::milliseconds> RetryPolicy::WaitAfterResponse(
    int retry_index, const std::optional<std::string>& retry_after,
    std::chrono::system_clock::time_point now, const std::string& host) const {
  std::chrono::milliseconds wait = Backoff(retry_index);
  if (!retry_after) return wait;
  // An unreadable Retry-After is ignored rather than fatal: the backoff still spaces retries.
  std::optional<std::chrono::milliseconds> asked = ParseRetryAfter(*retry_after, now);
  if (!asked) return wait;
  if (*asked > options_.max_retry_after) {
    return Status::IoError(
        host + " asked to wait " + FormatWait(std::chrono::ceil<std::chrono::seconds>(*asked)) +
        " (Retry-After), more than retry.max_retry_after (" + FormatWait(options_.max_retry_after) +
        "); try again later or raise retry.max_retry_after");
  }
  return std::max(wait, *asked);
}

}  // namespace sqlflow
