// LsmEngine's start-up: from whatever a crash left in the directory back to a running tree.
//
// The MANIFEST says which tables count and which logs still hold writes no table has; every
// other file is sorted out by the two rules of manifest.h (orphans and old logs go). The
// chapter ("Recovery, step by step") walks through Recover line by line; the invariant it
// keeps is the engine's first: every acknowledged write is in a table the MANIFEST names, or
// in a log that is replayed.
#include <algorithm>
#include <set>

#include "common/log.h"
#include "file_names.h"
#include "lsm_engine.h"

namespace stepdb {

Status LsmEngine::Recover() {
  STEPDB_RETURN_IF_ERROR(fs_->CreateDir(dir_));
  STEPDB_ASSIGN_OR_RETURN(lock_, fs_->LockFile(dir_ + "/LOCK"));

  Result<ManifestState> loaded = LoadManifest(*fs_, dir_);
  if (loaded.ok()) {
    manifest_ = std::move(loaded).value();
  } else if (!loaded.status().IsNotFound()) {
    return loaded.status();
  }
  const bool new_database = !loaded.ok();
  if (manifest_.levels.empty()) manifest_.levels.resize(1);

  // Sort the directory out: live tables stay, orphans and leftovers go (manifest.h, rules 1
  // and 2), logs from log_number on are replayed in number order.
  std::set<uint64_t> live;
  for (const auto& level : manifest_.levels) {
    for (const TableMeta& meta : level) live.insert(meta.number);
  }
  std::vector<uint64_t> logs;
  uint64_t highest = 0;
  STEPDB_ASSIGN_OR_RETURN(std::vector<std::string> children, fs_->GetChildren(dir_));
  if (new_database) {
    // Without a MANIFEST every table would look like an orphan. A directory with tables but
    // no MANIFEST lost it (or is not ours): refuse, rather than delete the tables.
    for (const std::string& name : children) {
      uint64_t number = 0;
      if (ParseFileName(name, &number) == FileKind::kTable) {
        return Status::Corruption(dir_ + " holds table " + name +
                                  " but no MANIFEST; "
                                  "refusing to start (and to delete the tables)");
      }
    }
  }
  for (const std::string& name : children) {
    uint64_t number = 0;
    const FileKind kind = ParseFileName(name, &number);
    const std::string path = dir_ + "/" + name;
    if (kind == FileKind::kTable || kind == FileKind::kLog) highest = std::max(highest, number);
    if (kind == FileKind::kTable && !live.contains(number)) {
      LogWarn(
          "removing orphan table {} (not in the MANIFEST: a flush or compaction that did not "
          "finish)",
          path);
      STEPDB_RETURN_IF_ERROR(fs_->RemoveFile(path));
    } else if (kind == FileKind::kTemp) {
      STEPDB_RETURN_IF_ERROR(fs_->RemoveFile(path));
    } else if (kind == FileKind::kLog && number < manifest_.log_number) {
      STEPDB_RETURN_IF_ERROR(fs_->RemoveFile(path));  // already flushed into a table
    } else if (kind == FileKind::kLog) {
      logs.push_back(number);
    }
  }
  manifest_.next_file_number = std::max(manifest_.next_file_number, highest + 1);

  auto version = std::make_shared<Version>();
  version->levels.resize(manifest_.levels.size());
  for (size_t level = 0; level < manifest_.levels.size(); ++level) {
    for (const TableMeta& meta : manifest_.levels[level]) {
      STEPDB_ASSIGN_OR_RETURN(LiveTable table, OpenTable(meta));
      version->levels[level].push_back(std::move(table));
    }
  }
  version_ = std::move(version);

  mem_ = std::make_unique<MemTable>();
  std::sort(logs.begin(), logs.end());
  WalReplayOptions replay;
  replay.mode = options_.recovery;
  for (uint64_t number : logs) {
    const std::string path = LogFileName(dir_, number);
    STEPDB_ASSIGN_OR_RETURN(WalReplaySummary summary,
                            ReplayWal(*fs_, path, replay, [this](const WriteBatch& batch) {
                              mem_->Apply(batch);
                              return Status::Ok();
                            }));
    LogInfo("replayed {}: {} records, {} bytes", path, summary.records, summary.good_bytes);
  }

  std::lock_guard write_lock(write_mu_);
  STEPDB_RETURN_IF_ERROR(StartNewLog());
  // Recovery rule 2: the oldest log still needed is the oldest one just replayed, or the new
  // one if the replayed logs held nothing (then they can go at once). Open() flushes a
  // non-empty replayed memtable, which retires its logs.
  replayed_logs_ = mem_->empty() ? 0 : logs.size();
  manifest_.log_number = replayed_logs_ == 0 ? log_number_ : logs.front();
  STEPDB_RETURN_IF_ERROR(StoreManifest(*fs_, dir_, manifest_));
  if (replayed_logs_ == 0) {
    for (uint64_t number : logs) STEPDB_RETURN_IF_ERROR(fs_->RemoveFile(LogFileName(dir_, number)));
  }
  size_t tables = 0;
  for (const auto& level : version_->levels) tables += level.size();
  LogInfo("opened {}: {} tables, {} keys in the memtable from {} logs", dir_, tables, mem_->size(),
          logs.size());
  return Status::Ok();
}

}  // namespace stepdb
