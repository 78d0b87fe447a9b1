#include "plan/dag.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <queue>

namespace sqlflow {

void Dag::AddEdge(size_t from, size_t to) {
  assert(from != to && from < size() && to < size() && "bad DAG edge");
  out_[from].insert(to);
  in_[to].insert(from);
}

std::optional<std::vector<size_t>> Dag::TopologicalOrder() const {
  std::vector<size_t> pending(size());
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < size(); ++i) {
    pending[i] = in_[i].size();
    if (pending[i] == 0) ready.push(i);
  }
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t n = ready.top();
    ready.pop();
    order.push_back(n);
    for (size_t next : out_[n]) {
      if (--pending[next] == 0) ready.push(next);
    }
  }
  if (order.size() != size()) return std::nullopt;
  return order;
}

std::vector<size_t> Dag::FindCycle() const {
  enum Color { kWhite, kGrey, kBlack };
  std::vector<Color> color(size(), kWhite);
  std::vector<size_t> stack;
  std::vector<size_t> cycle;
  std::function<bool(size_t)> visit = [&](size_t n) {
    color[n] = kGrey;
    stack.push_back(n);
    for (size_t next : out_[n]) {
      if (color[next] == kGrey) {
        auto it = std::find(stack.begin(), stack.end(), next);
        cycle.assign(it, stack.end());
        cycle.push_back(next);
        return true;
      }
      if (color[next] == kWhite && visit(next)) return true;
    }
    stack.pop_back();
    color[n] = kBlack;
    return false;
  };
  for (size_t i = 0; i < size(); ++i) {
    if (color[i] == kWhite && visit(i)) return cycle;
  }
  return {};
}

}  // namespace sqlflow
