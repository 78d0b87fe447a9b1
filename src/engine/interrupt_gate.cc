#include "engine/interrupt_gate.h"

namespace sqlflow {

void InterruptGate::OnBegin() {
  std::lock_guard<std::mutex> lock(mu_);
  interrupted_ = false;
}

void InterruptGate::Interrupt(const std::function<void()>& deliver) {
  std::lock_guard<std::mutex> lock(mu_);
  interrupted_ = true;
  if (!ending_) deliver();
}

InterruptGate::End InterruptGate::StartEnding() {
  std::lock_guard<std::mutex> lock(mu_);
  ending_ = true;
  return interrupted_ ? End::kRollingBack : End::kAsAsked;
}

void InterruptGate::FinishEnding() {
  std::lock_guard<std::mutex> lock(mu_);
  ending_ = false;
}

}  // namespace sqlflow
