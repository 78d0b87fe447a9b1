// Metric: a figure a connector reports about its work ("requests", "retries", "bytes_received",
// "estimated_cost_usd"), carried from a Source to the step's record and run.json
// (SPEC-CONNECTORS §4). Every metric is additive: a step reports what it added.
#pragma once

#include <string>
#include <vector>

namespace sqlflow {

struct Metric {
  std::string name;
  double value = 0;
};

// after − before, name by name (a name missing from `before` counts from 0); names whose
// difference is 0 are left out, the order is `after`'s.
std::vector<Metric> MetricsAdded(const std::vector<Metric>& before,
                                 const std::vector<Metric>& after);

}  // namespace sqlflow
