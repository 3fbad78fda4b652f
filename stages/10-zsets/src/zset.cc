#include "zset.h"

#include <cmath>
#include <deque>

#include "collection_encoding.h"
#include "zset_args.h"
#include "zset_encoding.h"

namespace stepdb {
namespace {

// Whether member lies at or above min (below max): Redis's zslLexValueGteMin (LteMax).
bool AtLeast(std::string_view member, const LexBound& min) {
  switch (min.kind) {
    case LexBound::Kind::kMinusInfinity:
      return true;
    case LexBound::Kind::kPlusInfinity:
      return false;
    case LexBound::Kind::kInclusive:
      return member >= min.value;
    case LexBound::Kind::kExclusive:
      return member > min.value;
  }
  return false;
}

bool AtMost(std::string_view member, const LexBound& max) {
  switch (max.kind) {
    case LexBound::Kind::kMinusInfinity:
      return false;
    case LexBound::Kind::kPlusInfinity:
      return true;
    case LexBound::Kind::kInclusive:
      return member <= max.value;
    case LexBound::Kind::kExclusive:
      return member < max.value;
  }
  return false;
}

Status DamagedScore() { return Status::Corruption("sorted set member: damaged score"); }

}  // namespace

bool ScoreRange::Contains(double score) const {
  const bool above_min = min.exclusive ? score > min.value : score >= min.value;
  const bool below_max = max.exclusive ? score < max.value : score <= max.value;
  return above_min && below_max;
}

bool LexRange::Contains(std::string_view member) const {
  return AtLeast(member, min) && AtMost(member, max);
}

Result<ZSet> ZSet::Load(Keyspace& keyspace, int db, std::string_view key,
                        std::optional<ValueEnvelope> envelope) {
  STEPDB_ASSIGN_OR_RETURN(Collection members, Collection::Load(keyspace, db, key, ValueType::kZSet,
                                                               std::move(envelope)));
  return ZSet(keyspace, std::move(members));
}

ZSet ZSet::Replacing(Keyspace& keyspace, int db, std::string_view key, bool key_exists) {
  return ZSet(keyspace, Collection::Replacing(keyspace, db, key, ValueType::kZSet, key_exists));
}

Result<std::optional<double>> ZSet::Score(std::string_view member) const {
  STEPDB_ASSIGN_OR_RETURN(std::optional<std::string> bytes, members_.Get(member));
  if (!bytes) return std::optional<double>();
  std::optional<double> score = DecodeScore(*bytes);
  if (!score) return DamagedScore();
  return score;
}

Result<std::optional<double>> ZSet::StoredScore(std::string_view member) const {
  if (!exists()) return std::optional<double>();
  STEPDB_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                          keyspace_->GetRecord(db(), key(), ElementSuffix(version(), member)));
  if (!bytes) return std::optional<double>();
  std::optional<double> score = DecodeScore(*bytes);
  if (!score) return DamagedScore();
  return score;
}

Status ZSet::LoadLowMark() const {
  if (low_mark_) return Status::Ok();
  if (!exists()) {
    low_mark_ = "";
    return Status::Ok();
  }
  STEPDB_ASSIGN_OR_RETURN(std::optional<std::string> mark,
                          keyspace_->GetRecord(db(), key(), LowMarkSuffix(version())));
  // A mark of another version's (or damaged) is no bound: the scan starts at the first record.
  const bool usable = mark && mark->starts_with(ScoreIndexPrefix(version()));
  low_mark_ = usable ? std::move(*mark) : "";
  return Status::Ok();
}

Status ZSet::ScanIndex(std::string_view start, std::string_view end, uint64_t limit,
                       const EntryVisitor& visit) const {
  if (!exists() || limit == 0) return Status::Ok();
  STEPDB_RETURN_IF_ERROR(LoadLowMark());
  // No live record lies below the mark, nor below -inf's (the mark record itself does).
  const std::string lowest = std::max(ScoreIndexSeek(version(), -INFINITY), *low_mark_);
  const bool from_front = start.empty() || start <= lowest;
  const std::string from = from_front ? lowest : std::string(start);
  size_t seen = 0;
  return keyspace_->ScanRecords(db(), key(), ScoreIndexPrefix(version()), from, end, limit,
                                [&](std::string_view suffix, std::string_view) {
                                  if (from_front && seen == front_.size() && seen < kFrontRecords) {
                                    front_.emplace_back(suffix);
                                  }
                                  ++seen;
                                  const std::optional<ScoreIndexEntry> entry =
                                      ParseScoreIndexSuffix(suffix);
                                  return !entry || visit(entry->member, entry->score);
                                });
}

Status ZSet::VisitRange(std::string_view start, std::string_view end,
                        const std::function<bool(std::string_view member)>& within, bool reverse,
                        uint64_t offset, uint64_t count, const EntryVisitor& visit) const {
  if (count == 0) return Status::Ok();
  // The records the scan needs, counted from the start of the range (forward) or its end.
  const uint64_t wanted = offset > UINT64_MAX - count ? UINT64_MAX : offset + count;
  if (!reverse) {
    uint64_t seen = 0;
    return ScanIndex(start, end, wanted, [&](std::string_view member, double score) {
      if (within && !within(member)) return false;
      if (seen++ < offset) return true;
      return visit(member, score) && seen < wanted;
    });
  }
  // The engine reads forward only: walk the range, keeping its last `wanted` entries, then
  // visit those from the last.
  std::deque<Entry> tail;
  STEPDB_RETURN_IF_ERROR(
      ScanIndex(start, end, UINT64_MAX, [&](std::string_view member, double score) {
        if (within && !within(member)) return false;
        if (tail.size() == wanted) tail.pop_front();
        tail.push_back(Entry{std::string(member), score});
        return true;
      }));
  uint64_t skipped = 0;
  for (auto entry = tail.rbegin(); entry != tail.rend(); ++entry) {
    if (skipped < offset) {
      ++skipped;
    } else if (!visit(entry->member, entry->score)) {
      break;
    }
  }
  return Status::Ok();
}

Status ZSet::ScanByRank(uint64_t first, uint64_t last, bool reverse,
                        const EntryVisitor& visit) const {
  if (first > last) return Status::Ok();
  const uint64_t count = last - first == UINT64_MAX ? UINT64_MAX : last - first + 1;
  return VisitRange("", "", nullptr, reverse, first, count, visit);
}

Status ZSet::ScanByScore(const ScoreRange& range, bool reverse, uint64_t offset, uint64_t count,
                         const EntryVisitor& visit) const {
  // BEGIN SOLUTION
  // STARTER: (void)range;
  // STARTER: (void)reverse;
  // STARTER: (void)offset;
  // STARTER: (void)count;
  // STARTER: (void)visit;
  // STARTER: return Status::NotImplemented("stage 10: ZSet::ScanByScore");
  if (!exists() || IsEmptyRange(range)) return Status::Ok();
  // The range is not empty, so an exclusive min is below +inf and an exclusive max above
  // -inf: the next double up is the first score in (after) the range.
  const double first =
      range.min.exclusive ? std::nextafter(range.min.value, INFINITY) : range.min.value;
  const std::string start = ScoreIndexSeek(version(), first);
  std::string end;  // "": up to the last record
  if (range.max.exclusive) {
    end = ScoreIndexSeek(version(), range.max.value);
  } else if (range.max.value != INFINITY) {
    end = ScoreIndexSeek(version(), std::nextafter(range.max.value, INFINITY));
  }
  return VisitRange(start, end, nullptr, reverse, offset, count, visit);
  // END SOLUTION
}

Status ZSet::ScanByLex(const LexRange& range, bool reverse, uint64_t offset, uint64_t count,
                       const EntryVisitor& visit) const {
  if (!exists() || IsEmptyRange(range)) return Status::Ok();
  // The members are ordered by bytes within a score: start at min among those of the lowest
  // score, which are all of them when every score is the same ("-": at the first record).
  std::string start;
  if (range.min.kind != LexBound::Kind::kMinusInfinity) {
    std::optional<double> lowest;
    STEPDB_RETURN_IF_ERROR(ScanIndex("", "", 1, [&](std::string_view, double score) {
      lowest = score;
      return false;
    }));
    if (!lowest) return Status::Ok();
    std::string seek = ScoreIndexSeek(version(), *lowest) + range.min.value;
    // The least member above an exclusive min is min followed by a zero byte.
    if (range.min.kind == LexBound::Kind::kExclusive) seek.push_back('\0');
    // With every score the same, the record at the seek point is the first in range. With
    // mixed scores, a higher score may hold members below min: the range starts at the first
    // record whose member is not below min, as Redis's does when the members are in byte order
    // as well. One record is read first (the common case), the rest only if it is below min.
    std::optional<std::string> first;
    auto find_first = [&](std::string_view member, double score) {
      if (!AtLeast(member, range.min)) return true;
      first = ScoreIndexSuffix(version(), score, member);
      return false;
    };
    STEPDB_RETURN_IF_ERROR(ScanIndex(seek, "", 1, find_first));
    if (!first) STEPDB_RETURN_IF_ERROR(ScanIndex(seek, "", UINT64_MAX, find_first));
    if (!first) return Status::Ok();
    start = std::move(*first);
  }
  return VisitRange(
      start, "", [&](std::string_view member) { return AtMost(member, range.max); }, reverse,
      offset, count, visit);
}

Result<uint64_t> ZSet::CountByScore(const ScoreRange& range) const {
  uint64_t members = 0;
  STEPDB_RETURN_IF_ERROR(ScanByScore(range, /*reverse=*/false, 0, UINT64_MAX,
                                     [&](std::string_view, double) { return ++members, true; }));
  return members;
}

Result<uint64_t> ZSet::CountByLex(const LexRange& range) const {
  uint64_t members = 0;
  STEPDB_RETURN_IF_ERROR(ScanByLex(range, /*reverse=*/false, 0, UINT64_MAX,
                                   [&](std::string_view, double) { return ++members, true; }));
  return members;
}

Result<std::optional<uint64_t>> ZSet::Rank(std::string_view member, bool reverse) const {
  STEPDB_ASSIGN_OR_RETURN(std::optional<double> score, StoredScore(member));
  if (!score) return std::optional<uint64_t>();
  // The rank is the number of records before the member's own (after it, from the highest).
  std::string suffix = ScoreIndexSuffix(version(), *score, member);
  uint64_t rank = 0;
  auto count = [&](std::string_view, double) { return ++rank, true; };
  if (reverse) {
    suffix.push_back('\0');  // the least suffix after the member's
    STEPDB_RETURN_IF_ERROR(ScanIndex(suffix, "", UINT64_MAX, count));
  } else {
    STEPDB_RETURN_IF_ERROR(ScanIndex("", suffix, UINT64_MAX, count));
  }
  return std::optional<uint64_t>(rank);
}

Result<std::optional<double>> ZSet::Put(std::string_view member, double score) {
  // AddTo moves the low mark down to a record put below it, so it must know where it is.
  STEPDB_RETURN_IF_ERROR(LoadLowMark());
  // BEGIN SOLUTION
  // STARTER: (void)member;
  // STARTER: (void)score;
  // STARTER: return Status::NotImplemented("stage 10: ZSet::Put");
  STEPDB_ASSIGN_OR_RETURN(std::optional<double> previous, Score(member));
  if (previous == score) return previous;  // nothing to change
  STEPDB_RETURN_IF_ERROR(members_.Put(member, EncodeScore(score)).status());
  // The member's place in the index moves: its old record goes, the new one comes.
  if (previous) staged_index_.insert_or_assign(EncodeScore(*previous) + std::string(member), false);
  staged_index_.insert_or_assign(EncodeScore(score) + std::string(member), true);
  return previous;
  // END SOLUTION
}

Result<bool> ZSet::Remove(std::string_view member) {
  STEPDB_ASSIGN_OR_RETURN(std::optional<double> previous, Score(member));
  if (!previous) return false;
  STEPDB_RETURN_IF_ERROR(members_.Remove(member).status());
  staged_index_.insert_or_assign(EncodeScore(*previous) + std::string(member), false);
  return true;
}

void ZSet::Clear() {
  members_.Clear();
  staged_index_.clear();
}

std::string ZSet::MovedLowMark(const std::string& prefix) const {
  std::string mark = *low_mark_;
  // Up past the set's first records, as far as they are all removed.
  for (const std::string& suffix : front_) {
    const auto change = staged_index_.find(std::string_view(suffix).substr(prefix.size()));
    if (change == staged_index_.end() || change->second) break;
    mark = suffix + '\0';  // the least suffix after it
  }
  // Down to the lowest record put (staged_index_ is in index order).
  for (const auto& [score_and_member, put] : staged_index_) {
    if (!put) continue;
    if (prefix + score_and_member < mark) mark = prefix + score_and_member;
    break;
  }
  return mark;
}

void ZSet::AddTo(Keyspace::Batch* batch) {
  const uint64_t stored_version = version();
  // The Collection writes the envelope and the member records, and picks the version: a new
  // one for a new (or cleared) set, none for a set that empties (its key is deleted, and
  // every record of the old version is stale with it).
  members_.AddTo(batch);
  if (members_.size() > 0) {
    // A new version has no records to delete, and no low mark.
    const bool fresh = version() != stored_version;
    const std::string prefix = ScoreIndexPrefix(version());
    for (const auto& [score_and_member, put] : staged_index_) {
      if (put) {
        batch->PutRecord(db(), key(), prefix + score_and_member, "");
      } else if (!fresh) {
        batch->DeleteRecord(db(), key(), prefix + score_and_member);
      }
    }
    if (!fresh && low_mark_) {
      const std::string mark = MovedLowMark(prefix);
      if (mark != *low_mark_) batch->PutRecord(db(), key(), LowMarkSuffix(version()), mark);
      low_mark_ = mark;
    } else {
      low_mark_.reset();
    }
  }
  staged_index_.clear();
  front_.clear();
}

Status ZSet::Commit() {
  Keyspace::Batch batch;
  AddTo(&batch);
  if (batch.empty()) return Status::Ok();
  return keyspace_->Apply(batch);
}

}  // namespace stepdb
