#include "connectors/s3/s3_cost.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "common/edit_distance.h"
#include "common/strings.h"

namespace sqlflow {
namespace {

constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0;

const std::vector<std::string>& PricingKeys() {
  static const std::vector<std::string> kKeys = {"list_per_1000", "get_per_1000", "egress_per_gb"};
  return kKeys;
}

double* Field(S3Pricing* pricing, const std::string& key) {
  if (key == "list_per_1000") return &pricing->list_per_1000;
  if (key == "get_per_1000") return &pricing->get_per_1000;
  if (key == "egress_per_gb") return &pricing->egress_per_gb;
  return nullptr;
}

Status UnknownKey(const std::string& key) {
  std::string message = "\"pricing\" has no key '" + key + "'";
  if (auto suggestion = SuggestClosest(key, PricingKeys())) {
    message += "; did you mean '" + *suggestion + "'?";
  } else {
    message += "; its keys are " + Join(PricingKeys());
  }
  return Status::Invalid(message);
}

struct PrefixGroup {
  std::string label;
  uint64_t bytes = 0;
  int64_t objects = 0;
};

// The group of `key`: its first folder below `base_prefix`.
std::string GroupOf(const std::string& key, const std::string& base_prefix) {
  size_t start = key.rfind(base_prefix, 0) == 0 ? base_prefix.size() : 0;
  std::string base = key.substr(0, start);
  size_t slash = key.find('/', start);
  if (slash == std::string::npos) return base.empty() ? "top level" : "top level of " + base;
  return key.substr(0, slash + 1);
}

std::string Describe(const PrefixGroup& group) {
  return group.label + ": " + FormatBytes(group.bytes) + " in " + std::to_string(group.objects) +
         (group.objects == 1 ? " object" : " objects");
}

}  // namespace

Result<S3Pricing> ParsePricing(const std::string& pricing_json) {
  S3Pricing pricing;
  if (pricing_json.empty()) return pricing;
  nlohmann::json json = nlohmann::json::parse(pricing_json, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return Status::Invalid(
        "\"pricing\" must be an object such as {\"list_per_1000\": 0.005, \"get_per_1000\": "
        "0.0004, \"egress_per_gb\": 0.09} (US dollars)");
  }
  for (const auto& [key, value] : json.items()) {
    double* field = Field(&pricing, key);
    if (field == nullptr) return UnknownKey(key);
    if (!value.is_number() || value.get<double>() < 0) {
      return Status::Invalid("\"pricing\" key '" + key + "' must be a number of US dollars, 0 or " +
                             "more, not " + value.dump());
    }
    *field = value.get<double>();
  }
  return pricing;
}

S3CostEstimate EstimateCost(const S3Pricing& pricing, int64_t list_requests, int64_t get_requests,
                            uint64_t bytes) {
  S3CostEstimate estimate;
  estimate.list_requests = list_requests;
  estimate.get_requests = get_requests;
  estimate.bytes = bytes;
  estimate.usd = static_cast<double>(list_requests) / 1000.0 * pricing.list_per_1000 +
                 static_cast<double>(get_requests) / 1000.0 * pricing.get_per_1000 +
                 static_cast<double>(bytes) / kBytesPerGb * pricing.egress_per_gb;
  return estimate;
}

std::string LargestPrefixes(const std::vector<S3Object>& objects, const std::string& base_prefix,
                            size_t top) {
  std::map<std::string, PrefixGroup> by_label;
  for (const S3Object& object : objects) {
    std::string label = GroupOf(object.key, base_prefix);
    PrefixGroup& group = by_label[label];
    group.label = label;
    group.bytes += object.size;
    ++group.objects;
  }
  std::vector<PrefixGroup> groups;
  for (auto& [label, group] : by_label) groups.push_back(std::move(group));
  std::stable_sort(groups.begin(), groups.end(),
                   [](const PrefixGroup& a, const PrefixGroup& b) { return a.bytes > b.bytes; });
  std::vector<std::string> parts;
  uint64_t rest_bytes = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i < top) {
      parts.push_back(Describe(groups[i]));
    } else {
      rest_bytes += groups[i].bytes;
    }
  }
  std::string text = Join(parts, "; ");
  if (groups.size() > top) {
    size_t more = groups.size() - top;
    text += (parts.empty() ? "" : "; and ") + std::to_string(more) +
            (more == 1 ? " more prefix: " : " more prefixes: ") + FormatBytes(rest_bytes);
  }
  return text;
}

std::string FormatUsd(double usd) {
  if (usd > 0 && usd < 0.0001) return "<$0.0001";
  char text[64];
  std::snprintf(text, sizeof(text), usd < 1 ? "$%.4f" : "$%.2f", usd);
  return text;
}

std::string FormatBytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB", "PB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof(text), "%.1f %s", value, kUnits[unit]);
  return text;
}

}  // namespace sqlflow
