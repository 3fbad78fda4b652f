// EngineAdapter: what the engine benchmark needs from a key-value engine, and nothing more.
//
// The benchmark compares engines with different APIs (StepDB's Engine seam, LevelDB's
// leveldb::DB, RocksDB's rocksdb::DB) by driving each through this small interface. An
// adapter translates the shared settings (EngineOptions) into its engine's own options and
// forwards each call. It must not add work of its own on the hot path (no extra copies, no
// locks), because whatever it adds is measured as the engine's cost.
//
// Each adapter lives in one file under bench/adapters/ and registers itself at start-up with
// STEPDB_BENCH_REGISTER_ENGINE; the harness finds engines by name in the registry. Adding an
// engine is that one file plus one line in bench/CMakeLists.txt (see bench/README.md).
//
// Thread safety: the harness calls an adapter from one thread at a time; engines may still run
// background threads of their own (flushes, compactions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace stepdb::bench {

// The settings every engine gets, each mapped to the engine's equivalent where it has one.
struct EngineOptions {
  size_t write_buffer_bytes = 4 << 20;  // memtable size before it is flushed to a table
  size_t block_cache_bytes = 8 << 20;   // cache of uncompressed table blocks
  int bloom_bits_per_key = 10;          // per-table bloom filter
  // Fixed, not flags: no fsync per write, and no compression (StepDB has none).
  static constexpr bool kSyncWrites = false;
  static constexpr bool kCompression = false;
};

class EngineAdapter {
 public:
  // Called once per key in ascending order; returning false stops the scan.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;

  virtual ~EngineAdapter() = default;

  // Opens (creating if needed) a database in the existing, empty directory `dir`.
  // REQUIRES: the adapter is closed.
  virtual Status Open(const std::string& dir, const EngineOptions& options) = 0;

  // Closes the database, waiting for the engine's background work; ok even if never opened.
  // After Close the adapter may be opened again, on another directory.
  virtual Status Close() = 0;

  // REQUIRES for the calls below: the adapter is open.
  virtual Status Put(std::string_view key, std::string_view value) = 0;
  // Deleting an absent key is not an error.
  virtual Status Delete(std::string_view key) = 0;
  // Ok with *value set to the stored value; NotFound if the key is absent; another status if
  // the engine could not answer. *value is overwritten, so callers can reuse one buffer.
  virtual Status Get(std::string_view key, std::string* value) = 0;
  // Visits at most `limit` keys >= start, in ascending order.
  virtual Status Scan(std::string_view start, size_t limit, const Visitor& visit) = 0;

  // Bytes the engine itself counts as written to table files by memtable flushes and
  // compactions since Open, or nullopt if the engine does not count them. The write-ahead
  // log is not included.
  virtual std::optional<uint64_t> TableBytesWritten() = 0;
};

// What the registry knows about an engine.
struct EngineInfo {
  std::string name;  // what --engines takes: "leveldb"
  // One line for the output header: the engine, its version, and how EngineOptions map onto
  // its own settings.
  std::function<std::string(const EngineOptions&)> describe;
  // For StepDB's engines, the stage that introduces the engine; 0 for other engines. The
  // name "stepdb" on the command line picks the registered StepDB engine of the highest stage.
  int stepdb_stage = 0;
  // The engine keeps its data in memory only: disk figures do not apply to it, and its
  // numbers are not comparable with those of on-disk engines.
  bool in_memory = false;
  std::function<std::unique_ptr<EngineAdapter>()> make;
};

// Adds an engine to the registry. Returns true so it can initialize a static (see below).
bool RegisterEngine(EngineInfo info);

// Every registered engine, sorted by name.
std::vector<EngineInfo> RegisteredEngines();

}  // namespace stepdb::bench

// In an adapter's .cc file, at namespace scope:
//   STEPDB_BENCH_REGISTER_ENGINE(MakeLevelDbInfo());
// The adapter's object file must be linked into the executable directly (not through a static
// library), or the linker drops it and the engine never registers.
#define STEPDB_BENCH_REGISTER_ENGINE(info)                      \
  [[maybe_unused]] static const bool stepdb_bench_registered_ = \
      ::stepdb::bench::RegisterEngine(info)
