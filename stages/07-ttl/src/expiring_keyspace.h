// ExpiringKeyspace: stage 06's keyspace, in which a key whose time to live has passed is gone.
//
// Stage 06 already stores an expiry with every value (the envelope's expire_at_ms, an absolute
// unix time in milliseconds) and sets it from SET EX, Memcached's exptime and the rest; but a
// key there lives until it is deleted. This keyspace makes the stored expiry act. A key is
// *expired* once its expiry is due, expire_at_ms <= now (the clock, clock.h); from that
// moment no command sees it, and it leaves the disk three ways:
//
//   1. lazily: a command that reaches the key (GET, EXISTS, SET, TYPE, ...) finds it due,
//      deletes it and goes on as if it had never been there (Redis's expireIfNeeded);
//   2. actively: ExpireDue deletes due keys, oldest expiry first, a batch at a time; the
//      server calls it from its loop (active_expiry.h), so keys nobody reads go too;
//   3. by compaction: ExpiredValueFilter (expiry_filter.h) drops due values from the tables
//      as compaction rewrites them, without any read.
//
// The volatile-key index. Every key with an expiry is held in memory, per database, twice:
// ordered by (expiry, key), so that the due keys are the front of the order and ExpireDue
// finds them without searching; and by key, so that a lookup learns in O(1) whether the key
// it reaches is due without decoding anything. The index is built at Open from the scan that
// counts the keys (OnKeyCounted), and every write keeps it exact: a value stored with an
// expiry enters it, a value stored without one or a deletion leaves it. It costs about
// 124 bytes per key with an expiry whose name fits in 15 bytes, and the name's length more
// for a longer one (keys without an expiry cost nothing); the chapter sets that against
// Redis's sampling of a hash table it keeps anyway.
//
// Counts. A due key stays in the engine, and in stage 06's key count, until one of the three
// ways deletes it; KeyCount subtracts the due keys still in the index, so DBSIZE and INFO
// keyspace never count an expired key.
//
// Why a due key is deleted before a write touches it (Apply): the base keyspace keeps its
// counts by asking the engine whether the key existed, and a due key that the compaction
// filter has already dropped would answer "no" while the count still holds it. Deleting it
// through the index first (existed = true, since the index holds only counted keys) keeps
// the count exact whichever way the key went.
//
// An expired key never comes back: not after a restart (the index is rebuilt from the stored
// expiries, so a key that fell due while the server was down is due at once), not after a
// crash that lost a lazy deletion (the value is still due), not after a compaction (the
// filter turns a due value into a tombstone while an older version may lie deeper). Only a
// wall clock set back can make a due key live again, for as long as the step.
//
// Thread safety: not thread-safe, like the keyspace: the server calls it from its loop.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "clock.h"
#include "keyspace.h"

namespace stepdb {

class ExpiringKeyspace final : public Keyspace {
 public:
  // As Keyspace::Open, with the clock that decides what is due (it must outlive the keyspace).
  static Result<std::unique_ptr<ExpiringKeyspace>> Open(Engine* engine, DeadDatabaseFilter* filter,
                                                        const KeyspaceOptions& options,
                                                        const Clock* clock);

  // Keyspace, with due keys deleted as they are reached (lazy expiry) and never shown.
  Result<std::optional<ValueEnvelope>> Get(int db, std::string_view key) override;
  Result<bool> Exists(int db, std::string_view key) override;
  Status Apply(const Batch& batch) override;
  // Visits at most `limit` keys that are not due; due keys are skipped, not deleted.
  Status Scan(int db, std::string_view start, size_t limit, const Visitor& visit) override;
  uint64_t KeyCount(int db) const override;
  uint64_t VolatileKeyCount(int db) const override;
  int64_t AverageTtlMs(int db) const override;
  Status FlushDb(int db) override;
  Status FlushAll() override;
  Status SwapDb(int a, int b) override;

  // Active expiry: deletes at most max_keys due keys in one engine batch, the earliest
  // expiries first, and returns how many it deleted (0: nothing is due).
  Result<size_t> ExpireDue(size_t max_keys);

  // Keys deleted because they were due, since Open (INFO stats' expired_keys counts them
  // through on_expired).
  uint64_t expired_keys() const { return expired_keys_; }
  // Called once per key deleted because it was due, lazily or actively.
  void set_on_expired(std::function<void()> on_expired) { on_expired_ = std::move(on_expired); }

  // DEBUG SET-ACTIVE-EXPIRE 0|1: whether the server's active cycle runs (lazy expiry and the
  // compaction filter always act). On at Open.
  bool active_expire_enabled() const { return active_expire_enabled_; }
  void set_active_expire_enabled(bool enabled) { active_expire_enabled_ = enabled; }

  const Clock* clock() const { return clock_; }

 protected:
  void OnKeyCounted(int db, std::string_view key, std::string_view envelope) override;

 private:
  // The keys of one database that have an expiry.
  struct VolatileKeys {
    using Order = std::set<std::pair<int64_t, std::string>>;
    Order by_time;  // (expire_at_ms, key), earliest first
    // key -> its entry in by_time; the views point into by_time's strings.
    std::unordered_map<std::string_view, Order::iterator> by_key;
    long double sum_expire_at_ms = 0;  // for AverageTtlMs

    // The expiry of key, or 0 if it has none.
    int64_t ExpiryOf(std::string_view key) const;
    void Set(std::string_view key, int64_t expire_at_ms);
    void Erase(std::string_view key);
    // How many keys are due at now_ms.
    uint64_t DueCount(int64_t now_ms) const;
  };

  ExpiringKeyspace(Engine* engine, DeadDatabaseFilter* filter, const KeyspaceOptions& options,
                   const Clock* clock);

  VolatileKeys& volatile_keys(int db) { return volatile_[static_cast<size_t>(db)]; }
  const VolatileKeys& volatile_keys(int db) const { return volatile_[static_cast<size_t>(db)]; }
  // Deletes key if the index says it is due; true iff it did.
  Result<bool> ExpireIfDue(int db, std::string_view key);
  // Deletes due keys of db that the index holds, in one engine write, takes them out of the
  // index and counts them as expired. The keys may view the index's own strings.
  Status DeleteExpired(int db, std::span<const std::string_view> keys);

  const Clock* const clock_;
  std::vector<VolatileKeys> volatile_;  // database number -> its keys with an expiry
  size_t next_db_to_expire_ = 0;        // ExpireDue starts here, so every database gets turns
  uint64_t expired_keys_ = 0;
  std::function<void()> on_expired_;
  bool active_expire_enabled_ = true;
};

}  // namespace stepdb
