// EntryMap and EntryMapIterator: sorted entries in a std::map, seen through an Iterator.
//
// An EntryMap is the in-memory form of a sorted source: one entry per key, tombstones
// included, in byte order. It is what a memtable holds and what tests build their expected
// state in; EntryMapIterator lets either take part in a merge (merging_iterator.h) or be
// written out as a table (table_builder.h) like any other source.
//
// Thread safety: the iterator reads the map without locking. The map must not change while
// an iterator over it is in use (an immutable memtable, a test's local map).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "iterator.h"

namespace stepdb {

struct EntryValue {
  EntryKind kind = EntryKind::kValue;
  std::string value;  // empty for a deletion
};

// std::less<> lets lookups take a std::string_view without building a std::string.
using EntryMap = std::map<std::string, EntryValue, std::less<>>;

class EntryMapIterator final : public Iterator {
 public:
  // Borrows map. REQUIRES: map outlives the iterator and does not change meanwhile.
  explicit EntryMapIterator(const EntryMap& map) : map_(&map), it_(map.end()) {}
  // Shares ownership of map, which stays alive as long as the iterator.
  explicit EntryMapIterator(std::shared_ptr<const EntryMap> map)
      : map_(map.get()), pin_(std::move(map)), it_(map_->end()) {}

  bool Valid() const override { return it_ != map_->end(); }
  void SeekToFirst() override { it_ = map_->begin(); }
  void Seek(std::string_view target) override { it_ = map_->lower_bound(target); }
  void Next() override { ++it_; }
  std::string_view key() const override { return it_->first; }
  std::string_view value() const override { return it_->second.value; }
  EntryKind kind() const override { return it_->second.kind; }
  Status status() const override { return Status::Ok(); }

 private:
  const EntryMap* map_;
  std::shared_ptr<const EntryMap> pin_;  // null when borrowed
  EntryMap::const_iterator it_;
};

}  // namespace stepdb
