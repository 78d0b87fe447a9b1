#include "common/metric.h"

namespace sqlflow {

std::vector<Metric> MetricsAdded(const std::vector<Metric>& before,
                                 const std::vector<Metric>& after) {
  std::vector<Metric> added;
  for (const Metric& m : after) {
    double base = 0;
    for (const Metric& b : before) {
      if (b.name == m.name) base = b.value;
    }
    if (m.value != base) added.push_back(Metric{m.name, m.value - base});
  }
  return added;
}

}  // namespace sqlflow
