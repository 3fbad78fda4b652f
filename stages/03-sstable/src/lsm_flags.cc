#include "lsm_flags.h"

#include <CLI/CLI.hpp>

namespace stepdb {

void AddLsmFlags(CLI::App& app, LsmOptions& options) {
  app.add_option("--memtable-bytes", options.memtable_bytes,
                 "Write the memtable to a table once it holds about this many bytes "
                 "(suffixes KiB, MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{4096}, size_t{1} << 32))
      ->default_str("4MiB");
}

}  // namespace stepdb
