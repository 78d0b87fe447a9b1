#include "exec/interrupt.h"

#include <gtest/gtest.h>

#include <thread>

namespace sqlflow {
namespace {

using std::chrono::milliseconds;

TEST(InterruptFlag, StaysSetAndWakesWaiters) {
  InterruptFlag flag;
  EXPECT_FALSE(flag.is_set());
  EXPECT_FALSE(flag.WaitFor(milliseconds(1)));
  std::thread setter([&] { flag.Set(); });
  EXPECT_TRUE(flag.WaitFor(milliseconds(10000)));
  setter.join();
  EXPECT_TRUE(flag.is_set());
}

TEST(InterruptFlag, WaitersNoticeASignalSideSet) {
  InterruptFlag flag;
  std::thread setter([&] { flag.SetFromSignal(); });
  EXPECT_TRUE(flag.WaitFor(milliseconds(10000)));
  setter.join();
}

std::atomic<int> g_previous_calls{0};
void PreviousHandler(int) { ++g_previous_calls; }

TEST(ScopedSigintHandler, SigintSetsTheFlagAndTheOldHandlerComesBack) {
  g_previous_calls = 0;
  struct sigaction previous = {}, old = {};
  previous.sa_handler = PreviousHandler;
  sigemptyset(&previous.sa_mask);
  ASSERT_EQ(sigaction(SIGINT, &previous, &old), 0);
  InterruptFlag flag;
  {
    ScopedSigintHandler handler(flag);
    raise(SIGINT);
    EXPECT_TRUE(flag.is_set());
    EXPECT_EQ(g_previous_calls.load(), 0);
    raise(SIGINT);  // a second Ctrl-C goes to the previous disposition
    EXPECT_EQ(g_previous_calls.load(), 1);
  }
  raise(SIGINT);
  EXPECT_EQ(g_previous_calls.load(), 2);
  sigaction(SIGINT, &old, nullptr);
}

TEST(ScopedSigintHandler, ARepeatedSigintCanBeIgnoredOnceTheStepsAreDone) {
  g_previous_calls = 0;
  struct sigaction previous = {}, old = {};
  previous.sa_handler = PreviousHandler;
  sigemptyset(&previous.sa_mask);
  ASSERT_EQ(sigaction(SIGINT, &previous, &old), 0);
  InterruptFlag flag;
  {
    ScopedSigintHandler handler(flag);
    handler.set_repeated(RepeatedSigint::kIgnored);
    raise(SIGINT);
    raise(SIGINT);  // does not quit: the run record gets written
    EXPECT_TRUE(flag.is_set());
    EXPECT_EQ(g_previous_calls.load(), 0);
  }
  raise(SIGINT);  // nor while the process exits
  EXPECT_EQ(g_previous_calls.load(), 0);
  struct sigaction now = {};
  ASSERT_EQ(sigaction(SIGINT, &previous, &now), 0);
  EXPECT_EQ(now.sa_handler, SIG_IGN);
  // A new handler quits on a repeat again.
  InterruptFlag second;
  {
    ScopedSigintHandler handler(second);
    raise(SIGINT);
    raise(SIGINT);
    EXPECT_EQ(g_previous_calls.load(), 1);
  }
  sigaction(SIGINT, &old, nullptr);
}

TEST(ScopedSigintHandler, AnIgnoredSigintStaysIgnored) {
  struct sigaction ignore = {}, old = {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ASSERT_EQ(sigaction(SIGINT, &ignore, &old), 0);
  InterruptFlag flag;
  {
    ScopedSigintHandler handler(flag);
    raise(SIGINT);
    EXPECT_FALSE(flag.is_set());
  }
  sigaction(SIGINT, &old, nullptr);
}

}  // namespace
}  // namespace sqlflow
