// MemTable: the sorted, in-memory front of the LSM tree.
//
// Every write lands here first (after the log). Unlike stage 01's map, a delete is kept as an
// entry, a tombstone, because older tables on disk may still hold the key and the tombstone
// must hide them until compaction removes both. Once the memtable holds about
// memtable_bytes, the engine freezes it (no more writes), starts a new one and a new log,
// and a background thread writes the frozen one out as a table.
//
// The entries live in a skip list in an arena (skip_list.h, arena.h): a put costs no malloc,
// and the memtable weighs itself by the arena's blocks, which is what decides when to freeze.
//
// Thread safety: none. The engine guards the active memtable with its mutex; a frozen
// memtable never changes, so it may be read from many threads through shared_ptr.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "arena.h"
#include "engine.h"
#include "entry_map_iterator.h"
#include "skip_list.h"

namespace stepdb {

class MemTable {
 public:
  MemTable() = default;
  MemTable(const MemTable&) = delete;
  MemTable& operator=(const MemTable&) = delete;

  // Applies every entry of batch in order: puts as values, deletes as tombstones.
  void Apply(const WriteBatch& batch);

  // kFound (value copied into *value), kDeleted, or kAbsent.
  LookupState Get(std::string_view key, std::string* value) const;

  // Copies the entries with keys in [start, end) (end "" = no bound), tombstones included, up
  // to and including the `live_limit`-th entry that is not a tombstone (a scan that will stop
  // after that many keys needs no more: LsmEngine::SnapshotIterators).
  std::shared_ptr<const EntryMap> CopyRange(std::string_view start, std::string_view end,
                                            size_t live_limit = SIZE_MAX) const;

  // An iterator over every entry, tombstones included, in key order.
  // REQUIRES: the memtable no longer changes while the iterator is in use, and outlives it.
  std::unique_ptr<Iterator> NewIterator() const;
  // The same, sharing ownership of memtable, which stays alive as long as the iterator.
  static std::unique_ptr<Iterator> NewIterator(std::shared_ptr<const MemTable> memtable);

  size_t approximate_bytes() const { return arena_.memory_usage(); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.size() == 0; }

 private:
  Arena arena_;
  SkipList entries_{&arena_};
};

}  // namespace stepdb
