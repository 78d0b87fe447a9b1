#include "plan/dag.h"

#include <gtest/gtest.h>

namespace sqlflow {

TEST(Dag, OrdersByEdgesKeepingIndexOrderOtherwise) {
  Dag dag(4);
  dag.AddEdge(3, 0);
  dag.AddEdge(2, 1);
  auto order = dag.TopologicalOrder();
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(*order, (std::vector<size_t>{2, 1, 3, 0}));
  EXPECT_TRUE(dag.FindCycle().empty());
}

TEST(Dag, ReportsACycleAsAClosedPath) {
  Dag dag(3);
  dag.AddEdge(0, 1);
  dag.AddEdge(1, 2);
  dag.AddEdge(2, 1);
  EXPECT_FALSE(dag.TopologicalOrder().has_value());
  EXPECT_EQ(dag.FindCycle(), (std::vector<size_t>{1, 2, 1}));
}

TEST(Dag, RepeatedEdgesCountOnce) {
  Dag dag(2);
  dag.AddEdge(0, 1);
  dag.AddEdge(0, 1);
  EXPECT_EQ(dag.predecessors(1).size(), 1u);
  EXPECT_EQ(*dag.TopologicalOrder(), (std::vector<size_t>{0, 1}));
}

}  // namespace sqlflow
