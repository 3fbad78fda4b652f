#include "list.h"

#include <algorithm>
#include <utility>

#include "collection_encoding.h"

namespace stepdb {
namespace {

// Scans read the engine in windows of positions: a first small one, so that a reader that
// stops early (LPOS, LINDEX-like peeks, a pop of one) reads little, then doubling ones up to a
// cap, so that a long scan costs one engine scan per kMaxWindow elements. A window bounds the
// engine's range as well as its count, which keeps the part of the memtable a scan copies
// small.
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

Status List::ReadPositions(uint64_t from, uint64_t to, std::vector<std::string>* out) const {
  const auto first_staged = staged_.lower_bound(from);
  const auto end_staged = staged_.upper_bound(to);
  const auto staged_count = static_cast<uint64_t>(std::distance(first_staged, end_staged));
  std::vector<std::pair<uint64_t, std::string>> stored;
  if (!fresh_ && staged_count <= to - from) {
    const std::string end = to == UINT64_MAX ? "" : ListElementSuffix(meta_.version, to + 1);
    STEPDB_RETURN_IF_ERROR(keyspace_->ScanRecords(
        db_, key_, ElementPrefix(meta_.version), ListElementSuffix(meta_.version, from), end,
        static_cast<size_t>(to - from + 1), [&](std::string_view suffix, std::string_view value) {
          if (std::optional<uint64_t> position = ParseListElementPosition(suffix)) {
            stored.emplace_back(*position, value);
          }
          return true;
        }));
  }
  auto staged = first_staged;
  size_t next_stored = 0;
  for (uint64_t position = from;; ++position) {
    if (staged != end_staged && staged->first == position) {
      if (!staged->second) return Status::Corruption("list " + key_ + ": a hole in the list");
      out->push_back(*staged->second);
      ++staged;
    } else {
      while (next_stored < stored.size() && stored[next_stored].first < position) ++next_stored;
      if (next_stored == stored.size() || stored[next_stored].first != position) {
        return Status::Corruption("list " + key_ + ": an element record is missing");
      }
      out->push_back(std::move(stored[next_stored].second));
      ++next_stored;
    }
    if (position == to) return Status::Ok();
  }
}

Result<std::optional<std::string>> List::At(uint64_t index) const {
  if (index >= meta_.size) return std::optional<std::string>();
  const uint64_t position = meta_.head + index;
  if (auto it = staged_.find(position); it != staged_.end()) {
    if (it->second) return it->second;
  } else if (!fresh_) {
    STEPDB_ASSIGN_OR_RETURN(
        std::optional<std::string> stored,
        keyspace_->GetRecord(db_, key_, ListElementSuffix(meta_.version, position)));
    if (stored) return stored;
  }
  return Status::Corruption("list " + key_ + ": an element record is missing");
}

Status List::Scan(uint64_t first, uint64_t last, const ElementVisitor& visit) const {
  if (meta_.size == 0 || first >= meta_.size || first > last) return Status::Ok();
  last = std::min(last, meta_.size - 1);
  std::vector<std::string> elements;
  uint64_t window = kFirstWindow;
  uint64_t index = first;
  while (true) {
    const uint64_t window_last = last - index < window ? last : index + window - 1;
    elements.clear();
    STEPDB_RETURN_IF_ERROR(ReadPositions(meta_.head + index, meta_.head + window_last, &elements));
    for (const std::string& element : elements) {
      if (!visit(index, element)) return Status::Ok();
      ++index;
    }
    if (window_last == last) return Status::Ok();
    window = std::min(window * 2, kMaxWindow);
  }
}

Status List::ScanBackward(uint64_t last, uint64_t first, const ElementVisitor& visit) const {
  if (meta_.size == 0) return Status::Ok();
  last = std::min(last, meta_.size - 1);
  if (first > last) return Status::Ok();
  // The engine scans forwards only: read windows that end at `index`, each visited backwards.
  std::vector<std::string> elements;
  uint64_t window = kFirstWindow;
  uint64_t index = last;
  while (true) {
    const uint64_t window_first = index - first < window ? first : index - window + 1;
    elements.clear();
    STEPDB_RETURN_IF_ERROR(ReadPositions(meta_.head + window_first, meta_.head + index, &elements));
    for (auto element = elements.rbegin(); element != elements.rend(); ++element) {
      if (!visit(index, *element)) return Status::Ok();
      if (index == window_first) break;
      --index;
    }
    if (window_first == first) return Status::Ok();
    index = window_first - 1;
    window = std::min(window * 2, kMaxWindow);
  }
}

Result<std::vector<std::string>> List::Range(uint64_t first, uint64_t last) const {
  std::vector<std::string> elements;
  STEPDB_RETURN_IF_ERROR(Scan(first, last, [&](uint64_t, std::string_view element) {
    elements.emplace_back(element);
    return true;
  }));
  return elements;
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
  std::vector<std::string> popped;
  if (n == 0) return popped;
  popped.reserve(static_cast<size_t>(n));
  auto take = [&](uint64_t, std::string_view element) {
    popped.emplace_back(element);
    return true;
  };
  // The positions that leave the list, from the end inwards: [from, from + n).
  uint64_t from = 0;
  if (end == End::kLeft) {
    STEPDB_RETURN_IF_ERROR(Scan(0, n - 1, take));
    from = meta_.head;
  } else {
    STEPDB_RETURN_IF_ERROR(ScanBackward(meta_.size - 1, meta_.size - n, take));
    from = meta_.head + (meta_.size - n);
  }
  for (uint64_t i = 0; i < n; ++i) staged_.insert_or_assign(from + i, std::nullopt);
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
