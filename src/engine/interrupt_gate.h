// InterruptGate: settles the race between an interrupt from another thread and the end of a
// transaction. DuckDB fails a COMMIT that an interrupt reaches with "Interrupted!" even when the
// transaction has already committed, so a caller could not tell a load that was written from one
// that was not. The gate decides under one lock: an interrupt that comes before the transaction
// starts to end marks it interrupted (it is then rolled back instead of committed); one that
// comes while a COMMIT or ROLLBACK runs is held back (that statement's outcome is the
// transaction's).
// Thread-safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <mutex>

namespace sqlflow {

class InterruptGate {
 public:
  // How a transaction may end.
  enum class End {
    kAsAsked,      // as the caller asked (COMMIT or ROLLBACK)
    kRollingBack,  // the transaction was interrupted: it must roll back, whatever was asked
  };

  InterruptGate() = default;
  InterruptGate(const InterruptGate&) = delete;
  InterruptGate& operator=(const InterruptGate&) = delete;

  // A transaction begins: an interrupt from before it no longer counts.
  void OnBegin();

  // Marks the current transaction interrupted and, unless it is ending, calls `deliver` (which
  // interrupts the running statement) while holding the gate's lock, so that no end starts
  // meanwhile.
  void Interrupt(const std::function<void()>& deliver);

  // The transaction starts to end: until FinishEnding(), Interrupt() delivers nothing. Says
  // whether it may end as asked or must roll back.
  End StartEnding();
  void FinishEnding();

 private:
  std::mutex mu_;
  bool interrupted_ = false;  // since the last OnBegin()
  bool ending_ = false;       // between StartEnding() and FinishEnding()
};

}  // namespace sqlflow
