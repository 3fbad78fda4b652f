#include "merging_iterator.h"

namespace stepdb {

MergingIterator::MergingIterator(std::vector<std::unique_ptr<Iterator>> children)
    : children_(std::move(children)) {}

void MergingIterator::FindCurrent() {
  // BEGIN SOLUTION
  // STARTER: status_ = Status::NotImplemented("stage 03: MergingIterator::FindCurrent");
  // STARTER: current_ = nullptr;
  current_ = nullptr;
  for (const std::unique_ptr<Iterator>& child : children_) {
    if (!child->Valid()) {
      // An invalid child is either done or failed; only a failed one has a status to check.
      if (Status s = child->status(); !s.ok()) {
        status_ = std::move(s);
        current_ = nullptr;
        return;
      }
      continue;
    }
    // Strictly smaller: on a tie the earlier, newer child keeps its place.
    if (current_ == nullptr || child->key() < current_->key()) current_ = child.get();
  }
  // END SOLUTION
}

void MergingIterator::SeekToFirst() {
  // BEGIN SOLUTION
  // STARTER: status_ = Status::NotImplemented("stage 03: MergingIterator::SeekToFirst");
  // STARTER: current_ = nullptr;
  if (!status_.ok()) return;
  for (const std::unique_ptr<Iterator>& child : children_) child->SeekToFirst();
  FindCurrent();
  // END SOLUTION
}

void MergingIterator::Seek(std::string_view target) {
  // BEGIN SOLUTION
  // STARTER: (void)target;
  // STARTER: status_ = Status::NotImplemented("stage 03: MergingIterator::Seek");
  // STARTER: current_ = nullptr;
  if (!status_.ok()) return;
  for (const std::unique_ptr<Iterator>& child : children_) child->Seek(target);
  FindCurrent();
  // END SOLUTION
}

void MergingIterator::Next() {
  // BEGIN SOLUTION
  // STARTER: status_ = Status::NotImplemented("stage 03: MergingIterator::Next");
  // STARTER: current_ = nullptr;
  // Older children at the current key hold shadowed entries: step past them first, while
  // current_->key() still names the key (moving current_ would change the view).
  for (const std::unique_ptr<Iterator>& child : children_) {
    if (child.get() != current_ && child->Valid() && child->key() == current_->key()) {
      child->Next();
    }
  }
  current_->Next();
  FindCurrent();
  // END SOLUTION
}

}  // namespace stepdb
