// ZSet: one sorted set as a command reads and changes it.
//
// A sorted set is stage 08's Collection of its members (member -> score) plus an index of
// the same members in (score, member) order (zset_encoding.h). ZSet keeps the two in step:
// a Put or Remove stages the member record through the Collection and the index records
// beside it (a changed score deletes the old index record and puts the new one), and AddTo
// writes both, with the envelope, in one batch. As in stage 08, changes are staged until
// Commit; Score and size() see them, the scans do not (read, then change).
//
// Order. Members are ordered by score, then by their bytes, as Redis orders them. A rank is a
// member's index in that order (0 for the lowest score); the reverse order (ZREVRANGE,
// ZPOPMAX, REV) is the same list read from the other end, and its ranks count from the
// highest score.
//
// Costs on the engine (N members, k of them visited or returned):
//
//   Load                                one lookup (the envelope)
//   Score                               one lookup (the member record: is it there, and
//                                       with which score?)
//   Put, Remove                         one lookup of the member record (its score), none if
//                                       Score read it already: the Collection remembers what
//                                       it read; a Put of the score the member has stages
//                                       nothing
//   ScanByScore, ScanByLex              one seek to the range's start, then k records (a lex
//                                       range from min other than "-" first reads the lowest
//                                       score: one more seek)
//   ScanByRank from rank r              r + k records: the engine keeps no counts, so a rank
//                                       is found by walking up to it (Redis's skiplist finds it
//                                       in O(log N))
//   Rank of a member                    as many records as its rank
//   reverse scans (REV, ZPOPMAX, ...)   the engine reads forward only, so a reverse scan reads
//                                       its whole range forward (by rank: the whole set),
//                                       keeping the last offset + count entries, and visits
//                                       them backwards: ZREVRANGE 0 9 or ZPOPMAX reads all N
//   the first Put or scan               one lookup of the low mark (below)
//   Clear, and a DEL of the key         one write of the envelope, whatever N
//   AddTo / Commit                      one write: two records per member changed
//
// A scan also copies, as it starts, the entries of the engine's memtable in its key range,
// however few records it then visits. A score range bounds that copy; a scan by rank or by
// lex runs to the end of the index, so it copies the index's whole share of the memtable.
//
// The low mark. A sorted set drained from the front (ZPOPMIN as a priority queue,
// ZREMRANGEBYRANK 0 k) leaves the deleted index records there as tombstones, which every later
// scan from the start would have to step over until compaction drops them: ZPOPMIN would slow
// down with every pop. So the set keeps one more record, the low mark (zset_encoding.h), an
// index suffix below which no index record is live, and every scan starts at it. AddTo moves
// it up past the first records a scan from the start saw when they are all removed, and down
// to any index record it puts below it; a set without one starts at its first record.
//
// Thread safety: not thread-safe, like the keyspace it reads; used on the loop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collection.h"
#include "common/result.h"
#include "common/status.h"
#include "keyspace.h"
#include "value_envelope.h"

namespace stepdb {

// One end of a score range: min or max of ZRANGEBYSCORE, "(1.5" being exclusive.
struct ScoreBound {
  double value = 0;
  bool exclusive = false;
};
// The scores from min to max, both ends as the bounds say.
struct ScoreRange {
  ScoreBound min;
  ScoreBound max;
  bool Contains(double score) const;
};

// One end of a lex range: "-" and "+" (below and above every member), "[a" (inclusive) or
// "(a" (exclusive).
struct LexBound {
  enum class Kind { kMinusInfinity, kPlusInfinity, kInclusive, kExclusive };
  Kind kind = Kind::kMinusInfinity;
  std::string value;  // for kInclusive and kExclusive
};
struct LexRange {
  LexBound min;
  LexBound max;
  bool Contains(std::string_view member) const;
};

class ZSet {
 public:
  // Returns false to stop.
  using EntryVisitor = std::function<bool(std::string_view member, double score)>;
  struct Entry {
    std::string member;
    double score = 0;
    bool operator==(const Entry&) const = default;
  };

  // The sorted set that `envelope` (what key in db holds, or nullopt) describes. Corruption if
  // its metadata is damaged. REQUIRES: envelope is nullopt or of type zset; keyspace outlives
  // the object.
  static Result<ZSet> Load(Keyspace& keyspace, int db, std::string_view key,
                           std::optional<ValueEnvelope> envelope);
  // An empty sorted set that will replace whatever key holds when committed (the destination
  // of ZRANGESTORE, ZUNIONSTORE, ...): its Commit writes a new sorted set, or deletes the key
  // if nothing was put. `key_exists` is whether key holds anything now.
  static ZSet Replacing(Keyspace& keyspace, int db, std::string_view key, bool key_exists);

  // Whether the key holds the sorted set (as stored; staged changes do not count).
  bool exists() const { return members_.exists(); }
  // The number of members, staged changes included.
  uint64_t size() const { return members_.size(); }
  // The stored envelope (expiry, cas); nullopt if !exists().
  const std::optional<ValueEnvelope>& envelope() const { return members_.envelope(); }
  const std::string& key() const { return members_.key(); }
  int db() const { return members_.db(); }
  // The stored version (0 if !exists()).
  uint64_t version() const { return members_.version(); }
  // The member records as stage 08's Collection, each value an EncodeScore: what ZSCAN and
  // ZRANDMEMBER read. Staged changes are seen only by its Get, as for the ZSet.
  const Collection& members() const { return members_; }

  // The score of member, staged changes included; nullopt if it is not there.
  Result<std::optional<double>> Score(std::string_view member) const;

  // The scans visit stored members only, in (score, member) order, or in the reverse order
  // if `reverse`; each stops when the visitor returns false.
  //
  // The members of ranks first..last (inclusive, in the scan's direction; last is clamped to
  // size() - 1; nothing if first > last or first >= size()).
  Status ScanByRank(uint64_t first, uint64_t last, bool reverse, const EntryVisitor& visit) const;
  // The members whose score is in range, skipping the first `offset` of them and visiting at
  // most `count` (ZRANGEBYSCORE's LIMIT; UINT64_MAX: no limit).
  Status ScanByScore(const ScoreRange& range, bool reverse, uint64_t offset, uint64_t count,
                     const EntryVisitor& visit) const;
  // The members in the lex range, as ScanByScore. Meaningful, as in Redis, when every member
  // has the same score. Otherwise (Redis leaves the answer unspecified) the scan starts at the
  // first member in (score, member) order that is not below min and goes on up to the first
  // member above max, which is Redis's answer when the members are in byte order as well:
  // "-" to "+" is every member, as in Redis. The reverse scan is that list read from its end.
  Status ScanByLex(const LexRange& range, bool reverse, uint64_t offset, uint64_t count,
                   const EntryVisitor& visit) const;
  // The number of members in the range (ZCOUNT, ZLEXCOUNT): one scan of the range.
  Result<uint64_t> CountByScore(const ScoreRange& range) const;
  Result<uint64_t> CountByLex(const LexRange& range) const;
  // The rank of member (ZRANK; from the highest score if `reverse`: ZREVRANK), or nullopt if
  // it is not a stored member.
  Result<std::optional<uint64_t>> Rank(std::string_view member, bool reverse) const;

  // Stages member := score; returns the member's previous score (staged changes included),
  // or nullopt if it is new. REQUIRES: score is not NaN.
  Result<std::optional<double>> Put(std::string_view member, double score);
  // Stages the removal of member; true iff it was there.
  Result<bool> Remove(std::string_view member);
  // Stages the end of every member and of the expiry (a destination being replaced).
  void Clear();

  // Adds the staged changes to `batch`, as Collection::AddTo does, with the index records
  // beside the member records; then the object describes the state after the batch. The
  // caller must Apply the batch before any other read.
  void AddTo(Keyspace::Batch* batch);
  // AddTo a batch of its own, applied.
  Status Commit();

 private:
  ZSet(Keyspace& keyspace, Collection members)
      : keyspace_(&keyspace), members_(std::move(members)) {}

  // The score a stored member record holds, nullopt if there is none; staged changes are not
  // seen (Rank's question).
  Result<std::optional<double>> StoredScore(std::string_view member) const;
  // Visits the stored index records with suffixes from `start` ("": the first) up to `end`
  // (excluded; "": the last), at most `limit` of them, in order, until visit returns false.
  Status ScanIndex(std::string_view start, std::string_view end, uint64_t limit,
                   const EntryVisitor& visit) const;
  // The scans' common part: the index records from `start` up to `end` and while `within`
  // holds for their member (nullptr: no such condition), skipping `offset` and visiting at
  // most `count`, in order or, if `reverse`, from the last of them back.
  Status VisitRange(std::string_view start, std::string_view end,
                    const std::function<bool(std::string_view member)>& within, bool reverse,
                    uint64_t offset, uint64_t count, const EntryVisitor& visit) const;

  // Reads the low mark into low_mark_ if it was not read yet.
  Status LoadLowMark() const;
  // The low mark after the staged changes (REQUIRES: low_mark_ was read; `prefix` is the
  // index's prefix of the stored version).
  std::string MovedLowMark(const std::string& prefix) const;

  // How many of the first index records a scan from the start remembers for AddTo.
  static constexpr size_t kFrontRecords = 1024;

  Keyspace* keyspace_;
  Collection members_;
  // The low mark of the stored version ("": none, scans start at the first record); nullopt
  // until read.
  mutable std::optional<std::string> low_mark_;
  // The suffixes of the set's first stored index records, in order, as scans from the start
  // saw them (at most kFrontRecords).
  mutable std::vector<std::string> front_;
  // The staged index changes: EncodeScore(score) + member -> true (put) or false (deleted).
  // The version goes in front in AddTo, once the Collection has chosen it (a new sorted set
  // gets a fresh one there).
  std::map<std::string, bool, std::less<>> staged_index_;
};

}  // namespace stepdb
