#include "lsm_engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "entry_map_iterator.h"
#include "file_names.h"
#include "level_iterator.h"
#include "merging_iterator.h"
#include "table_builder.h"

namespace stepdb {
namespace {

// The merged view without tombstones: what users of the engine see.
class LiveIterator final : public Iterator {
 public:
  explicit LiveIterator(std::unique_ptr<Iterator> merged) : merged_(std::move(merged)) {}

  bool Valid() const override { return merged_->Valid(); }
  void SeekToFirst() override {
    merged_->SeekToFirst();
    SkipDeletions();
  }
  void Seek(std::string_view target) override {
    merged_->Seek(target);
    SkipDeletions();
  }
  void Next() override {
    merged_->Next();
    SkipDeletions();
  }
  std::string_view key() const override { return merged_->key(); }
  std::string_view value() const override { return merged_->value(); }
  EntryKind kind() const override { return EntryKind::kValue; }
  Status status() const override { return merged_->status(); }

 private:
  void SkipDeletions() {
    while (merged_->Valid() && merged_->kind() == EntryKind::kDeletion) merged_->Next();
  }

  std::unique_ptr<Iterator> merged_;
};

// A table file that removes itself once closed, if its table left the tree meanwhile: the
// Table owns its file, so this runs when the last reader of the table is gone. The Table
// takes its blocks out of the block cache as it goes (BlockCache::EraseTable), so a mapped
// file's disk space returns once the last iterator still reading one of its blocks lets go.
class RemoveWhenObsoleteFile final : public RandomAccessFile {
 public:
  RemoveWhenObsoleteFile(std::unique_ptr<RandomAccessFile> file, FileSystem* fs, std::string path,
                         std::shared_ptr<std::atomic<bool>> obsolete)
      : file_(std::move(file)), fs_(fs), path_(std::move(path)), obsolete_(std::move(obsolete)) {}
  ~RemoveWhenObsoleteFile() override {
    file_.reset();  // closed before it is removed
    if (obsolete_->load()) {
      if (Status status = fs_->RemoveFile(path_); !status.ok()) {
        spdlog::warn("removing obsolete table {}: {} (start-up removes it)", path_,
                     status.ToString());
      }
    }
  }

  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    return file_->Read(offset, n, result, scratch);
  }
  Status ReadPinned(uint64_t offset, size_t n, std::string_view* result,
                    std::shared_ptr<const void>* pin) const override {
    return file_->ReadPinned(offset, n, result, pin);
  }

 private:
  std::unique_ptr<RandomAccessFile> file_;
  FileSystem* const fs_;
  const std::string path_;
  const std::shared_ptr<std::atomic<bool>> obsolete_;
};

}  // namespace

std::optional<Result<std::string>> LsmEngine::Answer(LookupState state, std::string* value) {
  switch (state) {
    case LookupState::kFound:
      return Result<std::string>(std::move(*value));
    case LookupState::kDeleted:
      return Result<std::string>(Status::NotFound(""));
    case LookupState::kAbsent:
      break;
  }
  return std::nullopt;
}

LsmEngine::LsmEngine(FileSystem* fs, std::string dir, const LsmOptions& options)
    : fs_(fs), dir_(std::move(dir)), options_(options) {}

Result<std::unique_ptr<LsmEngine>> LsmEngine::Open(FileSystem* fs, const std::string& dir,
                                                   const LsmOptions& options) {
  std::unique_ptr<LsmEngine> engine(new LsmEngine(fs, dir, options));
  STEPDB_RETURN_IF_ERROR(engine->Recover());
  engine->flusher_ = std::thread([raw = engine.get()] { raw->FlushInBackground(); });
  if (options.fsync == FsyncPolicy::kEverySec) {
    engine->syncer_ = std::thread([raw = engine.get()] { raw->SyncInBackground(); });
  }
  if (engine->replayed_logs_ > 0) {
    // Write what the logs held into a table now, so that they can go: otherwise every
    // restart would add a log and keep the old ones until the memtable fills up.
    STEPDB_RETURN_IF_ERROR(engine->Flush());
  }
  return engine;
}

LsmEngine::~LsmEngine() {
  if (Status status = Close(); !status.ok()) {
    spdlog::error("closing {}: {}", dir_, status.ToString());
  }
}

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
      spdlog::warn(
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
    spdlog::info("replayed {}: {} records, {} bytes", path, summary.records, summary.good_bytes);
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
  spdlog::info("opened {}: {} tables, {} keys in the memtable from {} logs", dir_, tables,
               mem_->size(), logs.size());
  return Status::Ok();
}

Result<LiveTable> LsmEngine::OpenTable(const TableMeta& meta) {
  const std::string path = TableFileName(dir_, meta.number);
  if (!fs_->FileExists(path)) {
    return Status::Corruption(ManifestFileName(dir_) + " names table " + path +
                              ", which is missing");
  }
  STEPDB_ASSIGN_OR_RETURN(uint64_t size, fs_->GetFileSize(path));
  if (size != meta.size) {
    return Status::Corruption(path + ": " + std::to_string(size) + " bytes, but " +
                              ManifestFileName(dir_) + " says " + std::to_string(meta.size));
  }
  STEPDB_ASSIGN_OR_RETURN(auto file, fs_->NewRandomAccessFile(path));
  auto obsolete = std::make_shared<std::atomic<bool>>(false);
  auto wrapped = std::make_unique<RemoveWhenObsoleteFile>(std::move(file), fs_, path, obsolete);
  STEPDB_ASSIGN_OR_RETURN(std::shared_ptr<Table> table,
                          Table::Open(std::move(wrapped), size, path, options_.table));
  return LiveTable{meta, std::move(table), std::move(obsolete)};
}

Status LsmEngine::StartNewLog() {
  uint64_t number = 0;
  {
    std::lock_guard lock(mu_);
    number = manifest_.next_file_number++;
  }
  const std::string path = LogFileName(dir_, number);
  STEPDB_ASSIGN_OR_RETURN(auto file, fs_->NewWritableFile(path));
  // The new name must survive a power loss before a write acknowledged in it does.
  STEPDB_RETURN_IF_ERROR(fs_->SyncDir(dir_));
  if (log_) {
    // The old log is complete: make it durable before its memtable is frozen.
    STEPDB_RETURN_IF_ERROR(log_->Sync());
    STEPDB_RETURN_IF_ERROR(log_->Close());
  }
  log_ = std::make_unique<WalWriter>(std::move(file));
  std::lock_guard lock(mu_);
  log_number_ = number;
  return Status::Ok();
}

Status LsmEngine::MakeRoomForWrite(bool force) {
  std::unique_lock lock(mu_);
  const bool forced = force;
  bool slowed_down = false;
  bool stopped = false;
  while (true) {
    if (!background_error_.ok()) return background_error_;
    if (closing_) return Status::IOError(dir_ + ": the engine is closing");
    // The level-0 limits hold back writes only: a forced flush (Flush(), and the flush of
    // replayed logs in Open, before any compaction runs) must never wait for a compaction.
    const size_t level0 = forced ? 0 : version_->levels[0].size();
    if (level0 >= options_.l0_stop_tables) {
      // Level 0 is at its limit: wait until a compaction shrinks it (a write stall).
      spdlog::debug("write stall: {} tables in level 0, waiting for a compaction", level0);
      if (!stopped) write_stops_.fetch_add(1, std::memory_order_relaxed);
      stopped = true;
      edited_cv_.wait(lock);
      continue;
    }
    if (level0 >= options_.l0_slowdown_tables && !slowed_down) {
      // Near the limit: give up a millisecond once per write, so the compaction catches up
      // and writers slow down smoothly instead of stopping all at once later.
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      lock.lock();
      slowed_down = true;
      write_slowdowns_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (mem_->empty() || (!force && mem_->approximate_bytes() < options_.memtable_bytes)) {
      return Status::Ok();
    }
    if (frozen_) {
      // Invariant 5: one frozen memtable at a time. Wait for the flush (a write stall).
      spdlog::debug("write stall: memtable full, waiting for the flush of the previous one");
      flushed_cv_.wait(lock);
      continue;
    }
    lock.unlock();
    Status status = StartNewLog();
    lock.lock();
    if (!status.ok()) {
      // The old log may not be durable: like a failed append, this is final.
      write_error_ = status;
      return status;
    }
    frozen_ = std::shared_ptr<const MemTable>(std::move(mem_));
    frozen_log_number_ = log_number_;
    mem_ = std::make_unique<MemTable>();
    work_cv_.notify_all();
    force = false;
  }
}

Status LsmEngine::Write(const WriteBatch& batch) {
  if (batch.empty()) return Status::Ok();
  std::lock_guard write_lock(write_mu_);
  if (closed_) return Status::IOError(dir_ + ": the engine is closed");
  STEPDB_RETURN_IF_ERROR(write_error_);
  STEPDB_RETURN_IF_ERROR(MakeRoomForWrite(/*force=*/false));

  // BEGIN SOLUTION
  // STARTER: return Status::NotImplemented("stage 03: LsmEngine::Write");
  Status status = log_->AddBatch(batch);
  if (status.ok()) {
    status = options_.fsync == FsyncPolicy::kAlways ? log_->Sync() : log_->Flush();
  }
  if (!status.ok()) {
    // The log may now end in a partial record; nothing may follow it (stage 02, invariant 4).
    write_error_ = status;
    return status;
  }
  std::lock_guard lock(mu_);
  mem_->Apply(batch);
  return Status::Ok();
  // END SOLUTION
}

Result<std::string> LsmEngine::Get(std::string_view key) {
  // BEGIN SOLUTION
  // STARTER: (void)key;
  // STARTER: return Status::NotImplemented("stage 03: LsmEngine::Get");
  std::string value;
  std::shared_ptr<const MemTable> frozen;
  std::shared_ptr<const Version> version;
  {
    std::lock_guard lock(mu_);
    if (auto answer = Answer(mem_->Get(key, &value), &value)) return std::move(*answer);
    frozen = frozen_;
    version = version_;
  }
  if (frozen) {
    if (auto answer = Answer(frozen->Get(key, &value), &value)) return std::move(*answer);
  }
  for (size_t level = 0; level < version->levels.size(); ++level) {
    const std::vector<LiveTable>& tables = version->levels[level];
    // Level 0's tables overlap, so each may hold the key (newest first). Deeper levels
    // (stage 05) are sorted and disjoint: only the first table that ends at or after the key
    // may hold it.
    auto it = level == 0 ? tables.begin()
                         : std::partition_point(
                               tables.begin(), tables.end(),
                               [key](const LiveTable& live) { return live.meta.largest < key; });
    for (; it != tables.end(); ++it) {
      if (it->meta.MayContain(key)) {
        STEPDB_ASSIGN_OR_RETURN(LookupState state, it->table->Get(key, &value));
        if (auto answer = Answer(state, &value)) return std::move(*answer);
      }
      if (level > 0) break;
    }
  }
  return Status::NotFound("");
  // END SOLUTION
}

std::vector<std::unique_ptr<Iterator>> LsmEngine::SnapshotIterators(std::string_view start,
                                                                    std::string_view end) {
  std::shared_ptr<const EntryMap> mem_copy;
  std::shared_ptr<const MemTable> frozen;
  std::shared_ptr<const Version> version;
  {
    std::lock_guard lock(mu_);
    mem_copy = mem_->CopyRange(start, end);
    frozen = frozen_;
    version = version_;
  }
  std::vector<std::unique_ptr<Iterator>> children;
  children.push_back(std::make_unique<EntryMapIterator>(std::move(mem_copy)));
  if (frozen) children.push_back(MemTable::NewIterator(std::move(frozen)));
  auto in_range = [start, end](const TableMeta& meta) {
    return (end.empty() || meta.smallest < end) && meta.largest >= start;
  };
  for (size_t level = 0; level < version->levels.size(); ++level) {
    // Level 0's tables overlap: one child each. A deeper level (stage 05) is one sorted run:
    // one child walks its tables in turn.
    std::vector<LevelTable> run;
    for (const LiveTable& live : version->levels[level]) {
      if (!in_range(live.meta)) continue;
      if (level == 0) {
        children.push_back(live.table->NewIterator());
      } else {
        run.push_back({live.meta.largest, live.table});
      }
    }
    if (!run.empty()) {
      children.push_back(std::make_unique<LevelIterator>(std::move(run), TableReadOptions{}));
    }
  }
  return children;
}

Status LsmEngine::Scan(std::string_view start, std::string_view end, size_t limit,
                       const ScanVisitor& visit) {
  // BEGIN SOLUTION
  // STARTER: (void)start, (void)end, (void)limit, (void)visit;
  // STARTER: return Status::NotImplemented("stage 03: LsmEngine::Scan");
  LiveIterator it(std::make_unique<MergingIterator>(SnapshotIterators(start, end)));
  size_t visited = 0;
  for (it.Seek(start); it.Valid() && visited < limit; it.Next(), ++visited) {
    if (!end.empty() && it.key() >= end) break;
    if (!visit(it.key(), it.value())) break;
  }
  return it.status();
  // END SOLUTION
}

std::unique_ptr<Iterator> LsmEngine::NewIterator() {
  return std::make_unique<LiveIterator>(
      std::make_unique<MergingIterator>(SnapshotIterators("", "")));
}

Status LsmEngine::Flush() {
  {
    std::lock_guard write_lock(write_mu_);
    if (closed_) return Status::IOError(dir_ + ": the engine is closed");
    STEPDB_RETURN_IF_ERROR(MakeRoomForWrite(/*force=*/true));
  }
  std::unique_lock lock(mu_);
  flushed_cv_.wait(lock, [this] { return !frozen_ || !background_error_.ok(); });
  return background_error_;
}

void LsmEngine::FlushInBackground() {
  std::unique_lock lock(mu_);
  while (true) {
    // A frozen memtable is written out even when stopping, so Close() leaves no log behind
    // that holds more than one memtable's worth.
    work_cv_.wait(lock, [this] { return stopping_ || frozen_ != nullptr; });
    if (!frozen_) return;
    std::shared_ptr<const MemTable> frozen = frozen_;
    lock.unlock();
    Status status = FlushFrozen(frozen);
    lock.lock();
    if (!status.ok()) {
      spdlog::error("flush failed, writes are refused from now on: {}", status.ToString());
      background_error_ = status;
      flushed_cv_.notify_all();
      work_cv_.wait(lock, [this] { return stopping_; });
      return;
    }
    flushed_cv_.notify_all();
    if (options_.on_flush) {
      lock.unlock();
      options_.on_flush();
      lock.lock();
    }
  }
}

Status LsmEngine::FlushFrozen(std::shared_ptr<const MemTable> frozen) {
  uint64_t number = 0;
  uint64_t log_number = 0;
  {
    std::lock_guard lock(mu_);
    number = manifest_.next_file_number++;
    log_number = frozen_log_number_;
  }
  std::unique_ptr<Iterator> entries = frozen->NewIterator();
  TableMeta meta;
  STEPDB_RETURN_IF_ERROR(WriteTable(*entries, number, &meta));
  Result<LiveTable> table = OpenTable(meta);
  if (!table.ok()) return table.status();

  // manifest_mu_ orders this MANIFEST write with those of compactions (ApplyEdit); manifest_
  // changes meanwhile only in next_file_number, which the new state takes over.
  std::lock_guard manifest_lock(manifest_mu_);
  ManifestState next;
  {
    std::lock_guard lock(mu_);
    next = manifest_;
  }
  next.levels[0].insert(next.levels[0].begin(), meta);
  next.log_number = log_number;
  next.bytes_flushed += meta.size;
  if (Status status = StoreManifest(*fs_, dir_, next); !status.ok()) {
    fs_->RemoveFile(TableFileName(dir_, number)).IgnoreError();  // an orphan either way
    return status;
  }
  // Manifest rule 2: logs below log_number are now in tables. Nothing reads a log after
  // recovery, so they can go before the new version is installed.
  if (auto children = fs_->GetChildren(dir_); children.ok()) {
    for (const std::string& name : *children) {
      uint64_t old_log = 0;
      if (ParseFileName(name, &old_log) == FileKind::kLog && old_log < log_number) {
        fs_->RemoveFile(dir_ + "/" + name).IgnoreError();  // start-up removes it otherwise
      }
    }
  }
  auto version = std::make_shared<Version>();
  std::lock_guard lock(mu_);
  next.next_file_number = std::max(next.next_file_number, manifest_.next_file_number);
  manifest_ = std::move(next);
  *version = *version_;
  version->levels[0].insert(version->levels[0].begin(), std::move(*table));
  // The table and the frozen memtable swap in one step, so no reader sees neither.
  version_ = std::move(version);
  frozen_ = nullptr;
  spdlog::info("flushed {} keys into {} ({} bytes)", frozen->size(), TableFileName(dir_, number),
               meta.size);
  return Status::Ok();
}

Status LsmEngine::WriteTable(Iterator& entries, uint64_t number, TableMeta* meta) {
  const std::string path = TableFileName(dir_, number);
  STEPDB_ASSIGN_OR_RETURN(auto file, fs_->NewWritableFile(path));
  TableBuilder builder(options_.table, file.get());
  Status status;
  for (entries.SeekToFirst(); entries.Valid() && status.ok(); entries.Next()) {
    status = builder.Add(entries.key(), entries.kind(), entries.value());
  }
  if (status.ok()) status = entries.status();
  if (status.ok()) status = builder.Finish();
  if (status.ok()) status = file->Sync();
  if (status.ok()) status = file->Close();
  if (!status.ok()) {
    fs_->RemoveFile(path).IgnoreError();  // start-up removes it too, as an orphan
    return status;
  }
  meta->number = number;
  meta->size = builder.file_size();
  meta->smallest = builder.smallest_key();
  meta->largest = builder.largest_key();
  return Status::Ok();
}

void LsmEngine::SyncInBackground() {
  std::unique_lock lock(mu_);
  while (!work_cv_.wait_for(lock, options_.sync_interval, [this] { return stopping_; })) {
    lock.unlock();
    {
      std::lock_guard write_lock(write_mu_);
      if (log_ && write_error_.ok()) {
        if (Status status = log_->Sync(); !status.ok()) {
          spdlog::error("background sync of the log failed: {}", status.ToString());
          write_error_ = status;
        }
      }
    }
    lock.lock();
  }
}

Status LsmEngine::Close() {
  {
    // A writer held back by a full level 0 waits holding write_mu_, for a compaction that
    // may never come now: wake it, so that it fails and lets go.
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  edited_cv_.notify_all();
  {
    std::lock_guard write_lock(write_mu_);
    if (closed_) return Status::Ok();
    closed_ = true;
  }
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  if (syncer_.joinable()) syncer_.join();
  std::lock_guard write_lock(write_mu_);
  Status status;
  if (log_) {
    status = log_->Sync();
    Status closed = log_->Close();
    if (status.ok()) status = closed;
    log_.reset();
  }
  std::lock_guard lock(mu_);
  if (status.ok()) status = background_error_;
  return status;
}

void LsmEngine::ReportBackgroundError(Status status) {
  {
    std::lock_guard lock(mu_);
    if (background_error_.ok()) background_error_ = std::move(status);
  }
  flushed_cv_.notify_all();
  edited_cv_.notify_all();
}

uint64_t LsmEngine::NewFileNumber() {
  std::lock_guard lock(mu_);
  return manifest_.next_file_number++;
}

Status LsmEngine::ApplyEdit(const TreeEdit& edit) {
  std::lock_guard manifest_lock(manifest_mu_);
  ManifestState next;
  std::shared_ptr<const Version> current;
  {
    std::lock_guard lock(mu_);
    next = manifest_;
    current = version_;
  }
  // Check before anything is written: a table to remove must be live.
  for (uint64_t number : edit.removed) {
    bool live = false;
    for (const auto& level : next.levels) {
      live = live || std::any_of(level.begin(), level.end(),
                                 [&](const TableMeta& meta) { return meta.number == number; });
    }
    if (!live) {
      return Status::InvalidArgument("edit removes table " + std::to_string(number) +
                                     ", which is not live");
    }
  }
  auto removed = [&edit](uint64_t number) {
    return std::find(edit.removed.begin(), edit.removed.end(), number) != edit.removed.end();
  };
  // A table both removed and added moves to another level: the same file, still live.
  auto moved = [&edit](uint64_t number) {
    return std::any_of(
        edit.added.begin(), edit.added.end(),
        [number](const TreeEdit::Added& added) { return added.meta.number == number; });
  };
  std::map<uint64_t, LiveTable> moving;
  size_t levels = next.levels.size();
  for (const TreeEdit::Added& added : edit.added) levels = std::max(levels, added.level + 1);
  next.levels.resize(levels);
  for (auto& level : next.levels) {
    std::erase_if(level, [&](const TableMeta& meta) { return removed(meta.number); });
  }

  // Open the added tables before the MANIFEST names them: a table that cannot be opened
  // must not become live.
  auto version = std::make_shared<Version>();
  version->levels.resize(levels);
  for (size_t level = 0; level < current->levels.size(); ++level) {
    for (const LiveTable& live : current->levels[level]) {
      if (!removed(live.meta.number)) {
        version->levels[level].push_back(live);
      } else if (moved(live.meta.number)) {
        moving.emplace(live.meta.number, live);
      }
    }
  }
  for (const TreeEdit::Added& added : edit.added) {
    LiveTable table;
    if (auto it = moving.find(added.meta.number); it != moving.end()) {
      table = it->second;
    } else {
      STEPDB_ASSIGN_OR_RETURN(table, OpenTable(added.meta));
    }
    auto& tables = version->levels[added.level];
    auto& metas = next.levels[added.level];
    if (added.level == 0) {
      tables.insert(tables.begin(), std::move(table));
      metas.insert(metas.begin(), added.meta);
    } else {
      tables.push_back(std::move(table));
      metas.push_back(added.meta);
    }
  }
  for (size_t level = 1; level < levels; ++level) {
    std::sort(
        version->levels[level].begin(), version->levels[level].end(),
        [](const LiveTable& a, const LiveTable& b) { return a.meta.smallest < b.meta.smallest; });
    std::sort(next.levels[level].begin(), next.levels[level].end(),
              [](const TableMeta& a, const TableMeta& b) { return a.smallest < b.smallest; });
  }
  next.bytes_compacted += edit.bytes_written;
  STEPDB_RETURN_IF_ERROR(StoreManifest(*fs_, dir_, next));

  for (const auto& level : current->levels) {
    for (const LiveTable& live : level) {
      if (removed(live.meta.number) && !moved(live.meta.number)) live.obsolete->store(true);
    }
  }
  {
    std::lock_guard lock(mu_);
    next.next_file_number = std::max(next.next_file_number, manifest_.next_file_number);
    manifest_ = std::move(next);
    version_ = std::move(version);
  }
  edited_cv_.notify_all();
  return Status::Ok();
}

std::shared_ptr<const Version> LsmEngine::current_version() const {
  std::lock_guard lock(mu_);
  return version_;
}

ManifestState LsmEngine::manifest() const {
  std::lock_guard lock(mu_);
  return manifest_;
}

}  // namespace stepdb
