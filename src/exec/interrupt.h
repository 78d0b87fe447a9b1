// Interrupting a run (Ctrl-C, SPEC §3.7: exit code 130). The signal handler only sets a flag;
// the executor notices the flag, asks the step runner to cancel its work and starts nothing new.
#pragma once

#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sqlflow {

// A one-way flag: once set it stays set.
// Thread-safety: every method may be called from any thread; SetFromSignal() also from a signal
// handler (it only stores to a lock-free atomic, so it cannot wake sleepers: waiters re-check
// the flag at least every kPollInterval).
class InterruptFlag {
 public:
  static constexpr std::chrono::milliseconds kPollInterval{20};

  InterruptFlag() = default;
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  // Async-signal-safe.
  void SetFromSignal() noexcept { set_.store(true, std::memory_order_relaxed); }
  // From an ordinary thread: sets the flag and wakes WaitFor() callers at once.
  void Set();
  bool is_set() const { return set_.load(std::memory_order_relaxed); }

  // Blocks until the flag is set or `timeout` has passed; returns is_set(). Lets a retry
  // backoff or the executor's watcher sleep without missing an interrupt.
  bool WaitFor(std::chrono::milliseconds timeout) const;

 private:
  static_assert(std::atomic<bool>::is_always_lock_free, "needed for use in a signal handler");
  std::atomic<bool> set_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
};

// What a SIGINT does once the flag is set.
enum class RepeatedSigint {
  // Restores the previous disposition and re-raises the signal: pressing Ctrl-C twice while
  // steps run quits at once, without waiting for them.
  kQuits,
  // Nothing more, and once the handler is gone SIGINT stays ignored. For the end of a run (the
  // run record, closing the database, exiting), which a quit would leave half done; the
  // process's exit code is decided by then.
  kIgnored,
};

// While alive, SIGINT sets `flag` instead of killing the process; a SIGINT once the flag is set
// does what set_repeated() says (at first kQuits). When SIGINT was ignored on entry (a background
// job), it stays ignored. The destructor restores the previous handler (with kIgnored: ignores
// SIGINT).
// Thread-safety: create on the main thread; at most one alive at a time (a signal handler can
// only reach its flag through process-wide state).
class ScopedSigintHandler {
 public:
  explicit ScopedSigintHandler(InterruptFlag& flag);
  ~ScopedSigintHandler();
  ScopedSigintHandler(const ScopedSigintHandler&) = delete;
  ScopedSigintHandler& operator=(const ScopedSigintHandler&) = delete;

  void set_repeated(RepeatedSigint repeated);

 private:
  bool installed_ = false;
};

}  // namespace sqlflow
