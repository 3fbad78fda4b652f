#include "block_cache.h"

namespace stepdb {
namespace {

class NullBlockCache final : public BlockCache {
 public:
  std::shared_ptr<const Block> Lookup(const BlockCacheKey& /*key*/) override { return nullptr; }
  void Insert(const BlockCacheKey& /*key*/, std::shared_ptr<const Block> /*block*/,
              size_t /*charge*/) override {}
  void EraseTable(uint64_t /*table_id*/) override {}
};

}  // namespace

std::shared_ptr<BlockCache> NoBlockCache() {
  static const auto cache = std::make_shared<NullBlockCache>();
  return cache;
}

}  // namespace stepdb
