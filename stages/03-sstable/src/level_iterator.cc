#include "level_iterator.h"

#include <algorithm>

namespace stepdb {

void LevelIterator::Open(size_t index) {
  index_ = index;
  current_ = index < tables_.size() ? tables_[index].table->NewIterator(read_options_) : nullptr;
}

void LevelIterator::SeekToFirst() {
  Open(0);
  if (current_) current_->SeekToFirst();
  SkipExhaustedTables();
}

void LevelIterator::Seek(std::string_view target) {
  auto first = std::partition_point(tables_.begin(), tables_.end(),
                                    [target](const LevelTable& t) { return t.largest < target; });
  Open(static_cast<size_t>(first - tables_.begin()));
  if (current_) current_->Seek(target);
  SkipExhaustedTables();
}

void LevelIterator::Next() {
  current_->Next();
  SkipExhaustedTables();
}

void LevelIterator::SkipExhaustedTables() {
  while (current_ != nullptr && !current_->Valid()) {
    if (!current_->status().ok()) return;  // invalid, with the table's error
    Open(index_ + 1);
    if (current_) current_->SeekToFirst();
  }
}

Status LevelIterator::status() const {
  // An error stops the walk at the table that failed, so it is always the current one.
  return current_ != nullptr ? current_->status() : Status::Ok();
}

}  // namespace stepdb
