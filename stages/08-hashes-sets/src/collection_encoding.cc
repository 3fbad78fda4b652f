#include "collection_encoding.h"

#include "bloom_hash.h"
#include "common/coding.h"

namespace stepdb {

bool IsCollectionType(ValueType type) {
  return type == ValueType::kHash || type == ValueType::kSet;
}

Result<std::optional<uint64_t>> CollectionVersion(const ValueEnvelope& envelope) {
  if (!IsCollectionType(envelope.type)) return std::optional<uint64_t>();
  STEPDB_ASSIGN_OR_RETURN(CollectionMeta meta, DecodeCollectionMeta(envelope.payload));
  return std::optional<uint64_t>(meta.version);
}

void EncodeCollectionMeta(const CollectionMeta& meta, std::string* out) {
  // BEGIN SOLUTION
  // STARTER: (void)meta;
  // STARTER: (void)out;
  PutVarint64(out, meta.version);
  PutVarint64(out, meta.size);
  // END SOLUTION
}

Result<CollectionMeta> DecodeCollectionMeta(std::string_view payload) {
  // BEGIN SOLUTION
  // STARTER: (void)payload;
  // STARTER: return Status::NotImplemented("stage 08: DecodeCollectionMeta");
  CollectionMeta meta;
  if (!GetVarint64(&payload, &meta.version) || !GetVarint64(&payload, &meta.size) ||
      !payload.empty()) {
    return Status::Corruption("collection metadata: damaged");
  }
  return meta;
  // END SOLUTION
}

std::string ElementPrefix(uint64_t version) {
  std::string out;
  PutBigEndian64(&out, version);
  return out;
}

std::string ElementSeek(uint64_t version, uint64_t hash) {
  std::string out = ElementPrefix(version);
  PutBigEndian64(&out, hash);
  return out;
}

std::string ElementSuffix(uint64_t version, std::string_view element) {
  // BEGIN SOLUTION
  // STARTER: (void)version;
  // STARTER: (void)element;
  // STARTER: return "";
  std::string out = ElementSeek(version, BloomHash64(element));
  out.append(element);
  return out;
  // END SOLUTION
}

std::optional<ElementSuffixParts> ParseElementSuffix(std::string_view suffix) {
  if (suffix.size() < 16) return std::nullopt;
  return ElementSuffixParts{DecodeBigEndian64(suffix.data()), DecodeBigEndian64(suffix.data() + 8),
                            suffix.substr(16)};
}

}  // namespace stepdb
