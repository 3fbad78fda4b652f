// List: one list as a command reads and changes it.
//
// A command reads the key's envelope (the metadata: version, head, size), then reads and
// changes elements by index, then writes everything back in one atomic batch: the envelope
// with the new head and size, and each element record it put or deleted (list_encoding.h has
// the layout). Changes are staged in the object until Commit, and every read sees them, so
// LMOVE of a list onto itself pops and pushes through one object.
//
// Indexes are 0-based from the head, as LINDEX's non-negative ones; turning Redis's negative
// indexes and out-of-range bounds into these is the commands' business.
//
// Costs on the engine (N = size(), every write goes into the one batch of Commit; a read of
// at most 2 elements is that many lookups instead of the one scan below):
//   opening                      one lookup (the envelope)
//   At, Set                      one lookup / one write, whatever the index
//   Push                         one write
//   Pop(end, count)              one ordered scan of the `count` records, `count` deletes
//   Range                        one ordered scan of the records it returns
//   Scan, ScanBackward           ordered scans of windows of 16, 32, ... up to 1024 records,
//                                up to the one where the visitor stops
//   Insert at index i            moves the min(i, N - i) elements on the shorter side by one
//                                position: as many reads (one scan) and writes
//   Remove(indexes)              at most N reads and writes: the survivors between and beside
//                                the removed ones move to close the gaps
//   Trim to k of N elements      min(k, N - k) writes: the removed records are deleted, or,
//                                when fewer are kept, the kept ones are read (one scan) and
//                                written again under a new version (the old version's records
//                                are then stale and compaction drops them, as after a DEL)
//   Clear, and a DEL of the key  one write of the envelope, whatever N
//
// Empty lists do not exist, as in Redis: a Commit that leaves no element deletes the key, and
// the next list of that key starts with a new version in the middle of the position space.
//
// Thread safety: not thread-safe, like the keyspace it reads; used on the loop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "keyspace.h"
#include "list_encoding.h"
#include "value_envelope.h"

namespace stepdb {

class List {
 public:
  // Redis's LEFT (the head, where LPUSH and LPOP work) and RIGHT (the tail).
  enum class End { kLeft, kRight };
  // Visits one element; returns false to stop. It must not call the keyspace: a read calls it
  // from within the engine's scan.
  using ElementVisitor = std::function<bool(uint64_t index, std::string_view element)>;

  // The list that `envelope` (what key in db holds, or nullopt) describes. Corruption if the
  // envelope's metadata is damaged. REQUIRES: envelope is nullopt or of type list; keyspace
  // outlives the object.
  static Result<List> Load(Keyspace& keyspace, int db, std::string_view key,
                           std::optional<ValueEnvelope> envelope);

  // Whether the key holds the list (as stored; staged changes do not count).
  bool exists() const { return envelope_.has_value(); }
  // The number of elements, staged changes included.
  uint64_t size() const { return meta_.size; }
  // The stored envelope (expiry, cas); nullopt if !exists().
  const std::optional<ValueEnvelope>& envelope() const { return envelope_; }
  const std::string& key() const { return key_; }
  int db() const { return db_; }
  // The metadata as it will be committed (staged changes included).
  const ListMeta& meta() const { return meta_; }

  // The element at index, or nullopt if index >= size().
  Result<std::optional<std::string>> At(uint64_t index) const;
  // Scan and ScanBackward are for searches, which may stop at any element: they read in
  // windows of positions that start small and grow, since an engine scan pays for its whole
  // range when it starts (stage 03 copies the memtable's share of it). A reader that takes
  // every element of a range reads it with Range, in one scan.
  //
  // Visits the elements of indexes first, first + 1, ... up to `last` (inclusive; clamped to
  // size() - 1), in list order. Nothing if first > last or first >= size().
  Status Scan(uint64_t first, uint64_t last, const ElementVisitor& visit) const;
  // Visits the elements of indexes last, last - 1, ... down to `first` (inclusive), from the
  // tail towards the head (LPOS with a negative RANK, LREM with a negative count). `last` is
  // clamped to size() - 1; nothing if first > last or the list is empty.
  Status ScanBackward(uint64_t last, uint64_t first, const ElementVisitor& visit) const;
  // The elements of indexes [first, last] (clamped as for Scan), in list order, read with one
  // scan of exactly their positions: returned, or handed to `take` one by one, which holds
  // none of them in memory (LRANGE writes each into its reply). `take` must not call the
  // keyspace, as a visitor.
  Result<std::vector<std::string>> Range(uint64_t first, uint64_t last) const;
  Status Range(uint64_t first, uint64_t last,
               const std::function<void(std::string_view element)>& take) const;

  // Stages element at the left or right end. InvalidArgument ("list position space
  // exhausted") if the position it needs is outside the 64-bit space (list_encoding.h).
  Status Push(End end, std::string element);
  // Stages the removal of up to `count` elements from `end` and returns them in the order
  // they were popped (from the right: the tail first).
  Result<std::vector<std::string>> Pop(End end, uint64_t count);
  // Stages element at index. REQUIRES: index < size().
  Status Set(uint64_t index, std::string element);
  // Stages element so that it gets index `index`: the elements from there on follow it.
  // InvalidArgument as Push's if the shorter side cannot move. REQUIRES: index <= size().
  Status Insert(uint64_t index, std::string element);
  // Stages the removal of the elements at `indexes` (ascending, distinct, each < size()); the
  // others keep their order and close the gaps.
  Status Remove(std::span<const uint64_t> indexes);
  // Stages the removal of every element outside indexes [first, last]; all of them if
  // first > last or first >= size() (LTRIM).
  Status Trim(uint64_t first, uint64_t last);
  // Stages the end of every element: a Commit then deletes the key, or, if elements are
  // pushed after, writes a new list under a new version (the key keeps its expiry).
  void Clear();

  // Adds the staged changes to `batch`: the envelope (with the new head and size; a fresh
  // version from the keyspace for a new list), or its deletion if the list is empty; and the
  // element records. Nothing if nothing was staged. Then the object describes the state after
  // the batch, so it can go on; the caller must Apply the batch before any other read.
  void AddTo(Keyspace::Batch* batch);
  // AddTo a batch of its own, applied.
  Status Commit();

 private:
  List(Keyspace& keyspace, int db, std::string_view key, std::optional<ValueEnvelope> envelope,
       ListMeta meta)
      : keyspace_(&keyspace), db_(db), key_(key), envelope_(std::move(envelope)), meta_(meta) {}

  // Whether one more element fits at `end` (list_encoding.h: positions never wrap around).
  bool HasRoomAt(End end) const;
  // Corruption ("an element record is missing"): a position of the list holds no element.
  Status MissingElement() const;
  // The element at index, staged changes included, with at most one lookup.
  // REQUIRES: index < size().
  Result<std::string> ReadAt(uint64_t index) const;
  // Visits the elements of indexes [first, last] in list order, staged changes included: a
  // few with lookups, more with one engine scan bounded by their positions.
  // REQUIRES: first <= last < size().
  Status Read(uint64_t first, uint64_t last, const ElementVisitor& visit) const;

  Keyspace* keyspace_;
  int db_;
  std::string key_;
  std::optional<ValueEnvelope> envelope_;
  ListMeta meta_;  // staged changes included
  // Clear was called: the elements are all in staged_, and the next AddTo gives them a new
  // version, under which nothing is stored yet.
  bool fresh_ = false;
  // position -> its element, or nullopt for a record to delete. One entry per position, so a
  // batch never writes the same record twice. Invariant: the positions of [head, head + size)
  // that are staged hold elements; the others are stored under meta_.version, unless fresh_.
  std::map<uint64_t, std::optional<std::string>> staged_;
};

}  // namespace stepdb
