// How a hash or a set lies on the engine: one metadata record and one record per element.
//
// Redis keeps a collection in memory. Here a collection may be larger than memory, so it
// lives on the LSM engine, split the way Apache Kvrocks splits its collections over RocksDB:
//
//   the key's envelope (value_envelope.h, type hash or set)   the metadata: payload :=
//       version:varint64 size:varint64
//   one record below the key per element (keyspace.h, 'S')   suffix :=
//       version:fixed64-big-endian hash:fixed64-big-endian element        value :=
//       a hash's field value, or nothing for a set's member
//
//   version  a number no other collection ever had (the keyspace's cas counter when the
//            collection was created); the elements of a collection carry it
//   size     how many elements the collection holds (HLEN, SCARD in O(1))
//   hash     BloomHash64(element) (stage 04's hash, pinned by the table format's test vectors)
//
// Why a version. DEL, an overwrite by SET, an expiry, or a *STORE that replaces the key all
// end a collection of any size with one write, of its envelope: the elements of the old
// version are stale from that moment, because every read goes through the envelope and only
// looks below the version it names. Nothing walks them on the request path; compaction drops
// them later (StaleElementFilter). A collection created again under the same key gets a new
// version, so the old elements can never come back into it.
//
// Why the hash before the element. The elements of one collection are contiguous and
// ordered by hash, as Redis's are by their place in its hash table, and a random point of the
// 64-bit space is a random element: the first one at or after it. SPOP, SRANDMEMBER and
// HRANDFIELD find one with a seek instead of a walk. The price is eight bytes per element and
// an order that means nothing to a reader (HGETALL, SMEMBERS and the scans come in hash
// order, which Redis clients must not rely on anyway).
//
// The worked example and the grammar beside the key encoding are in docs/formats/keyspace.md.
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

// The metadata a collection's envelope carries as its payload.
struct CollectionMeta {
  uint64_t version = 0;
  uint64_t size = 0;
};

// True for the types whose values are collections kept as records (hash, set).
bool IsCollectionType(ValueType type);

// The version of the hash or set that envelope holds; nullopt if it holds another type;
// Corruption if its metadata is damaged (StaleElementFilter's question).
Result<std::optional<uint64_t>> CollectionVersion(const ValueEnvelope& envelope);

// Appends the metadata's bytes to *out.
void EncodeCollectionMeta(const CollectionMeta& meta, std::string* out);
// Parses a collection's payload. Corruption ("collection metadata: damaged") if it is not two
// varints and nothing else.
Result<CollectionMeta> DecodeCollectionMeta(std::string_view payload);

// The suffix of the record of `element` in the collection of `version`.
std::string ElementSuffix(uint64_t version, std::string_view element);
// The suffix that every element record of `version` begins with.
std::string ElementPrefix(uint64_t version);

// A collection may keep a second family of records beside its elements, in another order
// (stage 10's sorted sets keep their members by score there, as Redis keeps a skiplist beside
// a sorted set's dict). Those records carry the collection's version with the top bit set.
// Versions come from the keyspace's cas counter, which starts at the clock in microseconds and
// stays far below 2^63, so the two families never share a prefix, and compaction
// (StaleElementFilter) judges a record of either by OwnerVersion: the version of the
// collection it belongs to.
inline constexpr uint64_t kSecondFamilyBit = uint64_t{1} << 63;
constexpr uint64_t SecondFamilyVersion(uint64_t version) { return version | kSecondFamilyBit; }
constexpr uint64_t OwnerVersion(uint64_t record_version) {
  return record_version & ~kSecondFamilyBit;
}
// The suffix of the first element at or after `hash` in byte order (a seek target).
std::string ElementSeek(uint64_t version, uint64_t hash);

// What a record suffix holds. Parse fails (nullopt) on a suffix shorter than 16 bytes.
struct ElementSuffixParts {
  uint64_t version;
  uint64_t hash;
  std::string_view element;
};
std::optional<ElementSuffixParts> ParseElementSuffix(std::string_view suffix);

}  // namespace stepdb
