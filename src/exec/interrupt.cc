#include "exec/interrupt.h"

#include <cassert>

namespace sqlflow {

void InterruptFlag::Set() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    set_.store(true, std::memory_order_relaxed);
  }
  cv_.notify_all();
}

bool InterruptFlag::WaitFor(std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mu_);
  while (!is_set()) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    // Sliced, because SetFromSignal() cannot notify.
    auto slice = std::min<std::chrono::steady_clock::duration>(deadline - now, kPollInterval);
    cv_.wait_for(lock, slice);
  }
  return is_set();
}

namespace {

// Process-wide because a signal handler has no other way to reach them. Written only on the main
// thread while the handler is not installed.
std::atomic<InterruptFlag*> g_flag{nullptr};
std::atomic<RepeatedSigint> g_repeated{RepeatedSigint::kQuits};
static_assert(std::atomic<RepeatedSigint>::is_always_lock_free, "read in a signal handler");
struct sigaction g_previous;

void OnSigint(int signo) {
  InterruptFlag* flag = g_flag.load();
  if (flag != nullptr && !flag->is_set()) {
    flag->SetFromSignal();
    return;
  }
  if (flag != nullptr && g_repeated.load() == RepeatedSigint::kIgnored) return;
  // Second Ctrl-C: give up waiting for running steps.
  sigaction(SIGINT, &g_previous, nullptr);
  raise(signo);
}

}  // namespace

ScopedSigintHandler::ScopedSigintHandler(InterruptFlag& flag) {
  assert(g_flag.load() == nullptr && "only one ScopedSigintHandler may be alive");
  struct sigaction previous;
  sigaction(SIGINT, nullptr, &previous);
  if (previous.sa_handler == SIG_IGN) return;
  g_previous = previous;
  g_repeated.store(RepeatedSigint::kQuits);
  g_flag.store(&flag);
  struct sigaction action = {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  installed_ = sigaction(SIGINT, &action, nullptr) == 0;
  if (!installed_) g_flag.store(nullptr);
}

void ScopedSigintHandler::set_repeated(RepeatedSigint repeated) { g_repeated.store(repeated); }

ScopedSigintHandler::~ScopedSigintHandler() {
  if (!installed_) return;
  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  // One call, so that no SIGINT finds the previous disposition in between.
  bool ending = g_repeated.load() == RepeatedSigint::kIgnored;
  sigaction(SIGINT, ending ? &ignore : &g_previous, nullptr);
  g_flag.store(nullptr);
}

}  // namespace sqlflow
