#include "zset_encoding.h"

#include <bit>
#include <cmath>

#include "collection_encoding.h"
#include "common/coding.h"
#include "list_encoding.h"

namespace stepdb {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;

}  // namespace

std::string EncodeScore(double score) {
  // BEGIN SOLUTION
  // STARTER: (void)score;
  // STARTER: return "";
  if (score == 0) score = 0.0;  // -0.0 == 0.0: one score, stored as +0.0
  uint64_t bits = std::bit_cast<uint64_t>(score);
  // Positive scores sort above every negative one and keep their order; negative ones, whose
  // magnitude grows with the bits, are flipped so that the larger magnitude sorts first.
  bits = (bits & kSignBit) != 0 ? ~bits : bits | kSignBit;
  std::string out;
  PutBigEndian64(&out, bits);
  return out;
  // END SOLUTION
}

std::optional<double> DecodeScore(std::string_view bytes) {
  // BEGIN SOLUTION
  // STARTER: (void)bytes;
  // STARTER: return std::nullopt;
  if (bytes.size() != 8) return std::nullopt;
  const uint64_t stored = DecodeBigEndian64(bytes.data());
  return std::bit_cast<double>((stored & kSignBit) != 0 ? stored & ~kSignBit : ~stored);
  // END SOLUTION
}

std::string ScoreIndexPrefix(uint64_t version) {
  return ElementPrefix(SecondFamilyVersion(version));
}

std::string ScoreIndexSeek(uint64_t version, double score) {
  return ScoreIndexPrefix(version) + EncodeScore(score);
}

std::string ScoreIndexSuffix(uint64_t version, double score, std::string_view member) {
  // suffix := (version | 2^63):fixed64-big-endian score:8 member
  std::string out = ScoreIndexSeek(version, score);
  out.append(member);
  return out;
}

std::string LowMarkSuffix(uint64_t version) {
  return ScoreIndexPrefix(version) + std::string(8, '\0');
}

std::optional<ScoreIndexEntry> ParseScoreIndexSuffix(std::string_view suffix) {
  if (suffix.size() < 16) return std::nullopt;
  const std::optional<double> score = DecodeScore(suffix.substr(8, 8));
  if (!score || std::isnan(*score)) return std::nullopt;
  return ScoreIndexEntry{*score, suffix.substr(16)};
}

Result<std::optional<uint64_t>> ZSetOrCollectionVersion(const ValueEnvelope& envelope) {
  if (envelope.type != ValueType::kZSet) return ListOrCollectionVersion(envelope);
  STEPDB_ASSIGN_OR_RETURN(CollectionMeta meta, DecodeCollectionMeta(envelope.payload));
  return std::optional<uint64_t>(meta.version);
}

}  // namespace stepdb
