// ManualClock: a clock that moves only when told to, for tests of expiry.
//
// A test that sets a key to expire in ten seconds does not sleep ten seconds: it puts a
// ManualClock in the server's place (ServerParts::clock, the keyspace's clock) and calls
// Advance(10'000). Everything that asks "is it due?" (lazy expiry, the active cycle, the
// compaction filter) then sees the new time at once.
//
// Thread safety: NowMs, Set and Advance may be called from any thread (the compaction
// thread reads the clock while a test moves it).
#pragma once

#include <atomic>
#include <cstdint>

#include "clock.h"

namespace stepdb {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms) : now_ms_(now_ms) {}

  int64_t NowMs() const override { return now_ms_.load(std::memory_order_relaxed); }
  void Set(int64_t now_ms) { now_ms_.store(now_ms, std::memory_order_relaxed); }
  void Advance(int64_t ms) { now_ms_.fetch_add(ms, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace stepdb
