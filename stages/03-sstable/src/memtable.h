// MemTable: the sorted, in-memory front of the LSM tree.
//
// Every write lands here first (after the log). Unlike stage 01's map, a delete is kept as an
// entry, a tombstone, because older tables on disk may still hold the key and the tombstone
// must hide them until compaction removes both. Once the memtable holds about
// memtable_bytes, the engine freezes it (no more writes), starts a new one and a new log,
// and a background thread writes the frozen one out as a table.
//
// Memory accounting is approximate: the bytes of keys and values plus a fixed overhead per
// entry for the map node, which is what decides when to freeze.
//
// Thread safety: none. The engine guards the active memtable with its mutex; a frozen
// memtable never changes, so it may be read from many threads through shared_ptr.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine.h"
#include "entry_map_iterator.h"

namespace stepdb {

class MemTable {
 public:
  // Applies every entry of batch in order: puts as values, deletes as tombstones.
  void Apply(const WriteBatch& batch);

  // kFound (value copied into *value), kDeleted, or kAbsent.
  LookupState Get(std::string_view key, std::string* value) const;

  // Copies the entries with keys in [start, end) (end "" = no bound), tombstones included.
  std::shared_ptr<const EntryMap> CopyRange(std::string_view start, std::string_view end) const;

  // The entries themselves, for iterating a frozen memtable.
  // REQUIRES: the memtable no longer changes while the map is in use.
  const EntryMap& entries() const { return entries_; }

  size_t approximate_bytes() const { return bytes_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  // A rough cost of one std::map node beyond its key and value bytes.
  static constexpr size_t kEntryOverhead = 64;

  void Set(std::string_view key, EntryKind kind, std::string_view value);

  EntryMap entries_;
  size_t bytes_ = 0;
};

}  // namespace stepdb
