#include "expiring_keyspace.h"

#include <algorithm>

namespace stepdb {

int64_t ExpiringKeyspace::VolatileKeys::ExpiryOf(std::string_view key) const {
  auto it = by_key.find(key);
  return it == by_key.end() ? 0 : it->second->first;
}

void ExpiringKeyspace::VolatileKeys::Set(std::string_view key, int64_t expire_at_ms) {
  Erase(key);
  auto [entry, inserted] = by_time.emplace(expire_at_ms, std::string(key));
  by_key.emplace(entry->second, entry);
  sum_expire_at_ms += static_cast<long double>(expire_at_ms);
}

void ExpiringKeyspace::VolatileKeys::Erase(std::string_view key) {
  auto it = by_key.find(key);
  if (it == by_key.end()) return;
  const Order::iterator entry = it->second;
  sum_expire_at_ms -= static_cast<long double>(entry->first);
  by_key.erase(it);  // before the entry whose string its key views
  by_time.erase(entry);
}

uint64_t ExpiringKeyspace::VolatileKeys::DueCount(int64_t now_ms) const {
  uint64_t due = 0;
  for (auto it = by_time.begin(); it != by_time.end() && IsExpired(it->first, now_ms); ++it) {
    ++due;
  }
  return due;
}

ExpiringKeyspace::ExpiringKeyspace(Engine* engine, DeadDatabaseFilter* filter,
                                   const KeyspaceOptions& options, const Clock* clock)
    : Keyspace(engine, filter, options), clock_(clock) {}

Result<std::unique_ptr<ExpiringKeyspace>> ExpiringKeyspace::Open(Engine* engine,
                                                                 DeadDatabaseFilter* filter,
                                                                 const KeyspaceOptions& options,
                                                                 const Clock* clock) {
  std::unique_ptr<ExpiringKeyspace> keyspace(new ExpiringKeyspace(engine, filter, options, clock));
  keyspace->volatile_.resize(static_cast<size_t>(std::clamp(options.databases, 0, 1024)));
  STEPDB_RETURN_IF_ERROR(keyspace->Load());
  return keyspace;
}

void ExpiringKeyspace::OnKeyCounted(int db, std::string_view key, std::string_view envelope) {
  const int64_t expire_at_ms = EnvelopeExpireAt(envelope);
  if (expire_at_ms != 0) volatile_keys(db).Set(key, expire_at_ms);
}

Result<bool> ExpiringKeyspace::ExpireIfDue(int db, std::string_view key) {
  // BEGIN SOLUTION
  // STARTER: (void)db;
  // STARTER: (void)key;
  // STARTER: return Status::NotImplemented("stage 07: ExpiringKeyspace::ExpireIfDue");
  const VolatileKeys& keys = volatile_keys(db);
  if (keys.by_key.empty() || !IsExpired(keys.ExpiryOf(key), clock_->NowMs())) return false;
  STEPDB_RETURN_IF_ERROR(DeleteExpired(db, std::span<const std::string_view>(&key, 1)));
  return true;
  // END SOLUTION
}

Status ExpiringKeyspace::DeleteExpired(int db, std::span<const std::string_view> keys) {
  // The index holds only keys that were counted, so each exists for the keyspace's counts,
  // even if compaction has already dropped its value.
  STEPDB_RETURN_IF_ERROR(DeleteExisting(db, keys));
  VolatileKeys& index = volatile_keys(db);
  // Erase destroys the string a key may view, so each key is used before its own Erase only.
  for (std::string_view key : keys) index.Erase(key);
  expired_keys_ += keys.size();
  if (on_expired_) {
    for (size_t i = 0; i < keys.size(); ++i) on_expired_();
  }
  return Status::Ok();
}

Result<std::optional<ValueEnvelope>> ExpiringKeyspace::Get(int db, std::string_view key) {
  STEPDB_ASSIGN_OR_RETURN(bool expired, ExpireIfDue(db, key));
  if (expired) return std::optional<ValueEnvelope>();
  return Keyspace::Get(db, key);
}

Result<bool> ExpiringKeyspace::Exists(int db, std::string_view key) {
  STEPDB_ASSIGN_OR_RETURN(bool expired, ExpireIfDue(db, key));
  if (expired) return false;
  return Keyspace::Exists(db, key);
}

Status ExpiringKeyspace::Apply(const Batch& batch) {
  // BEGIN SOLUTION
  // STARTER: (void)batch;
  // STARTER: return Status::NotImplemented("stage 07: ExpiringKeyspace::Apply");
  for (const Batch::Op& op : batch.ops()) {
    STEPDB_RETURN_IF_ERROR(ExpireIfDue(op.db, op.key).status());
  }
  STEPDB_RETURN_IF_ERROR(Keyspace::Apply(batch));
  for (const Batch::Op& op : batch.ops()) {
    VolatileKeys& index = volatile_keys(op.db);
    if (op.value && op.value->expire_at_ms != 0) {
      index.Set(op.key, op.value->expire_at_ms);
    } else {
      index.Erase(op.key);
    }
  }
  return Status::Ok();
  // END SOLUTION
}

Status ExpiringKeyspace::Scan(int db, std::string_view start, size_t limit, const Visitor& visit) {
  // The limit counts the keys visited, so the engine's scan is not limited: a run of due keys
  // must not end a SCAN early.
  const int64_t now_ms = clock_->NowMs();
  size_t visited = 0;
  if (limit == 0) return Status::Ok();
  return Keyspace::Scan(db, start, SIZE_MAX, [&](std::string_view key, std::string_view envelope) {
    if (IsExpired(EnvelopeExpireAt(envelope), now_ms)) return true;
    return visit(key, envelope) && ++visited < limit;
  });
}

uint64_t ExpiringKeyspace::KeyCount(int db) const {
  return Keyspace::KeyCount(db) - volatile_keys(db).DueCount(clock_->NowMs());
}

uint64_t ExpiringKeyspace::VolatileKeyCount(int db) const {
  const VolatileKeys& keys = volatile_keys(db);
  return keys.by_key.size() - keys.DueCount(clock_->NowMs());
}

int64_t ExpiringKeyspace::AverageTtlMs(int db) const {
  // The mean of the expiries that are not due, less now. The due keys are the front of the
  // order, so they are taken out of the sum by walking just them.
  const VolatileKeys& keys = volatile_keys(db);
  const int64_t now_ms = clock_->NowMs();
  long double sum = keys.sum_expire_at_ms;
  size_t live = keys.by_time.size();
  for (auto it = keys.by_time.begin(); it != keys.by_time.end() && IsExpired(it->first, now_ms);
       ++it) {
    sum -= static_cast<long double>(it->first);
    --live;
  }
  if (live == 0) return 0;
  return std::max<int64_t>(0, static_cast<int64_t>(sum / static_cast<long double>(live)) - now_ms);
}

Result<size_t> ExpiringKeyspace::ExpireDue(size_t max_keys) {
  // BEGIN SOLUTION
  // STARTER: (void)max_keys;
  // STARTER: return Status::NotImplemented("stage 07: ExpiringKeyspace::ExpireDue");
  const int64_t now_ms = clock_->NowMs();
  size_t deleted = 0;
  for (size_t turn = 0; turn < volatile_.size() && deleted < max_keys; ++turn) {
    const int db = static_cast<int>(next_db_to_expire_);
    next_db_to_expire_ = (next_db_to_expire_ + 1) % volatile_.size();
    std::vector<std::string_view> due;  // views of the index's strings, the earliest first
    const VolatileKeys& keys = volatile_keys(db);
    for (auto it = keys.by_time.begin(); it != keys.by_time.end() && IsExpired(it->first, now_ms) &&
                                         deleted + due.size() < max_keys;
         ++it) {
      due.push_back(it->second);
    }
    if (due.empty()) continue;
    STEPDB_RETURN_IF_ERROR(DeleteExpired(db, due));
    deleted += due.size();
  }
  return deleted;
  // END SOLUTION
}

Status ExpiringKeyspace::FlushDb(int db) {
  STEPDB_RETURN_IF_ERROR(Keyspace::FlushDb(db));
  volatile_keys(db) = VolatileKeys();
  return Status::Ok();
}

Status ExpiringKeyspace::FlushAll() {
  STEPDB_RETURN_IF_ERROR(Keyspace::FlushAll());
  for (VolatileKeys& keys : volatile_) keys = VolatileKeys();
  return Status::Ok();
}

Status ExpiringKeyspace::SwapDb(int a, int b) {
  STEPDB_RETURN_IF_ERROR(Keyspace::SwapDb(a, b));
  std::swap(volatile_keys(a), volatile_keys(b));
  return Status::Ok();
}

}  // namespace stepdb
