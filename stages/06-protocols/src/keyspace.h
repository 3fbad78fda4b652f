// Keyspace: Redis's numbered databases and their keys, laid out on one ordered engine.
//
// The engine below (stage 05's LeveledEngine) knows one flat, sorted space of byte keys. The
// keyspace maps onto it the things a Redis or Memcached server needs: sixteen databases, a key
// per name, an envelope per value (value_envelope.h), and a count of keys per database.
//
//   engine key := 'M' name                       the keyspace's own records ("databases")
//               | 'K' db_id:fixed64-big-endian key  a key of the database whose id is db_id
//               | 'S' db_id:fixed64-big-endian key_length:fixed32-big-endian key suffix
//                                                  a record below a key (stage 08's elements)
//
// A record below a key belongs to the type that the key's envelope names: stage 08 keeps each
// element of a hash or a set in one, so that a collection larger than memory lives on the
// engine. The keyspace only stores them, in the same atomic engine write as the key's own
// change (Batch::PutRecord), and reads them back; it counts none of them, and what makes one
// stale (its key deleted or replaced) is the type's business. The key's length comes first so
// that no key's records can be mistaken for another's: "ab" + suffix "c" and "a" + "bc" differ
// in their length bytes. Records live outside the 'K' range, so SCAN, KEYS and the key counts
// never meet them.
//
// The database *number* a client SELECTs (0..15) is not in the key: each number maps to a
// database *id*, and the map is one record, M"databases". Ids are handed out in increasing
// order and never reused. That makes the three whole-database commands O(1) on the request
// path, whatever the database holds:
//
//   FLUSHDB n    number n gets a fresh, empty id; the old id's keys are now unreachable
//   FLUSHALL     every number gets a fresh id
//   SWAPDB a b   the ids of a and b trade places
//
// Each is one write of the map record (and one log sync, see below). The unreachable keys stay
// on disk until compaction meets them: the DeadDatabaseFilter (compaction_filter.h, stage 05's
// hook) drops every 'K' entry whose id is no longer mapped. Since ids are never reused, an id
// that is dead stays dead, so the filter can never drop a live key. The filter learns of a new
// dead id only after the map record that killed it was synced to the log: a crash can undo a
// FLUSHDB that was not yet durable, and the flushed keys must then still be there.
//
// Byte order of big-endian ids keeps each database's keys in one contiguous range, sorted by
// key name, which SCAN and KEYS walk in order (scan cursors are positions in that order).
//
// Key counts (DBSIZE, INFO keyspace) are kept in memory: counted once at Open (a scan of every
// live database, logged as it goes) and updated by each write, which therefore looks up
// whether its key existed before, unless its caller says so: a command that has just read the
// key (INCR, APPEND, SET ... GET, DEL) knows, and since commands run one at a time nothing can
// have changed it in between.
//
// A later stage changes what the keyspace means without copying it: the methods a command
// calls are virtual, and a subclass (stage 07's ExpiringKeyspace, which hides and deletes
// keys whose time to live has passed) overrides them, calls these for the storage, and
// learns of every stored key at Open through OnKeyCounted. Stage 06 stores the expiry of an
// envelope but never acts on it: here a key lives until it is deleted.
//
// Something outside the commands may need to react to writes (stage 09 wakes the clients that
// wait for a key to hold a list): an observer, when one is set, hears of every value a batch
// is about to store and of every SWAPDB. It hears first, as Apply and SwapDb begin, so it may
// hear of a write that then fails: it notes what to look at, and looks once the command is
// over. Without an observer a write pays one branch.
//
// Thread safety: not thread-safe. The server calls the keyspace from its one loop thread, which
// makes every command atomic; only the filter is shared with the compaction thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "compaction_filter.h"
#include "engine.h"
#include "value_envelope.h"
#include "write_batch.h"

namespace stepdb {

// Drops the entries of databases that FLUSHDB, FLUSHALL or SWAPDB made unreachable. Until the
// keyspace tells it which ids are live, it keeps everything.
class DeadDatabaseFilter final : public CompactionFilter {
 public:
  bool ShouldDrop(size_t output_level, std::string_view key, std::string_view value) const override;
  // Ids below `next_id` that are not in `live` are dead.
  void SetLive(std::vector<uint64_t> live, uint64_t next_id);
  uint64_t dropped() const;

 private:
  mutable std::mutex mu_;
  bool known_ = false;            // guarded by mu_
  std::set<uint64_t> live_;       // guarded by mu_
  uint64_t next_id_ = 0;          // guarded by mu_
  mutable uint64_t dropped_ = 0;  // guarded by mu_
};

struct KeyspaceOptions {
  int databases = 16;
  // Makes every write so far durable (one log sync); called after a whole-database command,
  // before its dead id is handed to the filter. Nothing to do for an engine without a log.
  std::function<Status()> sync_log;
  // Called every million keys while Open counts the keys: (database number, keys so far).
  std::function<void(int, uint64_t)> on_count_progress;
};

// Hears of the writes a keyspace is about to make (see the top of this file). The calls come
// before the engine write, which may still fail; they must not call the keyspace.
class KeyspaceObserver {
 public:
  virtual ~KeyspaceObserver() = default;
  // Apply is about to store value under key in database db.
  virtual void WillStore(int db, std::string_view key, const ValueEnvelope& value) = 0;
  // SwapDb is about to trade databases a and b.
  virtual void WillSwapDatabases(int a, int b) = 0;
};

class Keyspace {
 public:
  // A set of writes applied in one atomic engine batch (MSET, RENAME, MSETNX).
  class Batch {
   public:
    // `existed`, when given, is whether the key exists before the batch, which the caller has
    // just read: Apply then need not look it up. REQUIRES: it is right.
    void Put(int db, std::string_view key, ValueEnvelope value,
             std::optional<bool> existed = std::nullopt);
    void Delete(int db, std::string_view key, std::optional<bool> existed = std::nullopt);
    // A Put that keeps value.cas: for a write that changes only when an existing key expires
    // (Memcached's touch, which leaves an item's cas as it was). REQUIRES: the key exists.
    void Touch(int db, std::string_view key, ValueEnvelope value);
    // Writes (or deletes) the record `suffix` below key in the same engine write. The caller
    // writes the key's envelope in the batch too, or knows the key holds the type the record
    // belongs to; records are counted nowhere.
    void PutRecord(int db, std::string_view key, std::string suffix, std::string value);
    void DeleteRecord(int db, std::string_view key, std::string suffix);
    bool empty() const { return ops_.empty() && record_ops_.empty(); }

    struct Op {
      int db;
      std::string key;
      std::optional<ValueEnvelope> value;  // nullopt: delete
      std::optional<bool> existed;         // before the batch, if the caller knows
      bool keep_cas = false;               // Touch
    };
    const std::vector<Op>& ops() const { return ops_; }

    struct RecordOp {
      int db;
      std::string key;
      std::string suffix;
      std::optional<std::string> value;  // nullopt: delete
    };
    const std::vector<RecordOp>& record_ops() const { return record_ops_; }

   private:
    std::vector<Op> ops_;
    std::vector<RecordOp> record_ops_;
  };

  // Loads (or creates) the database map from `engine` and counts the keys of every database.
  // `engine` and `filter` must outlive the keyspace; `filter` is the one the engine's
  // compactions ask (nullptr if none). Corruption if the map record is damaged; the engine's
  // errors otherwise. REQUIRES: 1 <= options.databases <= 1024.
  static Result<std::unique_ptr<Keyspace>> Open(Engine* engine, DeadDatabaseFilter* filter,
                                                const KeyspaceOptions& options);
  virtual ~Keyspace() = default;

  int databases() const { return options_.databases; }

  // The envelope stored under key in database db, or nullopt if there is none. Corruption if
  // the stored bytes are not an envelope. REQUIRES (every method): 0 <= db < databases().
  virtual Result<std::optional<ValueEnvelope>> Get(int db, std::string_view key);
  virtual Result<bool> Exists(int db, std::string_view key);

  // Stores value under key (replacing whatever was there), with a fresh cas. `existed` as for
  // Batch::Put. Put, Touch and Delete are not virtual: they are made of Apply (and Exists),
  // which a subclass overrides.
  Status Put(int db, std::string_view key, ValueEnvelope value,
             std::optional<bool> existed = std::nullopt);
  // Batch::Touch alone.
  Status Touch(int db, std::string_view key, ValueEnvelope value);
  // True iff the key existed.
  Result<bool> Delete(int db, std::string_view key);
  // Applies every write of batch in one atomic engine write; later writes to a key win. Each
  // value is stored with a fresh cas (NextCas), except one that Batch::Touch added, which
  // keeps its own. The count of a database moves by one per distinct key whose existence the
  // batch changes (known from the op's `existed`, or looked up before the write). Adds 1 to
  // write_count() per call, before the engine write; on an error the counts stay as they were.
  virtual Status Apply(const Batch& batch);

  // Visits, in byte order, at most `limit` keys of database db that are >= `start`, with their
  // envelopes' bytes. The visitor returns false to stop; it must not call the keyspace.
  using Visitor = std::function<bool(std::string_view key, std::string_view envelope)>;
  virtual Status Scan(int db, std::string_view start, size_t limit, const Visitor& visit);

  // The record `suffix` below key in database db, or nullopt if there is none. Not virtual: a
  // caller reads the key's envelope first (which is where a subclass acts), and a record is
  // only meaningful beside it.
  Result<std::optional<std::string>> GetRecord(int db, std::string_view key,
                                               std::string_view suffix);
  // Visits, in byte order of their suffixes, at most `limit` records below key whose suffix
  // begins with `prefix`, is >= `start` and < `end` ("": no bound but the prefix). The visitor
  // returns false to stop; it must not call the keyspace. REQUIRES: start and end are empty or
  // begin with prefix.
  using RecordVisitor = std::function<bool(std::string_view suffix, std::string_view value)>;
  Status ScanRecords(int db, std::string_view key, std::string_view prefix, std::string_view start,
                     std::string_view end, size_t limit, const RecordVisitor& visit);

  // The keys of database db (DBSIZE, INFO keyspace).
  virtual uint64_t KeyCount(int db) const { return counts_[static_cast<size_t>(db)]; }
  // Of those, the keys with an expiry, and their mean time to live in milliseconds (INFO
  // keyspace's expires= and avg_ttl=); none here, where expiry does not act.
  virtual uint64_t VolatileKeyCount(int /*db*/) const { return 0; }
  virtual int64_t AverageTtlMs(int /*db*/) const { return 0; }
  // How many writes the keyspace made so far; the server compares two readings to learn
  // whether a batch of commands wrote anything (and so needs a log sync before its replies).
  uint64_t write_count() const { return write_count_; }

  // The whole-database commands (see the top of this file): each is one write of the map
  // record (WriteDatabases, which also counts the one write in write_count()), after which
  // the counts are zeroed (FlushDb: db's; FlushAll: every one) or swapped; on an error,
  // nothing changed.
  virtual Status FlushDb(int db);
  virtual Status FlushAll();
  virtual Status SwapDb(int a, int b);

  // Sets the observer of writes (nullptr: none); it must outlive its setting.
  void set_observer(KeyspaceObserver* observer) { observer_ = observer; }

  // The cas the next write gets. Strictly increasing, also across restarts as long as the
  // system clock does not go back: it starts at the clock in microseconds.
  uint64_t NextCas() { return ++last_cas_; }

  // The engine key of a key (exposed for tests, the format spec and compaction filters).
  static std::string EngineKey(uint64_t db_id, std::string_view key);
  // The database id of an engine key of a key or of a record below one, or nullopt for the
  // keyspace's own records.
  static std::optional<uint64_t> DatabaseIdOf(std::string_view engine_key);
  // The engine key of the record `suffix` below key, and its parts back (nullopt if
  // engine_key is not a record's).
  static std::string RecordKey(uint64_t db_id, std::string_view key, std::string_view suffix);
  struct RecordKeyParts {
    uint64_t db_id;
    std::string_view key;
    std::string_view suffix;
  };
  static std::optional<RecordKeyParts> ParseRecordKey(std::string_view engine_key);

 protected:
  Keyspace(Engine* engine, DeadDatabaseFilter* filter, const KeyspaceOptions& options)
      : engine_(engine), filter_(filter), options_(options) {}

  // Loads the database map and counts the keys (the body of Open, for a subclass's Open).
  Status Load();
  // Deletes keys of database db in one engine write without looking any up, for a caller that
  // knows each exists (stage 07 deletes the due keys its index holds this way).
  // REQUIRES: every key exists in db, and none is given twice.
  Status DeleteExisting(int db, std::span<const std::string_view> keys);
  // Called by Load for every key of every served database, in key order, with its envelope's
  // bytes. REQUIRES: no call back into the keyspace.
  virtual void OnKeyCounted(int /*db*/, std::string_view /*key*/, std::string_view /*envelope*/) {}

 private:
  // The batch's record writes, in engine form (Apply starts its engine write from them).
  WriteBatch RecordWrites(const Batch& batch) const;
  Status LoadDatabases();
  Status CountKeys();
  // Writes the map record, syncs it, then tells the filter.
  Status WriteDatabases(std::vector<uint64_t> ids, uint64_t next_id);
  std::string DatabasesRecord(const std::vector<uint64_t>& ids, uint64_t next_id) const;

  Engine* const engine_;
  DeadDatabaseFilter* const filter_;
  const KeyspaceOptions options_;
  std::vector<uint64_t> ids_;     // database number -> id (may hold more than databases())
  uint64_t next_id_ = 0;          // the next id to hand out
  std::vector<uint64_t> counts_;  // database number -> keys
  uint64_t last_cas_ = 0;
  uint64_t write_count_ = 0;
  KeyspaceObserver* observer_ = nullptr;
};

}  // namespace stepdb
