#include "list.h"

#include <algorithm>
#include <utility>

#include "collection_encoding.h"

namespace stepdb {
namespace {

// Up to this many positions are read by point lookups, more by one engine scan. On the
// server's engine (release build, 100-byte elements, a list of 100,000), a lookup costs about
// 0.2 us when the record is in the memtable and 0.8 us when it is in a table (the memtable
// missed first, then a bloom filter and a block per table); an engine scan costs about 1.4 us
// before its first record (a snapshot: a copy of the memtable's share of the range, and a
// seek in every table that overlaps it), then 0.1 to 0.15 us per record. So lookups win up to
// about 8 records in the memtable but only 1 in tables; at 2 they cost about what a scan does
// for a read as likely to find its records in either, and the ends of a list, which pops
// read, are where pushes have just written.
constexpr uint64_t kMaxPointReads = 2;

// Scan and ScanBackward, which serve searches, read windows of positions, each with one
// engine scan: a first small one, so that a search that stops early (LPOS, LINSERT, LREM)
// reads little, then doubling ones up to a cap. An engine scan copies the memtable's share of
// its whole range before it visits anything (stage 03), so one scan of a long list would cost
// a search that stops at its first element as much as a read of all of it. ScanBackward holds
// a window in memory to visit it backwards, which the cap bounds.
constexpr uint64_t kFirstWindow = 16;
constexpr uint64_t kMaxWindow = 1024;

Status PositionSpaceExhausted() { return Status::InvalidArgument("list position space exhausted"); }

}  // namespace

Result<List> List::Load(Keyspace& keyspace, int db, std::string_view key,
                        std::optional<ValueEnvelope> envelope) {
  ListMeta meta{.version = 0, .head = kListStartPosition, .size = 0};
  if (envelope) {
    STEPDB_ASSIGN_OR_RETURN(meta, DecodeListMeta(envelope->payload));
  }
  return List(keyspace, db, key, std::move(envelope), meta);
}

bool List::HasRoomAt(End end) const {
  if (meta_.size == UINT64_MAX) return false;
  if (end == End::kLeft) return meta_.head != 0;
  return meta_.size == 0 || meta_.head + (meta_.size - 1) != UINT64_MAX;
}

Status List::MissingElement() const {
  return Status::Corruption("list " + key_ + ": an element record is missing");
}

Result<std::string> List::ReadAt(uint64_t index) const {
  const uint64_t position = meta_.head + index;
  if (auto it = staged_.find(position); it != staged_.end()) {
    if (it->second) return *it->second;
  } else if (!fresh_) {
    STEPDB_ASSIGN_OR_RETURN(
        std::optional<std::string> stored,
        keyspace_->GetRecord(db_, key_, ListElementSuffix(meta_.version, position)));
    if (stored) return std::move(*stored);
  }
  return MissingElement();
}

Status List::Read(uint64_t first, uint64_t last, const ElementVisitor& visit) const {
  if (last - first < kMaxPointReads) {
    for (uint64_t index = first;; ++index) {
      STEPDB_ASSIGN_OR_RETURN(const std::string element, ReadAt(index));
      if (!visit(index, element) || index == last) return Status::Ok();
    }
  }
  // One engine scan of the stored records, merged with the staged positions, which win over
  // a stored record of the same position. A staged position the scan has no record of is
  // visited when the scan reaches the next record, or after the scan.
  auto staged = staged_.lower_bound(meta_.head + first);
  const auto staged_end = staged_.upper_bound(meta_.head + last);
  uint64_t index = first;  // the next one to visit
  bool stopped = false;
  // Visits the staged elements of the indexes from `index` up to `until` (excluded).
  auto visit_staged_before = [&](uint64_t until) {
    for (; index < until && !stopped; ++index, ++staged) {
      if (staged == staged_end || staged->first != meta_.head + index) return MissingElement();
      if (!staged->second) return Status::Corruption("list " + key_ + ": a hole in the list");
      stopped = !visit(index, *staged->second);
    }
    return Status::Ok();
  };
  const auto staged_count = static_cast<uint64_t>(std::distance(staged, staged_end));
  if (!fresh_ && staged_count <= last - first) {
    // 0 if the range ends at the last position of the space: then no bound but the prefix.
    const uint64_t end_position = meta_.head + last + 1;
    const std::string end = end_position == 0 ? "" : ListElementSuffix(meta_.version, end_position);
    Status merged;
    STEPDB_RETURN_IF_ERROR(keyspace_->ScanRecords(
        db_, key_, ElementPrefix(meta_.version),
        ListElementSuffix(meta_.version, meta_.head + first), end,
        static_cast<size_t>(last - first + 1),
        [&](std::string_view suffix, std::string_view value) {
          const std::optional<uint64_t> position = ParseListElementPosition(suffix);
          if (!position) return true;
          const uint64_t at = *position - meta_.head;
          merged = visit_staged_before(at);
          if (merged.ok() && !stopped) {
            if (staged != staged_end && staged->first == *position) {
              merged = visit_staged_before(at + 1);  // the staged element, not the record
            } else {
              stopped = !visit(at, value);
              ++index;
            }
          }
          return merged.ok() && !stopped;
        }));
    STEPDB_RETURN_IF_ERROR(merged);
  }
  return visit_staged_before(last + 1);
}

Result<std::optional<std::string>> List::At(uint64_t index) const {
  if (index >= meta_.size) return std::optional<std::string>();
  STEPDB_ASSIGN_OR_RETURN(std::string element, ReadAt(index));
  return std::optional<std::string>(std::move(element));
}

Status List::Scan(uint64_t first, uint64_t last, const ElementVisitor& visit) const {
  if (meta_.size == 0 || first >= meta_.size || first > last) return Status::Ok();
  last = std::min(last, meta_.size - 1);
  bool stopped = false;
  uint64_t window = kFirstWindow;
  uint64_t index = first;  // the first of the next window
  while (true) {
    const uint64_t window_last = last - index < window ? last : index + window - 1;
    STEPDB_RETURN_IF_ERROR(Read(index, window_last, [&](uint64_t at, std::string_view element) {
      stopped = !visit(at, element);
      return !stopped;
    }));
    if (stopped || window_last == last) return Status::Ok();
    index = window_last + 1;
    window = std::min(window * 2, kMaxWindow);
  }
}

Status List::ScanBackward(uint64_t last, uint64_t first, const ElementVisitor& visit) const {
  if (meta_.size == 0) return Status::Ok();
  last = std::min(last, meta_.size - 1);
  if (first > last) return Status::Ok();
  std::vector<std::string> elements;
  uint64_t window = kFirstWindow;
  uint64_t index = last;  // the next one to visit
  while (true) {
    const uint64_t window_first = index - first < window ? first : index - window + 1;
    elements.clear();
    elements.reserve(static_cast<size_t>(index - window_first + 1));
    STEPDB_RETURN_IF_ERROR(Read(window_first, index, [&](uint64_t, std::string_view element) {
      elements.emplace_back(element);
      return true;
    }));
    for (auto element = elements.rbegin(); element != elements.rend(); ++element, --index) {
      if (!visit(index, *element)) return Status::Ok();
    }
    if (window_first == first) return Status::Ok();
    window = std::min(window * 2, kMaxWindow);
  }
}

Result<std::vector<std::string>> List::Range(uint64_t first, uint64_t last) const {
  std::vector<std::string> elements;
  if (meta_.size == 0 || first >= meta_.size || first > last) return elements;
  last = std::min(last, meta_.size - 1);
  elements.reserve(static_cast<size_t>(last - first + 1));
  STEPDB_RETURN_IF_ERROR(Read(first, last, [&](uint64_t, std::string_view element) {
    elements.emplace_back(element);
    return true;
  }));
  return elements;
}

Status List::Range(uint64_t first, uint64_t last,
                   const std::function<void(std::string_view element)>& take) const {
  if (meta_.size == 0 || first >= meta_.size || first > last) return Status::Ok();
  return Read(first, std::min(last, meta_.size - 1), [&](uint64_t, std::string_view element) {
    take(element);
    return true;
  });
}

Status List::Push(End end, std::string element) {
  // BEGIN SOLUTION
  // STARTER: (void)end;
  // STARTER: (void)element;
  // STARTER: return Status::NotImplemented("stage 09: List::Push");
  if (!HasRoomAt(end)) return PositionSpaceExhausted();
  if (end == End::kLeft) {
    --meta_.head;
    staged_.insert_or_assign(meta_.head, std::move(element));
  } else {
    staged_.insert_or_assign(meta_.head + meta_.size, std::move(element));
  }
  ++meta_.size;
  return Status::Ok();
  // END SOLUTION
}

Result<std::vector<std::string>> List::Pop(End end, uint64_t count) {
  // BEGIN SOLUTION
  // STARTER: (void)end;
  // STARTER: (void)count;
  // STARTER: return Status::NotImplemented("stage 09: List::Pop");
  const uint64_t n = std::min(count, meta_.size);
  if (n == 0) return std::vector<std::string>();
  // The indexes that leave the list: [first, first + n).
  const uint64_t first = end == End::kLeft ? 0 : meta_.size - n;
  STEPDB_ASSIGN_OR_RETURN(std::vector<std::string> popped, Range(first, first + n - 1));
  if (end == End::kRight) std::reverse(popped.begin(), popped.end());  // the tail first
  for (uint64_t i = 0; i < n; ++i) staged_.insert_or_assign(meta_.head + first + i, std::nullopt);
  meta_.size -= n;
  if (meta_.size == 0) {
    // An empty list occupies no position: pushes that follow start in the middle again.
    meta_.head = kListStartPosition;
  } else if (end == End::kLeft) {
    meta_.head += n;
  }
  return popped;
  // END SOLUTION
}

Status List::Set(uint64_t index, std::string element) {
  staged_.insert_or_assign(meta_.head + index, std::move(element));
  return Status::Ok();
}

Status List::Insert(uint64_t index, std::string element) {
  if (index == 0) return Push(End::kLeft, std::move(element));
  if (index == meta_.size) return Push(End::kRight, std::move(element));
  if (index <= meta_.size - index) {
    // Fewer elements before index: they move one position to the left.
    if (!HasRoomAt(End::kLeft)) return PositionSpaceExhausted();
    STEPDB_ASSIGN_OR_RETURN(std::vector<std::string> before, Range(0, index - 1));
    --meta_.head;
    for (uint64_t i = 0; i < index; ++i) {
      staged_.insert_or_assign(meta_.head + i, std::move(before[static_cast<size_t>(i)]));
    }
  } else {
    // Fewer from index on: they move one position to the right.
    if (!HasRoomAt(End::kRight)) return PositionSpaceExhausted();
    STEPDB_ASSIGN_OR_RETURN(std::vector<std::string> after, Range(index, meta_.size - 1));
    for (uint64_t i = 0; i < after.size(); ++i) {
      staged_.insert_or_assign(meta_.head + index + 1 + i,
                               std::move(after[static_cast<size_t>(i)]));
    }
  }
  staged_.insert_or_assign(meta_.head + index, std::move(element));
  ++meta_.size;
  return Status::Ok();
}

Status List::Remove(std::span<const uint64_t> indexes) {
  const uint64_t removed = indexes.size();
  if (removed == 0) return Status::Ok();
  if (removed == meta_.size) {
    Clear();
    return Status::Ok();
  }
  // The gaps close towards the longest run of survivors, which stays where it is: runs i < m
  // (the survivors before indexes[m - 1]) move right, those after indexes[m] move left.
  // Run i lies between indexes[i - 1] and indexes[i] (the first before indexes[0], the last
  // after indexes[removed - 1]).
  size_t m = 0;
  uint64_t longest = indexes[0];
  for (size_t i = 1; i <= removed; ++i) {
    const uint64_t run =
        i == removed ? meta_.size - 1 - indexes[i - 1] : indexes[i] - indexes[i - 1] - 1;
    if (run > longest) {
      longest = run;
      m = i;
    }
  }
  std::vector<std::string> left;
  std::vector<std::string> right;
  if (m > 0) {
    STEPDB_ASSIGN_OR_RETURN(left, Range(0, indexes[m - 1]));
  }
  if (m < removed) {
    STEPDB_ASSIGN_OR_RETURN(right, Range(indexes[m], meta_.size - 1));
  }

  const uint64_t head = meta_.head;
  // Left side, walked from indexes[m - 1] down: each survivor moves right by the number of
  // removed indexes after it; the first m positions empty.
  size_t next_removed = m;  // indexes[next_removed - 1] is the next removed one going down
  uint64_t shift = 0;
  for (uint64_t index = left.size(); index-- > 0;) {
    if (next_removed > 0 && indexes[next_removed - 1] == index) {
      --next_removed;
      ++shift;
      continue;
    }
    staged_.insert_or_assign(head + index + shift, std::move(left[static_cast<size_t>(index)]));
  }
  for (uint64_t i = 0; i < m; ++i) staged_.insert_or_assign(head + i, std::nullopt);
  // Right side, walked from indexes[m] up: each survivor moves left by the number of removed
  // indexes before it; the last removed - m positions empty.
  next_removed = m;
  shift = 0;
  for (uint64_t i = 0; i < right.size(); ++i) {
    const uint64_t index = indexes[m] + i;
    if (next_removed < removed && indexes[next_removed] == index) {
      ++next_removed;
      ++shift;
      continue;
    }
    staged_.insert_or_assign(head + index - shift, std::move(right[static_cast<size_t>(i)]));
  }
  for (uint64_t i = meta_.size - (removed - m); i < meta_.size; ++i) {
    staged_.insert_or_assign(head + i, std::nullopt);
  }
  meta_.head = head + m;
  meta_.size -= removed;
  return Status::Ok();
}

Status List::Trim(uint64_t first, uint64_t last) {
  if (first > last || first >= meta_.size) {
    Clear();
    return Status::Ok();
  }
  last = std::min(last, meta_.size - 1);
  const uint64_t kept = last - first + 1;
  const uint64_t removed = meta_.size - kept;
  if (removed == 0) return Status::Ok();
  if (removed <= kept) {
    for (uint64_t i = 0; i < first; ++i) staged_.insert_or_assign(meta_.head + i, std::nullopt);
    for (uint64_t i = last + 1; i < meta_.size; ++i) {
      staged_.insert_or_assign(meta_.head + i, std::nullopt);
    }
    meta_.head += first;
    meta_.size = kept;
    return Status::Ok();
  }
  // Fewer kept than removed: write the kept ones again under a new version, which leaves the
  // whole old version stale.
  STEPDB_ASSIGN_OR_RETURN(std::vector<std::string> elements, Range(first, last));
  Clear();
  for (std::string& element : elements) {
    staged_.insert_or_assign(meta_.head + meta_.size, std::move(element));
    ++meta_.size;
  }
  return Status::Ok();
}

void List::Clear() {
  fresh_ = true;
  staged_.clear();
  meta_.head = kListStartPosition;
  meta_.size = 0;
}

void List::AddTo(Keyspace::Batch* batch) {
  if (staged_.empty() && !fresh_) return;
  if (meta_.size == 0) {
    // Empty lists do not exist; the records left behind are stale with their key.
    if (exists()) batch->Delete(db_, key_, /*existed=*/true);
    envelope_.reset();
    meta_ = ListMeta{.version = 0, .head = kListStartPosition, .size = 0};
  } else {
    const bool new_version = fresh_ || !exists();
    ValueEnvelope envelope = exists() ? *envelope_ : ValueEnvelope{};
    envelope.type = ValueType::kList;
    if (new_version) meta_.version = keyspace_->NextCas();
    envelope.payload.clear();
    EncodeListMeta(meta_, &envelope.payload);
    batch->Put(db_, key_, envelope, /*existed=*/exists());
    for (auto& [position, element] : staged_) {
      std::string suffix = ListElementSuffix(meta_.version, position);
      if (element) {
        batch->PutRecord(db_, key_, std::move(suffix), std::move(*element));
      } else if (!new_version) {
        batch->DeleteRecord(db_, key_, std::move(suffix));
      }
    }
    envelope_ = std::move(envelope);
  }
  fresh_ = false;
  staged_.clear();
}

Status List::Commit() {
  Keyspace::Batch batch;
  AddTo(&batch);
  if (batch.empty()) return Status::Ok();
  return keyspace_->Apply(batch);
}

}  // namespace stepdb
