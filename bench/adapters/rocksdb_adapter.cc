// rocksdb: Meta's RocksDB (the Debian package librocksdb-dev), LevelDB's descendant.
//
// Settings: write_buffer_size, a block-based table with an LRU block cache and a bloom filter
// (RocksDB's full-filter format) from EngineOptions; compression off at every level;
// WriteOptions.sync = false. Everything else keeps RocksDB's defaults (4 KiB blocks, 64 MiB
// target table size, two background jobs, leveled compaction).
//
// Table bytes written are the statistics tickers FLUSH_WRITE_BYTES + COMPACT_WRITE_BYTES,
// exact byte counts. Statistics are kept at the cheapest level (tickers only, no timers).
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/statistics.h>
#include <rocksdb/table.h>
#include <rocksdb/version.h>

#include <memory>

#include "bench/engine_adapter.h"
#include "bench/report.h"

namespace stepdb::bench {
namespace {

Status FromRocksDb(const rocksdb::Status& status) {
  if (status.ok()) return Status::Ok();
  std::string message = "rocksdb: " + status.ToString();
  if (status.IsNotFound()) return Status::NotFound(message);
  if (status.IsCorruption()) return Status::Corruption(message);
  if (status.IsInvalidArgument()) return Status::InvalidArgument(message);
  if (status.IsNotSupported()) return Status::NotImplemented(message);
  if (status.IsBusy()) return Status::Busy(message);
  return Status::IOError(message);
}

rocksdb::Slice ToSlice(std::string_view bytes) { return {bytes.data(), bytes.size()}; }

class RocksDbAdapter : public EngineAdapter {
 public:
  ~RocksDbAdapter() override { Close().IgnoreError(); }  // the status has nowhere to go

  Status Open(const std::string& dir, const EngineOptions& options) override {
    rocksdb::BlockBasedTableOptions table_options;
    table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
    table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(options.bloom_bits_per_key));
    statistics_ = rocksdb::CreateDBStatistics();
    statistics_->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);

    rocksdb::Options db_options;
    db_options.create_if_missing = true;
    db_options.error_if_exists = true;
    db_options.write_buffer_size = options.write_buffer_bytes;
    db_options.compression = rocksdb::kNoCompression;
    db_options.bottommost_compression = rocksdb::kNoCompression;
    db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
    db_options.statistics = statistics_;
    rocksdb::DB* db = nullptr;
    Status status = FromRocksDb(rocksdb::DB::Open(db_options, dir, &db));
    db_.reset(db);
    return status;
  }

  Status Close() override {
    if (!db_) return Status::Ok();
    Status status = FromRocksDb(db_->Close());
    db_.reset();
    statistics_.reset();
    return status;
  }

  Status Put(std::string_view key, std::string_view value) override {
    return FromRocksDb(db_->Put(write_options_, ToSlice(key), ToSlice(value)));
  }

  Status Delete(std::string_view key) override {
    return FromRocksDb(db_->Delete(write_options_, ToSlice(key)));
  }

  Status Get(std::string_view key, std::string* value) override {
    return FromRocksDb(db_->Get(read_options_, ToSlice(key), value));
  }

  Status Scan(std::string_view start, size_t limit, const Visitor& visit) override {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options_));
    size_t visited = 0;
    for (it->Seek(ToSlice(start)); it->Valid() && visited < limit; it->Next(), ++visited) {
      const rocksdb::Slice key = it->key();
      const rocksdb::Slice value = it->value();
      if (!visit({key.data(), key.size()}, {value.data(), value.size()})) break;
    }
    return FromRocksDb(it->status());
  }

  std::optional<uint64_t> TableBytesWritten() override {
    if (!statistics_) return std::nullopt;
    return statistics_->getTickerCount(rocksdb::FLUSH_WRITE_BYTES) +
           statistics_->getTickerCount(rocksdb::COMPACT_WRITE_BYTES);
  }

 private:
  std::shared_ptr<rocksdb::Statistics> statistics_;
  std::unique_ptr<rocksdb::DB> db_;      // null while closed
  rocksdb::WriteOptions write_options_;  // sync = false
  rocksdb::ReadOptions read_options_;
};

EngineInfo RocksDbInfo() {
  EngineInfo info;
  info.name = "rocksdb";
  info.describe = [](const EngineOptions& options) {
    return "RocksDB " + std::to_string(ROCKSDB_MAJOR) + "." + std::to_string(ROCKSDB_MINOR) + "." +
           std::to_string(ROCKSDB_PATCH) +
           ": write_buffer_size=" + FormatBytes(options.write_buffer_bytes) + ", NewLRUCache(" +
           FormatBytes(options.block_cache_bytes) + "), NewBloomFilterPolicy(" +
           std::to_string(options.bloom_bits_per_key) +
           "), kNoCompression, sync=false; defaults otherwise (4 KiB blocks, 64 MiB tables)";
  };
  info.make = [] { return std::make_unique<RocksDbAdapter>(); };
  return info;
}

STEPDB_BENCH_REGISTER_ENGINE(RocksDbInfo());

}  // namespace
}  // namespace stepdb::bench
