#include "memtable.h"

namespace stepdb {
namespace {

// A SkipListIterator that also keeps its memtable alive.
class PinnedMemTableIterator final : public Iterator {
 public:
  explicit PinnedMemTableIterator(std::shared_ptr<const MemTable> memtable)
      : memtable_(std::move(memtable)), it_(memtable_->NewIterator()) {}

  bool Valid() const override { return it_->Valid(); }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void Seek(std::string_view target) override { it_->Seek(target); }
  void Next() override { it_->Next(); }
  std::string_view key() const override { return it_->key(); }
  std::string_view value() const override { return it_->value(); }
  EntryKind kind() const override { return it_->kind(); }
  Status status() const override { return it_->status(); }

 private:
  const std::shared_ptr<const MemTable> memtable_;
  const std::unique_ptr<Iterator> it_;
};

}  // namespace

void MemTable::Apply(const WriteBatch& batch) {
  // BEGIN SOLUTION
  // STARTER: (void)batch;
  for (const WriteBatch::Entry& entry : batch.entries()) {
    if (entry.op == WriteBatch::Op::kPut) {
      entries_.Put(entry.key, EntryKind::kValue, entry.value);
    } else {
      entries_.Put(entry.key, EntryKind::kDeletion, {});
    }
  }
  // END SOLUTION
}

LookupState MemTable::Get(std::string_view key, std::string* value) const {
  // BEGIN SOLUTION
  // STARTER: (void)key, (void)value;
  // STARTER: return LookupState::kAbsent;
  if (!entries_.MayContain(key)) return LookupState::kAbsent;
  const SkipList::Node* node = entries_.Seek(key);
  if (node == nullptr || node->key() != key) return LookupState::kAbsent;
  if (node->kind() == EntryKind::kDeletion) return LookupState::kDeleted;
  value->assign(node->value());
  return LookupState::kFound;
  // END SOLUTION
}

std::shared_ptr<const EntryMap> MemTable::CopyRange(std::string_view start, std::string_view end,
                                                    size_t live_limit) const {
  auto copy = std::make_shared<EntryMap>();
  size_t live = 0;
  for (const SkipList::Node* node = entries_.Seek(start);
       node != nullptr && (end.empty() || node->key() < end) && live < live_limit;
       node = node->next()) {
    copy->emplace_hint(copy->end(), node->key(),
                       EntryValue{node->kind(), std::string(node->value())});
    if (node->kind() != EntryKind::kDeletion) ++live;
  }
  return copy;
}

std::unique_ptr<Iterator> MemTable::NewIterator() const {
  return std::make_unique<SkipListIterator>(&entries_);
}

std::unique_ptr<Iterator> MemTable::NewIterator(std::shared_ptr<const MemTable> memtable) {
  return std::make_unique<PinnedMemTableIterator>(std::move(memtable));
}

}  // namespace stepdb
