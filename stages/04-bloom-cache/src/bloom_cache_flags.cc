#include "bloom_cache_flags.h"

#include <CLI/CLI.hpp>

#include "lsm_flags.h"

namespace stepdb {

void AddBloomCacheFlags(CLI::App& app, BloomCacheOptions& options) {
  AddLsmFlags(app, options.lsm);
  app.add_option("--bloom-bits-per-key", options.bloom_bits_per_key,
                 "Bits per key of the bloom filter written into new tables (10: about 1% false "
                 "positives); 0 = no filter")
      ->check(CLI::Range(0, 64))
      ->default_str("10");
  app.add_option("--block-cache-bytes", options.block_cache_bytes,
                 "Capacity of the LRU cache of table blocks (suffixes KiB, MiB, GiB); 0 = cache "
                 "nothing")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{0}, size_t{1} << 40))
      ->default_str("8MiB");
  app.add_option("--max-open-files", options.max_open_files,
                 "Table files kept open at once; a read of another one closes the least "
                 "recently read and opens it")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20))
      ->default_str("500");
}

}  // namespace stepdb
