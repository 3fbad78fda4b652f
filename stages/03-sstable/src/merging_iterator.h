// MergingIterator: one sorted view over several sorted sources, newest first.
//
// The LSM read path sees the memtable, the frozen memtable and every table at once. Each is
// sorted and holds at most one entry per key, but a key may appear in several of them; the
// newest source's entry is the truth. The merging iterator yields every key once, with the
// entry of the newest child that has it:
//
//   child 0 (newest):  b=2            d=deleted
//   child 1:           a=1   b=1                e=1
//   merged:            a=1   b=2      d=deleted e=1
//
// Tombstones are yielded like values: the caller decides. A scan hides them; a compaction
// keeps them unless no older source can still hold the key.
//
// The algorithm keeps every child positioned at its first key >= the merged position. The
// current entry is the child with the smallest key, the lowest index (newest) among equal
// ones. Next advances every child positioned at the current key, so the older duplicates are
// skipped, then picks the smallest again. Finding the smallest is a linear scan: an LSM
// merges a handful of sources (the memtables, the level-0 tables, one iterator per deeper
// level), where a scan beats a heap's bookkeeping; LevelDB does the same.
//
// If any child fails, the merged iterator becomes invalid with that child's status: going on
// without it could yield an older value the failed child would have shadowed.
//
// Thread safety: one thread at a time, like its children.
#pragma once

#include <memory>
#include <vector>

#include "iterator.h"

namespace stepdb {

class MergingIterator final : public Iterator {
 public:
  // Takes ownership of children, ordered newest first.
  explicit MergingIterator(std::vector<std::unique_ptr<Iterator>> children);

  bool Valid() const override { return current_ != nullptr; }
  void SeekToFirst() override;
  void Seek(std::string_view target) override;
  void Next() override;
  std::string_view key() const override { return current_->key(); }
  std::string_view value() const override { return current_->value(); }
  EntryKind kind() const override { return current_->kind(); }
  Status status() const override { return status_; }

 private:
  // Makes current_ the valid child with the smallest key, the newest among equal keys; null
  // if no child is valid or one has failed (then status_ holds its error).
  void FindCurrent();

  std::vector<std::unique_ptr<Iterator>> children_;
  Iterator* current_ = nullptr;
  Status status_;
};

}  // namespace stepdb
