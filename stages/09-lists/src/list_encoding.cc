#include "list_encoding.h"

#include "collection_encoding.h"
#include "common/coding.h"

namespace stepdb {

void EncodeListMeta(const ListMeta& meta, std::string* out) {
  // BEGIN SOLUTION
  // STARTER: (void)meta;
  // STARTER: (void)out;
  // payload := version:varint64 head:varint64 size:varint64
  PutVarint64(out, meta.version);
  PutVarint64(out, meta.head);
  PutVarint64(out, meta.size);
  // END SOLUTION
}

Result<ListMeta> DecodeListMeta(std::string_view payload) {
  // BEGIN SOLUTION
  // STARTER: (void)payload;
  // STARTER: return Status::NotImplemented("stage 09: DecodeListMeta");
  ListMeta meta;
  if (!GetVarint64(&payload, &meta.version) || !GetVarint64(&payload, &meta.head) ||
      !GetVarint64(&payload, &meta.size) || !payload.empty()) {
    return Status::Corruption("list metadata: damaged");
  }
  // The last position, head + size - 1, must not wrap around.
  if (meta.size != 0 && meta.size - 1 > UINT64_MAX - meta.head) {
    return Status::Corruption("list metadata: damaged");
  }
  return meta;
  // END SOLUTION
}

std::string ListElementSuffix(uint64_t version, uint64_t position) {
  // BEGIN SOLUTION
  // STARTER: (void)version;
  // STARTER: (void)position;
  // STARTER: return "";
  // suffix := version:fixed64-big-endian position:fixed64-big-endian
  std::string out = ElementPrefix(version);
  PutBigEndian64(&out, position);
  return out;
  // END SOLUTION
}

std::optional<uint64_t> ParseListElementPosition(std::string_view suffix) {
  if (suffix.size() != 16) return std::nullopt;
  return DecodeBigEndian64(suffix.data() + 8);
}

Result<std::optional<uint64_t>> ListOrCollectionVersion(const ValueEnvelope& envelope) {
  if (envelope.type != ValueType::kList) return CollectionVersion(envelope);
  STEPDB_ASSIGN_OR_RETURN(ListMeta meta, DecodeListMeta(envelope.payload));
  return std::optional<uint64_t>(meta.version);
}

}  // namespace stepdb
