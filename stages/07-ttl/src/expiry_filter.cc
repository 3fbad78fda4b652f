#include "expiry_filter.h"

#include "expiring_keyspace.h"
#include "value_envelope.h"

namespace stepdb {

bool ExpiredValueFilter::ShouldDrop(size_t output_level, std::string_view key,
                                    std::string_view value) const {
  if (dead_databases_ != nullptr && dead_databases_->ShouldDrop(output_level, key, value)) {
    return true;
  }
  // BEGIN SOLUTION
  // STARTER: return false;  // keeps expired values on disk until a read or the active cycle
  // Only a key's value is an envelope: the keyspace's own records and the records below a key
  // (stage 08's elements, which that stage's filter judges) have no expiry of their own.
  if (!Keyspace::DatabaseIdOf(key) || Keyspace::ParseRecordKey(key)) return false;
  if (!IsExpired(EnvelopeExpireAt(value), clock_->NowMs())) return false;
  dropped_expired_.fetch_add(1, std::memory_order_relaxed);
  return true;
  // END SOLUTION
}

}  // namespace stepdb
