#include "clock.h"

#include <chrono>

namespace stepdb {

int64_t SystemClock::NowMs() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemClock* SystemClock::Instance() {
  static const SystemClock clock;
  return &clock;
}

}  // namespace stepdb
