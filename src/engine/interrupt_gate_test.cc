#include "engine/interrupt_gate.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

using End = InterruptGate::End;

TEST(InterruptGate, AnInterruptBeforeTheEndMakesItARollback) {
  InterruptGate gate;
  gate.OnBegin();
  int delivered = 0;
  gate.Interrupt([&] { ++delivered; });
  EXPECT_EQ(delivered, 1);  // the running statement is interrupted too
  EXPECT_EQ(gate.StartEnding(), End::kRollingBack);
  gate.FinishEnding();
}

TEST(InterruptGate, NoInterruptReachesAnEndThatHasStarted) {
  InterruptGate gate;
  gate.OnBegin();
  EXPECT_EQ(gate.StartEnding(), End::kAsAsked);
  int delivered = 0;
  gate.Interrupt([&] { ++delivered; });
  EXPECT_EQ(delivered, 0);  // the COMMIT runs to its own outcome
  gate.FinishEnding();
  gate.Interrupt([&] { ++delivered; });
  EXPECT_EQ(delivered, 1);  // after the end, statements are interrupted again
}

TEST(InterruptGate, ANewTransactionForgetsAnEarlierInterrupt) {
  InterruptGate gate;
  gate.Interrupt([] {});
  gate.OnBegin();
  EXPECT_EQ(gate.StartEnding(), End::kAsAsked);
  gate.FinishEnding();
}

}  // namespace
}  // namespace sqlflow
