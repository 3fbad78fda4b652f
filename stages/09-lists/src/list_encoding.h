// How a list lies on the engine: one metadata record and one record per element, each at a
// position that orders it.
//
// Stage 08 keeps a hash or a set as its key's envelope plus one record per element, in hash
// order. A list is kept the same way, with the element's place in the list where the hash was:
//
//   the key's envelope (value_envelope.h, type list)           the metadata: payload :=
//       version:varint64 head:varint64 size:varint64
//   one record below the key per element (keyspace.h, 'S')   suffix :=
//       version:fixed64-big-endian position:fixed64-big-endian        value := the element
//
//   version   as stage 08's: a number no other collection of any type ever had; DEL, an
//             overwrite, an expiry or a RENAME end the list of any length with one write
//   head      the position of the first element
//   size      how many elements the list holds (LLEN in O(1))
//   position  head + index: the elements occupy the positions [head, head + size), with
//             no gaps, so big-endian positions put them in list order
//
// Why contiguous positions. LINDEX and LSET of any index are one lookup (the position is
// head + index), LPUSH and RPUSH write at head - 1 and head + size, LPOP and RPOP delete at
// head and head + size - 1, and LRANGE is one ordered scan of the positions it asks for. The
// price is paid in the middle: LINSERT and LREM must keep the positions gapless, so they
// move the elements on one side of the change by one position each (List::Insert, Remove).
//
// Why the middle of the space. A new list starts with head = 2^63 (kListStartPosition), so
// from an empty list there are exactly 2^63 positions each way: 2^63 - 1 down to 0 for LPUSH,
// 2^63 up to 2^64 - 1 for RPUSH. Pushes at a rate of a billion a second would take almost
// three centuries to run out. A list that empties is deleted, and the next one under that key
// starts in the middle again with a new version. Running out is still checked (List::Push,
// List::Insert): a push that would leave the space fails with "list position space
// exhausted" instead of wrapping around.
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

struct ListMeta {
  uint64_t version = 0;
  uint64_t head = 0;  // the position of the element of index 0
  uint64_t size = 0;
};

// The head of a new list: the middle of the position space.
inline constexpr uint64_t kListStartPosition = uint64_t{1} << 63;

// Appends the metadata's bytes to *out.
void EncodeListMeta(const ListMeta& meta, std::string* out);
// Parses a list's payload. Corruption ("list metadata: damaged") if it is not three varints
// and nothing else, or if its positions [head, head + size) do not fit in 64 bits.
Result<ListMeta> DecodeListMeta(std::string_view payload);

// The suffix of the record at `position` in the list of `version`. Every record of a version
// begins with stage 08's ElementPrefix(version).
std::string ListElementSuffix(uint64_t version, uint64_t position);
// The position a list record's suffix names; nullopt if the suffix is not 16 bytes long.
std::optional<uint64_t> ParseListElementPosition(std::string_view suffix);

// The version of the list, hash or set that envelope holds; nullopt for a type that keeps no
// records; Corruption if the metadata is damaged. Stage 08's CollectionVersion with lists:
// what the server's StaleElementFilter asks, so that compaction keeps a live list's records.
Result<std::optional<uint64_t>> ListOrCollectionVersion(const ValueEnvelope& envelope);

}  // namespace stepdb
