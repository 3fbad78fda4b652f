// ActiveExpiry: the server's background deletion of due keys that nobody reads.
//
// Lazy expiry deletes a due key when a command reaches it; a key set to expire and never
// read again would stay on disk, and in the keyspace's index, for ever. Redis therefore runs
// an active cycle ten times a second (hz 10): it samples twenty keys that have an expiry,
// deletes the due ones, and repeats while more than a tenth of a sample was due, for at most
// 25% of the CPU. Sampling is how Redis finds due keys in a hash table that is not ordered by
// time. The keyspace here keeps its keys with an expiry ordered by time (expiring_keyspace.h),
// so the due keys are simply the front of the order, and a cycle deletes exactly them, with
// no sample that finds nothing:
//
//   every period (100 ms) ──▶ cycle: ExpireDue(batch) … until nothing is due or the budget
//                              (1 ms) is spent; then one commit of the log
//                              └─ still due at the end? the next cycle is posted at once,
//                                 behind every client already waiting on the loop
//
// The cycle runs on the loop thread, so it is atomic with respect to every command, like a
// command. Its budget bounds what one cycle can add to a client's latency; when a million
// keys fall due together, cycles follow each other with the clients' requests in between,
// and the purge takes as long as its deletes take (the chapter measures it). Under
// DEBUG SET-ACTIVE-EXPIRE 0 the cycles do nothing.
//
// A deletion for expiry is not acknowledged to anyone, so the cycle commits the log once at
// its end (to the operating system, or with a sync under appendfsync always) without making
// any reply wait; a crash that loses it loses nothing, since the key is still due.
//
// Thread safety: Start and every cycle run on the loop's thread; Stop from the same thread.
#pragma once

// Boost 1.74's asio uses std::exchange without including <utility>, which GCC 12 needs.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on

#include <chrono>
#include <cstddef>
#include <functional>

#include "common/result.h"
#include "common/status.h"
#include "expiring_keyspace.h"

namespace stepdb {

struct ActiveExpiryOptions {
  std::chrono::milliseconds period{100};   // between cycles while nothing more is due
  std::chrono::microseconds budget{1000};  // the longest one cycle runs
  size_t batch = 256;                      // due keys deleted per engine batch
};

class ActiveExpiry {
 public:
  // `keyspace` must outlive this object; `commit_log` makes the cycle's deletions reach the
  // log (empty: nothing to commit).
  ActiveExpiry(boost::asio::io_context& io, ExpiringKeyspace* keyspace,
               std::function<Status()> commit_log, ActiveExpiryOptions options = {});

  // Schedules the first cycle after one period.
  void Start();
  void Stop();

  // One cycle, now: the number of keys it deleted, or the first error (logged by the timer's
  // cycles, which go on).
  Result<size_t> RunCycle();

 private:
  void Schedule(std::chrono::milliseconds delay);

  boost::asio::steady_timer timer_;
  ExpiringKeyspace* const keyspace_;
  const std::function<Status()> commit_log_;
  const ActiveExpiryOptions options_;
  bool stopped_ = false;
  bool failing_ = false;  // the last cycle failed (its error was logged)
};

}  // namespace stepdb
