// Collection: one hash or set as a command reads and changes it.
//
// A command reads the key's envelope (the metadata), then reads and changes elements, then
// writes everything back in one atomic batch: the envelope with the new size, and each
// element record it put or removed (collection_encoding.h has the layout). The changes are
// staged in the object until Commit, and reads see them, so a command that touches the same
// element twice (HSET k f 1 f 2) counts it once.
//
// Costs on the engine: opening is one lookup (the envelope); Get, Put and Remove are one
// lookup each, to learn whether the element exists (the size must stay exact), and the object
// remembers what it read, so a command that reads an element and then changes it (HINCRBY,
// and stage 10's ZADD) pays for one; Scan is one ordered scan; Commit is one write. Deleting or
// replacing a whole collection (Clear, or a DEL of the key) writes only the envelope, whatever the
// size.
//
// Empty collections do not exist, as in Redis: a Commit that leaves no element deletes the
// key. A Commit on a key that did not hold a collection (or after Clear) starts a new
// version, so no element of an older collection of that key is ever seen again.
//
// Thread safety: not thread-safe, like the keyspace it reads; used on the loop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collection_encoding.h"
#include "common/result.h"
#include "common/status.h"
#include "keyspace.h"
#include "value_envelope.h"

namespace stepdb {

class Collection {
 public:
  using Element = std::pair<std::string, std::string>;  // (element, value); value "" in a set
  // Returns false to stop.
  using ElementVisitor = std::function<bool(std::string_view element, std::string_view value)>;

  // The collection of `type` that `envelope` (what key in db holds, or nullopt) describes.
  // Corruption if the envelope's metadata is damaged. REQUIRES: IsCollectionType(type), or a
  // later type whose values keep the same metadata (stage 10's sorted set, whose members are
  // a Collection); envelope is nullopt or of that type; keyspace outlives the object.
  static Result<Collection> Load(Keyspace& keyspace, int db, std::string_view key, ValueType type,
                                 std::optional<ValueEnvelope> envelope);

  // An empty collection of `type` that will replace whatever key holds when committed (a
  // *STORE command's destination, which may hold any type or nothing): its Commit writes a new
  // collection, or deletes the key if nothing was put. `key_exists` is whether key holds
  // anything now. REQUIRES: type as for Load; keyspace outlives the object.
  static Collection Replacing(Keyspace& keyspace, int db, std::string_view key, ValueType type,
                              bool key_exists);

  // Whether the key holds the collection (as stored; staged changes do not count).
  bool exists() const { return envelope_.has_value(); }
  // The number of elements, staged changes included.
  uint64_t size() const { return size_; }
  // The stored envelope (expiry, cas); nullopt if !exists().
  const std::optional<ValueEnvelope>& envelope() const { return envelope_; }
  const std::string& key() const { return key_; }
  int db() const { return db_; }
  ValueType type() const { return type_; }
  // The stored version (0 if !exists()).
  uint64_t version() const { return meta_.version; }

  // The value of element (a set member's is ""), or nullopt if it is not there.
  Result<std::optional<std::string>> Get(std::string_view element) const;
  Result<bool> Contains(std::string_view element) const;

  // Visits the stored elements in the collection's order (by hash, then bytes) from the one
  // whose record suffix is >= `start` (ElementSuffix or ElementSeek of this version; "" for
  // the first), at most `limit` of them. Staged changes are not seen: scan before changing.
  //
  // A scan of a few elements from a point inside a large collection reads the hash space in
  // windows sized to hold about twice `limit` elements, doubling each time one falls short.
  // The engine copies the part of its in-memory table that a scan's range covers, so a range
  // running to the collection's end would cost the whole collection's share of it for every
  // HSCAN page or random pick; hashes spread the elements evenly, so the first window usually
  // suffices.
  Status Scan(std::string_view start, size_t limit, const ElementVisitor& visit) const;
  // Every stored element, in the collection's order.
  Result<std::vector<Element>> ReadAll() const;

  // `count` elements picked at random among the stored ones: distinct ones (at most size(),
  // in no particular order) if `distinct`, else `count` independent picks. A collection of
  // at most kSmallCollection elements is read whole and picked from uniformly. A larger one
  // is picked from by seeking to a random point of the hash space and taking the element
  // there (wrapping to the first); an element's chance is then the width of the hash gap
  // before it, which is random and near 1/size on average. REQUIRES: no staged changes.
  static constexpr uint64_t kSmallCollection = 64;
  Result<std::vector<Element>> RandomElements(uint64_t count, bool distinct,
                                              std::mt19937_64& random) const;

  // Stages element := value; true iff the element is new.
  Result<bool> Put(std::string_view element, std::string value);
  // Stages the removal of element; true iff it was there.
  Result<bool> Remove(std::string_view element);
  // Stages the end of every element and of the expiry: the key will hold a new collection
  // (a *STORE command's destination), or none if nothing is put after.
  void Clear();

  // Adds the staged changes to `batch`: the envelope (with the size and, for a new collection,
  // a fresh version from the keyspace), or its deletion if the collection is empty; and the
  // element records. Nothing if nothing was staged and Clear was not called. Then the object
  // describes the state after the batch (nothing staged, not cleared, replacing nothing), so
  // it can go on; the caller must Apply the batch before any other read. The envelope() it
  // then describes has the cas it had: the keyspace gives the written one a fresh cas.
  void AddTo(Keyspace::Batch* batch);
  // AddTo a batch of its own, applied.
  Status Commit();

 private:
  Collection(Keyspace& keyspace, int db, std::string_view key, ValueType type,
             std::optional<ValueEnvelope> envelope, CollectionMeta meta)
      : keyspace_(&keyspace),
        db_(db),
        key_(key),
        type_(type),
        envelope_(std::move(envelope)),
        meta_(meta),
        size_(meta.size) {}

  Keyspace* keyspace_;
  int db_;
  std::string key_;
  ValueType type_;
  std::optional<ValueEnvelope> envelope_;
  CollectionMeta meta_;
  uint64_t size_;
  bool cleared_ = false;   // Clear was called: the next commit starts a new version
  bool replaces_ = false;  // Replacing: the key holds another value, which the commit replaces
  // element -> its staged value (nullopt: removed)
  std::map<std::string, std::optional<std::string>, std::less<>> staged_;
  // element -> what the engine held when Get read it (nullopt: absent), until AddTo
  mutable std::map<std::string, std::optional<std::string>, std::less<>> read_;
};

}  // namespace stepdb
