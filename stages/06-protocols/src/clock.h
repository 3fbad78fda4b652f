// Clock: where the server reads the time of day, in unix milliseconds.
//
// Expiry is an absolute time (value_envelope.h): SET k v EX 10 stores "now + 10 s", and
// Memcached's exptime is made absolute the same way (memcache_item.h). Every handler that
// turns a relative time into an absolute one, or asks whether an expiry is due, reads "now"
// from the ServerContext's clock and never from the system directly, so that a test can put
// a clock of its own in its place and move time forward without sleeping (stage 07's
// ManualClock). The server's default is the system clock.
//
// The system clock is wall time: it can be set back (by hand or by NTP), and a key whose
// expiry was due can then be live again for the length of the step. Redis has the same
// property; stage 07's chapter discusses it.
//
// Thread safety: NowMs() may be called from any thread (compaction asks it too).
#pragma once

#include <cstdint>

namespace stepdb {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  // The one system clock, which lives as long as the program.
  static const SystemClock* Instance();
};

}  // namespace stepdb
