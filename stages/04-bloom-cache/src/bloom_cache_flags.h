// The flags of stage 04's engine, shared by every server built on it (stages 04 and 05):
//
//   --memtable-bytes      when the memtable is frozen and written out (stage 03's AddLsmFlags)
//   --bloom-bits-per-key  the filter of new tables (0: none)
//   --block-cache-bytes   the LRU cache of table blocks (0: keep none)
//   --max-open-files      table files open at once
#pragma once

#include "bloom_cache_engine.h"
#include "common/cli_fwd.h"

namespace stepdb {

void AddBloomCacheFlags(CLI::App& app, BloomCacheOptions& options);

}  // namespace stepdb
