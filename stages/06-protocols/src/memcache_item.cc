#include "memcache_item.h"

#include "memcache_syntax.h"
#include "value_envelope.h"

namespace stepdb {

int64_t McExpireAtMs(int64_t exptime, int64_t now_ms) {
  if (exptime == 0) return 0;
  // memcached's EXPTIME_TO_POSITIVE_TIME: a negative exptime is the unix time just past the
  // relative range, which is always in the past.
  if (exptime < 0) exptime = kMcMaxRelativeExptime + 1;
  if (exptime > kMcMaxRelativeExptime) return exptime * 1000;
  return now_ms + exptime * 1000;
}

int64_t McTtlSeconds(int64_t expire_at_ms, int64_t now_ms) {
  if (expire_at_ms == 0 || IsExpired(expire_at_ms, now_ms)) return -1;
  return (expire_at_ms - now_ms + 999) / 1000;
}

bool McApplyDelta(std::string* data, bool incr, uint64_t delta, std::string* number) {
  uint64_t value = 0;
  // An empty item is never a number (memcached checks its length before reading it).
  if (data->empty() || !ReadMcUint64(*data, &value)) return false;
  if (incr) {
    value += delta;  // wraps at 2^64, as memcached's does
  } else {
    value = delta > value ? 0 : value - delta;
  }
  *number = std::to_string(value);
  if (number->size() <= data->size()) {
    data->replace(0, number->size(), *number);
    data->replace(number->size(), std::string::npos, data->size() - number->size(), ' ');
  } else {
    *data = *number;
  }
  return true;
}

}  // namespace stepdb
