#include "zset_encoding.h"

#include "list_encoding.h"

namespace stepdb {

// Filled in with the stage.
Result<std::optional<uint64_t>> ZSetOrCollectionVersion(const ValueEnvelope& envelope) {
  return ListOrCollectionVersion(envelope);
}

}  // namespace stepdb
