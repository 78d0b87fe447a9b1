#include "connectors/http/resilience_params.h"

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "common/edit_distance.h"

namespace sqlflow {

namespace {

using Json = nlohmann::json;
using Setter = std::function<Status(double)>;

std::chrono::milliseconds Seconds(double s) {
  return std::chrono::milliseconds(static_cast<int64_t>(s * 1000));
}

// Reads the group `name` of `params` through `setters` (one per known key).
Status ReadGroup(const Json& params, const std::string& name,
                 const std::map<std::string, Setter>& setters, const std::string& label) {
  auto group = params.find(name);
  if (group == params.end() || group->is_null()) return Status::OK();
  std::vector<std::string> known;
  for (const auto& [key, setter] : setters) known.push_back(key);
  if (!group->is_object()) {
    return Status::Invalid(label + ": \"" + name + "\" must be an object with " +
                           "keys among: " + [&] {
                             std::string out;
                             for (const std::string& k : known)
                               out += (out.empty() ? "" : ", ") + k;
                             return out;
                           }());
  }
  for (const auto& [key, value] : group->items()) {
    auto setter = setters.find(key);
    if (setter == setters.end()) {
      std::string message = label + ": unknown key \"" + name + "." + key + "\"";
      if (auto near = SuggestClosest(key, known)) message += "; did you mean \"" + *near + "\"?";
      return Status::Invalid(message);
    }
    if (!value.is_number()) {
      return Status::Invalid(label + ": \"" + name + "." + key + "\" must be a number");
    }
    Status set = setter->second(value.get<double>());
    if (!set.ok())
      return Status::Invalid(label + ": \"" + name + "." + key + "\" " + set.message());
  }
  return Status::OK();
}

}  // namespace

Result<ResiliencePolicy> ResiliencePolicyFromParams(const std::string& params_json,
                                                    ResiliencePolicy policy,
                                                    const std::string& label) {
  Json params = Json::parse(params_json, nullptr, false);
  if (!params.is_object()) return policy;
  auto at_least = [](double smallest, std::function<void(double)> set) -> Setter {
    return [smallest, set](double v) -> Status {
      if (v < smallest) {
        return Status::Invalid("must be at least " + Json(smallest).dump() + ", not " +
                               Json(v).dump());
      }
      set(v);
      return Status::OK();
    };
  };
  ResiliencePolicy& p = policy;
  SQLFLOW_RETURN_IF_ERROR(ReadGroup(
      params, "retry",
      {{"max_attempts", at_least(1, [&](double v) { p.retry.max_attempts = static_cast<int>(v); })},
       {"max_retry_after", at_least(0, [&](double v) { p.retry.max_retry_after = Seconds(v); })},
       {"base_delay", at_least(0, [&](double v) { p.retry.base = Seconds(v); })},
       {"max_delay", at_least(0, [&](double v) { p.retry.cap = Seconds(v); })}},
      label));
  SQLFLOW_RETURN_IF_ERROR(
      ReadGroup(params, "rate_limit",
                {{"requests_per_second",
                  at_least(0, [&](double v) { p.rate_limit.requests_per_second = v; })},
                 {"burst", at_least(1, [&](double v) { p.rate_limit.burst = v; })}},
                label));
  SQLFLOW_RETURN_IF_ERROR(ReadGroup(
      params, "circuit",
      {{"failure_threshold",
        at_least(1, [&](double v) { p.circuit.failure_threshold = static_cast<int>(v); })},
       {"cooldown", at_least(0, [&](double v) { p.circuit.cooldown = Seconds(v); })}},
      label));
  return policy;
}

}  // namespace sqlflow
