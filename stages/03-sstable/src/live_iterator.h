// LiveIterator: the merged view of the tree without its tombstones, as users see it.
//
// Inside the engine a delete is an entry (a tombstone) that shadows older values, and the
// merging iterator yields it like any other entry, because a compaction must keep it. A scan
// must not show it: this wrapper steps over every tombstone after each move, so it is only
// ever positioned on a live value.
//
//   merged        b=2   c=7   d=(deleted)   e=5
//   live          b=2   c=7                 e=5
//
// Thread safety: one thread at a time, like every iterator.
#pragma once

#include <memory>
#include <string_view>

#include "iterator.h"

namespace stepdb {

class LiveIterator final : public Iterator {
 public:
  // Wraps `merged`, the newest-first merge of every source of a snapshot.
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

}  // namespace stepdb
