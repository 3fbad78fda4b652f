#include "value_envelope.h"

#include "common/coding.h"

namespace stepdb {
namespace {

constexpr uint8_t kHasExpiry = 1;
constexpr uint8_t kHasFlags = 2;
constexpr uint8_t kKnownBits = kHasExpiry | kHasFlags;
constexpr uint8_t kLastType = static_cast<uint8_t>(ValueType::kZSet);

}  // namespace

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kString:
      return "string";
    case ValueType::kHash:
      return "hash";
    case ValueType::kSet:
      return "set";
    case ValueType::kList:
      return "list";
    case ValueType::kZSet:
      return "zset";
  }
  return "none";
}

void EncodeEnvelope(const ValueEnvelope& envelope, std::string* out) {
  // BEGIN SOLUTION
  // STARTER: (void)envelope;
  // STARTER: (void)out;  // writes nothing: every read of it fails to decode
  const uint8_t present =
      (envelope.expire_at_ms != 0 ? kHasExpiry : 0) | (envelope.client_flags != 0 ? kHasFlags : 0);
  out->push_back(static_cast<char>(envelope.type));
  out->push_back(static_cast<char>(present));
  if (present & kHasExpiry) PutFixed64(out, static_cast<uint64_t>(envelope.expire_at_ms));
  if (present & kHasFlags) PutFixed32(out, envelope.client_flags);
  PutVarint64(out, envelope.cas);
  out->append(envelope.payload);
  // END SOLUTION
}

std::string EncodeEnvelope(const ValueEnvelope& envelope) {
  std::string out;
  out.reserve(envelope.payload.size() + 16);
  EncodeEnvelope(envelope, &out);
  return out;
}

Result<ValueEnvelope> DecodeEnvelope(std::string_view bytes) {
  // BEGIN SOLUTION
  // STARTER: (void)bytes;
  // STARTER: return Status::NotImplemented("stage 06: DecodeEnvelope");
  if (bytes.size() < 2) return Status::Corruption("value envelope: shorter than its header");
  ValueEnvelope envelope;
  const auto type = static_cast<uint8_t>(bytes[0]);
  const auto present = static_cast<uint8_t>(bytes[1]);
  if (type > kLastType) {
    return Status::Corruption("value envelope: unknown type tag " + std::to_string(type));
  }
  if (present & ~kKnownBits) {
    return Status::Corruption("value envelope: unknown header bits " + std::to_string(present));
  }
  envelope.type = static_cast<ValueType>(type);
  bytes.remove_prefix(2);
  uint64_t expire = 0;
  if ((present & kHasExpiry) && !GetFixed64(&bytes, &expire)) {
    return Status::Corruption("value envelope: truncated expiry");
  }
  envelope.expire_at_ms = static_cast<int64_t>(expire);
  if ((present & kHasFlags) && !GetFixed32(&bytes, &envelope.client_flags)) {
    return Status::Corruption("value envelope: truncated client flags");
  }
  if (!GetVarint64(&bytes, &envelope.cas)) return Status::Corruption("value envelope: bad cas");
  envelope.payload.assign(bytes);
  return envelope;
  // END SOLUTION
}

int64_t EnvelopeExpireAt(std::string_view bytes) {
  if (bytes.size() < 2 || !(static_cast<uint8_t>(bytes[1]) & kHasExpiry)) return 0;
  bytes.remove_prefix(2);
  uint64_t expire = 0;
  return GetFixed64(&bytes, &expire) ? static_cast<int64_t>(expire) : 0;
}

}  // namespace stepdb
