#include "collection.h"

#include <algorithm>
#include <set>

namespace stepdb {

Result<Collection> Collection::Load(Keyspace& keyspace, int db, std::string_view key,
                                    ValueType type, std::optional<ValueEnvelope> envelope) {
  CollectionMeta meta;
  if (envelope) {
    STEPDB_ASSIGN_OR_RETURN(meta, DecodeCollectionMeta(envelope->payload));
  }
  return Collection(keyspace, db, key, type, std::move(envelope), meta);
}

Collection Collection::Replacing(Keyspace& keyspace, int db, std::string_view key, ValueType type,
                                 bool key_exists) {
  Collection collection(keyspace, db, key, type, std::nullopt, CollectionMeta{});
  collection.replaces_ = key_exists;
  collection.cleared_ = true;
  return collection;
}

Result<std::optional<std::string>> Collection::Get(std::string_view element) const {
  if (auto it = staged_.find(element); it != staged_.end()) return it->second;
  if (!exists() || cleared_) return std::optional<std::string>();
  if (auto it = read_.find(element); it != read_.end()) return it->second;
  STEPDB_ASSIGN_OR_RETURN(std::optional<std::string> value,
                          keyspace_->GetRecord(db_, key_, ElementSuffix(meta_.version, element)));
  read_.emplace(std::string(element), value);
  return value;
}

Result<bool> Collection::Contains(std::string_view element) const {
  STEPDB_ASSIGN_OR_RETURN(std::optional<std::string> value, Get(element));
  return value.has_value();
}

Status Collection::Scan(std::string_view start, size_t limit, const ElementVisitor& visit) const {
  if (!exists() || limit == 0) return Status::Ok();
  const std::string prefix = ElementPrefix(meta_.version);
  bool stopped = false;
  size_t visited = 0;
  auto scan = [&](std::string_view from, std::string_view to) {
    return keyspace_->ScanRecords(db_, key_, prefix, from, to, limit - visited,
                                  [&](std::string_view suffix, std::string_view value) {
                                    const std::optional<ElementSuffixParts> parts =
                                        ParseElementSuffix(suffix);
                                    if (!parts) return true;
                                    ++visited;
                                    stopped = !visit(parts->element, value);
                                    return !stopped;
                                  });
  };
  if (limit >= meta_.size / 4 || meta_.size <= kSmallCollection) return scan(start, "");
  // Windows of the hash space from start's hash on: [hash, hash + width), width doubling.
  uint64_t hash = 0;
  if (start.size() >= 16) hash = ParseElementSuffix(start)->hash;
  const uint64_t per_element = UINT64_MAX / meta_.size;
  uint64_t width = per_element * 2 * limit;  // limit < size / 4: no overflow
  std::string from(start);
  while (true) {
    const bool last = hash > UINT64_MAX - width;  // the window reaches the end of the space
    const std::string to = last ? "" : ElementSeek(meta_.version, hash + width);
    STEPDB_RETURN_IF_ERROR(scan(from, to));
    if (stopped || visited >= limit || last) return Status::Ok();
    from = to;
    hash += width;
    width = width > UINT64_MAX / 2 ? UINT64_MAX : width * 2;
  }
}

Result<std::vector<Collection::Element>> Collection::ReadAll() const {
  std::vector<Element> elements;
  elements.reserve(meta_.size);
  STEPDB_RETURN_IF_ERROR(Scan("", SIZE_MAX, [&](std::string_view element, std::string_view value) {
    elements.emplace_back(element, value);
    return true;
  }));
  return elements;
}

Result<std::vector<Collection::Element>> Collection::RandomElements(uint64_t count, bool distinct,
                                                                    std::mt19937_64& random) const {
  std::vector<Element> picked;
  if (!exists() || count == 0) return picked;
  if (meta_.size <= kSmallCollection || count >= meta_.size / 2) {
    STEPDB_ASSIGN_OR_RETURN(std::vector<Element> all, ReadAll());
    if (all.empty()) return picked;
    if (distinct) {
      // A partial Fisher-Yates shuffle: the first `count` places get a uniform sample.
      const size_t take = static_cast<size_t>(std::min<uint64_t>(count, all.size()));
      for (size_t i = 0; i < take; ++i) {
        std::uniform_int_distribution<size_t> pick(i, all.size() - 1);
        std::swap(all[i], all[pick(random)]);
      }
      all.resize(take);
      return all;
    }
    std::uniform_int_distribution<size_t> pick(0, all.size() - 1);
    for (uint64_t i = 0; i < count; ++i) picked.push_back(all[pick(random)]);
    return picked;
  }
  // A large collection: one seek per pick. The element at or after a random hash, or the
  // first element when the point lies after the last one.
  auto seek = [&](uint64_t hash, std::optional<Element>* found) -> Status {
    auto take = [&](std::string_view element, std::string_view value) {
      found->emplace(element, value);
      return false;
    };
    STEPDB_RETURN_IF_ERROR(Scan(ElementSeek(meta_.version, hash), 1, take));
    if (!found->has_value()) STEPDB_RETURN_IF_ERROR(Scan("", 1, take));
    return Status::Ok();
  };
  std::set<std::string, std::less<>> seen;
  // Distinct picks may meet an element twice; after a bounded number of tries the rest are
  // the elements that follow a random point, in order.
  const uint64_t tries = distinct ? 4 * count + 16 : count;
  for (uint64_t i = 0; i < tries && picked.size() < count; ++i) {
    std::optional<Element> found;
    STEPDB_RETURN_IF_ERROR(seek(random(), &found));
    if (!found) return picked;
    if (distinct && !seen.insert(found->first).second) continue;
    picked.push_back(std::move(*found));
  }
  if (picked.size() < count) {
    const std::string start = ElementSeek(meta_.version, random());
    auto fill = [&](std::string_view element, std::string_view value) {
      if (seen.insert(std::string(element)).second) picked.emplace_back(element, value);
      return picked.size() < count;
    };
    STEPDB_RETURN_IF_ERROR(Scan(start, SIZE_MAX, fill));
    if (picked.size() < count) STEPDB_RETURN_IF_ERROR(Scan("", SIZE_MAX, fill));
  }
  return picked;
}

Result<bool> Collection::Put(std::string_view element, std::string value) {
  STEPDB_ASSIGN_OR_RETURN(bool existed, Contains(element));
  staged_.insert_or_assign(std::string(element), std::move(value));
  if (!existed) ++size_;
  return !existed;
}

Result<bool> Collection::Remove(std::string_view element) {
  STEPDB_ASSIGN_OR_RETURN(bool existed, Contains(element));
  if (!existed) return false;
  staged_.insert_or_assign(std::string(element), std::nullopt);
  --size_;
  return true;
}

void Collection::Clear() {
  cleared_ = true;
  staged_.clear();
  size_ = 0;
}

void Collection::AddTo(Keyspace::Batch* batch) {
  read_.clear();  // the batch is about to change what the engine holds
  // BEGIN SOLUTION
  // STARTER: (void)batch;
  // STARTER: staged_.clear();  // writes nothing: every change a command made is lost
  if (staged_.empty() && !cleared_) return;
  const bool key_exists = exists() || replaces_;
  replaces_ = false;
  if (size_ == 0) {
    // Empty collections do not exist; the old elements are stale with their key.
    if (key_exists) batch->Delete(db_, key_, /*existed=*/true);
    envelope_.reset();
    meta_ = CollectionMeta{};
  } else {
    const bool fresh = !exists() || cleared_;
    ValueEnvelope envelope;
    if (!fresh) envelope = *envelope_;
    envelope.type = type_;
    if (fresh) meta_.version = keyspace_->NextCas();
    meta_.size = size_;
    envelope.payload.clear();
    EncodeCollectionMeta(meta_, &envelope.payload);
    batch->Put(db_, key_, envelope, /*existed=*/key_exists);
    for (auto& [element, value] : staged_) {
      std::string suffix = ElementSuffix(meta_.version, element);
      if (value) {
        batch->PutRecord(db_, key_, std::move(suffix), std::move(*value));
      } else if (!fresh) {
        batch->DeleteRecord(db_, key_, std::move(suffix));
      }
    }
    envelope_ = std::move(envelope);
  }
  cleared_ = false;
  staged_.clear();
  // END SOLUTION
}

Status Collection::Commit() {
  Keyspace::Batch batch;
  AddTo(&batch);
  if (batch.empty()) return Status::Ok();
  return keyspace_->Apply(batch);
}

}  // namespace stepdb
