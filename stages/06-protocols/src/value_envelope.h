// ValueEnvelope: what the server stores as the engine value of every key, whatever its type.
//
// Every value carries the same small header, so that one key space serves both protocols and
// every later type: a Redis string set by SET and an item set by Memcached's `set` are the
// same record, and stage 08's hash is a record of the same shape with another type tag.
//
//   envelope := type:u8 present:u8 [expire_at_ms:fixed64] [client_flags:fixed32] cas:varint64
//               payload
//
//   type          what the payload is (ValueType below; never change the numbers)
//   present       bit 0: expire_at_ms follows; bit 1: client_flags follows; other bits zero
//   expire_at_ms  absolute unix time in milliseconds at which the key expires (stage 07)
//   client_flags  Memcached's opaque 32-bit flags, absent when zero
//   cas           Memcached's "cas unique": a number that changes on every write of the key
//   payload       the rest: a string's bytes; a collection's metadata from stage 08 on
//
// A string "abc" with no expiry, flags 0 and cas 300 is 2 + 2 + 3 bytes:
//   00 00 ac 02 61 62 63        (type string, nothing optional, varint 300, "abc")
// docs/formats/keyspace.md has the full grammar, the key encoding beside it, and the
// trade-offs (why optional fields instead of a fixed header: a short value stays short).
//
// Thread safety: plain values and free functions; no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace stepdb {

// The type tag of an envelope. Stored on disk: the numbers never change.
enum class ValueType : uint8_t {
  kString = 0,
  kHash = 1,
  kSet = 2,
  kList = 3,
  kZSet = 4,
};

// Redis's name for a type, as TYPE replies ("string", "hash", ...).
const char* ValueTypeName(ValueType type);

struct ValueEnvelope {
  ValueType type = ValueType::kString;
  int64_t expire_at_ms = 0;   // 0: never expires
  uint32_t client_flags = 0;  // Memcached's flags
  uint64_t cas = 0;           // set by the keyspace on every write
  std::string payload;
};

// Appends the bytes of `envelope` to *out.
void EncodeEnvelope(const ValueEnvelope& envelope, std::string* out);
std::string EncodeEnvelope(const ValueEnvelope& envelope);

// Parses an envelope. Corruption if the bytes are shorter than their header says, a present
// bit is unknown, or the type tag is not a ValueType.
Result<ValueEnvelope> DecodeEnvelope(std::string_view bytes);

// The expiry of an encoded envelope without decoding the rest (0: none), for code that
// meets many envelopes and wants only their time (a scan, a compaction filter). Bytes too
// short for their header read as no expiry; DecodeEnvelope reports them.
int64_t EnvelopeExpireAt(std::string_view bytes);

// The one rule of expiry, for both protocols: a value with this expiry is expired at now_ms
// iff it has one (0: never) and it is not later than now_ms.
inline bool IsExpired(int64_t expire_at_ms, int64_t now_ms) {
  return expire_at_ms != 0 && expire_at_ms <= now_ms;
}

}  // namespace stepdb
