// How a sorted set lies on the engine: stage 08's hash from member to score, plus an index of
// the members in score order.
//
// Redis keeps a sorted set as two structures over the same members: a dict from member to
// score (ZSCORE, ZADD's "is it new?") and a skiplist in (score, member) order (ranges, ranks,
// pops). Here both are records below the key, under one version:
//
//   the key's envelope (value_envelope.h, type zset)           the metadata: payload :=
//       version:varint64 size:varint64                          (stage 08's CollectionMeta)
//   member records, one per member (stage 08's layout)          suffix :=
//       version:fixed64-big-endian hash:fixed64-big-endian member       value := score:8
//   index records, one per member (the second family)           suffix :=
//       (version | 2^63):fixed64-big-endian score:8 member              value := empty
//
//   score:8   the score in 8 bytes whose byte order is numeric order (EncodeScore)
//   and at most one low mark record of the second family (LowMarkSuffix), which ZPOPMIN and
//   the other removals from the front of a set write (zset.h)
//
// The member records are exactly a stage 08 hash (collection.h), so ZSCORE, ZCARD, ZSCAN and
// ZRANDMEMBER are HGET, HLEN, HSCAN and HRANDFIELD on them. The index records are a second
// family (collection_encoding.h: SecondFamilyVersion): the top bit of the version keeps them
// apart from the member records, and compaction judges them by the same envelope. Because the
// member follows the score, members of equal score lie in byte order, which is Redis's order
// for them and what ZRANGEBYLEX needs.
//
// The score encoding. An IEEE 754 double's bits, read as an unsigned integer, are ordered like
// the numbers for positive values and backwards for negative ones. So a score is stored as
//
//   positive (sign bit 0): bits | 2^63        negative (sign bit 1): ~bits
//
// big-endian. -0.0 is stored as 0.0: they are equal, and a small Redis sorted set (a listpack,
// which keeps scores as text) prints both as "0". A large one (a skiplist) keeps the sign and
// prints "-0", and so does ZINCRBY's reply for a new member incremented by -0: StepDB prints
// "0" there (the one difference). NaN is never stored (ZADD and ZINCRBY refuse it, as Redis
// does). Worked example (big-endian hex):
//
//   -inf  00 0f ff ff ff ff ff ff      -1.0  40 0f ff ff ff ff ff ff
//   0.0   80 00 00 00 00 00 00 00       1.0  bf f0 00 00 00 00 00 00
//   1.5   bf f8 00 00 00 00 00 00      +inf  ff f0 00 00 00 00 00 00
//
// The spec beside the key encoding is in docs/formats/keyspace.md.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "value_envelope.h"

namespace stepdb {

// The 8 bytes of a score, in numeric order. REQUIRES: score is not NaN.
std::string EncodeScore(double score);
// The score of 8 encoded bytes; nullopt if `bytes` is not 8 bytes long.
std::optional<double> DecodeScore(std::string_view bytes);

// The suffix of the index record of (score, member) in the sorted set of `version`.
// REQUIRES: score is not NaN.
std::string ScoreIndexSuffix(uint64_t version, double score, std::string_view member);
// The suffix every index record of `version` begins with.
std::string ScoreIndexPrefix(uint64_t version);
// The suffix of the first index record of `version` whose score is >= `score` (a seek target).
std::string ScoreIndexSeek(uint64_t version, double score);

// The suffix of the low mark record of the sorted set of `version` (zset.h): the index's
// prefix and eight zero bytes, which no score encodes to (they would be a NaN's), so the record
// sorts before every index record and never parses as one. Its value is an index suffix of
// that version below which no index record is live.
std::string LowMarkSuffix(uint64_t version);

// What an index record's suffix holds; nullopt if it is shorter than 16 bytes or its score
// bytes are not a score (the low mark's).
struct ScoreIndexEntry {
  double score;
  std::string_view member;
};
std::optional<ScoreIndexEntry> ParseScoreIndexSuffix(std::string_view suffix);

// The version of the sorted set, list, hash or set that envelope holds; nullopt for a type
// that keeps no records; Corruption if the metadata is damaged. Stage 09's
// ListOrCollectionVersion with sorted sets: what the server's StaleElementFilter asks.
Result<std::optional<uint64_t>> ZSetOrCollectionVersion(const ValueEnvelope& envelope);

}  // namespace stepdb
