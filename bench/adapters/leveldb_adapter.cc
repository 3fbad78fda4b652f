// leveldb: Google's LevelDB (the Debian package libleveldb-dev), the model for StepDB's engine.
//
// Settings: write_buffer_size, an LRU block cache and a bloom filter policy from
// EngineOptions; compression off; WriteOptions.sync = false. Everything else keeps LevelDB's
// defaults (4 KiB blocks, 2 MiB tables, max_open_files = 1000).
//
// Table bytes written come from the "leveldb.stats" property, whose Write(MB) column counts
// the table bytes written per level by memtable flushes and compactions. LevelDB prints it
// rounded to whole MB per level, so the total is off by up to 0.5 MB per level.
#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/options.h>

#include <cstdio>
#include <memory>
#include <sstream>

#include "bench/engine_adapter.h"
#include "bench/report.h"

namespace stepdb::bench {
namespace {

Status FromLevelDb(const leveldb::Status& status) {
  if (status.ok()) return Status::Ok();
  std::string message = "leveldb: " + status.ToString();
  if (status.IsNotFound()) return Status::NotFound(message);
  if (status.IsCorruption()) return Status::Corruption(message);
  if (status.IsInvalidArgument()) return Status::InvalidArgument(message);
  if (status.IsNotSupportedError()) return Status::NotImplemented(message);
  return Status::IOError(message);
}

leveldb::Slice ToSlice(std::string_view bytes) { return {bytes.data(), bytes.size()}; }

class LevelDbAdapter : public EngineAdapter {
 public:
  ~LevelDbAdapter() override { Close().IgnoreError(); }  // Close never fails here

  Status Open(const std::string& dir, const EngineOptions& options) override {
    cache_.reset(leveldb::NewLRUCache(options.block_cache_bytes));
    filter_.reset(leveldb::NewBloomFilterPolicy(options.bloom_bits_per_key));
    leveldb::Options db_options;
    db_options.create_if_missing = true;
    db_options.error_if_exists = true;
    db_options.write_buffer_size = options.write_buffer_bytes;
    db_options.block_cache = cache_.get();
    db_options.filter_policy = filter_.get();
    db_options.compression = leveldb::kNoCompression;
    leveldb::DB* db = nullptr;
    Status status = FromLevelDb(leveldb::DB::Open(db_options, dir, &db));
    db_.reset(db);
    return status;
  }

  Status Close() override {
    db_.reset();  // before the cache and the filter policy, which it uses
    cache_.reset();
    filter_.reset();
    return Status::Ok();
  }

  Status Put(std::string_view key, std::string_view value) override {
    return FromLevelDb(db_->Put(write_options_, ToSlice(key), ToSlice(value)));
  }

  Status Delete(std::string_view key) override {
    return FromLevelDb(db_->Delete(write_options_, ToSlice(key)));
  }

  Status Get(std::string_view key, std::string* value) override {
    return FromLevelDb(db_->Get(read_options_, ToSlice(key), value));
  }

  Status Scan(std::string_view start, size_t limit, const Visitor& visit) override {
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options_));
    size_t visited = 0;
    for (it->Seek(ToSlice(start)); it->Valid() && visited < limit; it->Next(), ++visited) {
      const leveldb::Slice key = it->key();
      const leveldb::Slice value = it->value();
      if (!visit({key.data(), key.size()}, {value.data(), value.size()})) break;
    }
    return FromLevelDb(it->status());
  }

  std::optional<uint64_t> TableBytesWritten() override {
    std::string stats;
    if (!db_ || !db_->GetProperty("leveldb.stats", &stats)) return std::nullopt;
    // Rows under the header: Level Files Size(MB) Time(sec) Read(MB) Write(MB).
    std::istringstream lines(stats);
    std::string line;
    double written_mb = 0;
    while (std::getline(lines, line)) {
      int level = 0;
      int files = 0;
      double size_mb = 0;
      double seconds = 0;
      double read_mb = 0;
      double write_mb = 0;
      if (std::sscanf(line.c_str(), "%d %d %lf %lf %lf %lf", &level, &files, &size_mb, &seconds,
                      &read_mb, &write_mb) == 6) {
        written_mb += write_mb;
      }
    }
    return static_cast<uint64_t>(written_mb * 1048576.0);
  }

 private:
  std::unique_ptr<leveldb::Cache> cache_;
  std::unique_ptr<const leveldb::FilterPolicy> filter_;
  std::unique_ptr<leveldb::DB> db_;      // null while closed
  leveldb::WriteOptions write_options_;  // sync = false
  leveldb::ReadOptions read_options_;
};

EngineInfo LevelDbInfo() {
  EngineInfo info;
  info.name = "leveldb";
  info.describe = [](const EngineOptions& options) {
    return "LevelDB " + std::to_string(leveldb::kMajorVersion) + "." +
           std::to_string(leveldb::kMinorVersion) +
           ": write_buffer_size=" + FormatBytes(options.write_buffer_bytes) + ", NewLRUCache(" +
           FormatBytes(options.block_cache_bytes) + "), NewBloomFilterPolicy(" +
           std::to_string(options.bloom_bits_per_key) +
           "), kNoCompression, sync=false; defaults otherwise (4 KiB blocks, 2 MiB tables)";
  };
  info.make = [] { return std::make_unique<LevelDbAdapter>(); };
  return info;
}

STEPDB_BENCH_REGISTER_ENGINE(LevelDbInfo());

}  // namespace
}  // namespace stepdb::bench
