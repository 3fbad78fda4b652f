#include "memtable.h"

namespace stepdb {

void MemTable::Set(std::string_view key, EntryKind kind, std::string_view value) {
  auto it = entries_.lower_bound(key);
  if (it != entries_.end() && it->first == key) {
    bytes_ -= it->second.value.size();
    it->second.kind = kind;
    it->second.value.assign(value);
  } else {
    entries_.emplace_hint(it, std::string(key), EntryValue{kind, std::string(value)});
    bytes_ += key.size() + kEntryOverhead;
  }
  bytes_ += value.size();
}

void MemTable::Apply(const WriteBatch& batch) {
  // BEGIN SOLUTION
  // STARTER: (void)batch;
  for (const WriteBatch::Entry& entry : batch.entries()) {
    if (entry.op == WriteBatch::Op::kPut) {
      Set(entry.key, EntryKind::kValue, entry.value);
    } else {
      Set(entry.key, EntryKind::kDeletion, {});
    }
  }
  // END SOLUTION
}

LookupState MemTable::Get(std::string_view key, std::string* value) const {
  // BEGIN SOLUTION
  // STARTER: (void)key, (void)value;
  // STARTER: return LookupState::kAbsent;
  auto it = entries_.find(key);
  if (it == entries_.end()) return LookupState::kAbsent;
  if (it->second.kind == EntryKind::kDeletion) return LookupState::kDeleted;
  value->assign(it->second.value);
  return LookupState::kFound;
  // END SOLUTION
}

std::shared_ptr<const EntryMap> MemTable::CopyRange(std::string_view start,
                                                    std::string_view end) const {
  auto copy = std::make_shared<EntryMap>();
  if (!end.empty() && end <= start)
    return copy;  // an empty range (lower_bound(end) is before start)
  auto last = end.empty() ? entries_.end() : entries_.lower_bound(end);
  for (auto it = entries_.lower_bound(start); it != last; ++it) {
    copy->emplace_hint(copy->end(), it->first, it->second);
  }
  return copy;
}

}  // namespace stepdb
