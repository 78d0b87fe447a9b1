#include "state/run_record.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

namespace sqlflow {

namespace {

std::tm UtcNow(int* millis) {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  *millis = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

}  // namespace

std::string NewRunId() {
  int millis = 0;
  std::tm tm = UtcNow(&millis);
  std::random_device rd;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d%02d%02d-%02d%02d%02d%03d-%04x", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis, rd() & 0xffff);
  return buf;
}

std::string NowIso8601() {
  int millis = 0;
  std::tm tm = UtcNow(&millis);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

}  // namespace sqlflow
