// Dag: nodes 0..n-1 with edges "from must finish before to"; a stable topological order and
// the cycle that prevents one. Used by the planner; knows nothing about steps.
// Thread-safety: none.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <vector>

namespace sqlflow {

class Dag {
 public:
  explicit Dag(size_t node_count) : out_(node_count), in_(node_count) {}

  // REQUIRES: from != to, both < node_count. Repeated edges are kept once.
  void AddEdge(size_t from, size_t to);
  size_t size() const { return out_.size(); }
  const std::set<size_t>& predecessors(size_t node) const { return in_[node]; }
  const std::set<size_t>& successors(size_t node) const { return out_[node]; }

  // Kahn's algorithm, always taking the ready node with the smallest index (so file order is
  // kept wherever the edges allow). nullopt when there is a cycle.
  std::optional<std::vector<size_t>> TopologicalOrder() const;
  // One cycle as a node path whose last node repeats the first; empty when acyclic.
  std::vector<size_t> FindCycle() const;

 private:
  std::vector<std::set<size_t>> out_;
  std::vector<std::set<size_t>> in_;
};

}  // namespace sqlflow
