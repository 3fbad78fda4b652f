// EntryKind and LookupState: what an LSM source (memtable or table) knows about a key.
//
// Stage 03 stores deletes as entries: a Deletion entry (a "tombstone") in a newer source hides
// every value of its key in older sources until compaction (stage 05) can drop both. There
// are no sequence numbers: a source holds at most one entry per key, and the order of the
// sources (newest first) decides which entry wins.
#pragma once

#include <cstdint>

namespace stepdb {

// Written as one byte into every table entry (docs/formats/sstable.md). Never change.
enum class EntryKind : uint8_t {
  kDeletion = 0,
  kValue = 1,
};

// The answer of a point lookup in one source.
enum class LookupState : uint8_t {
  kAbsent,   // the source says nothing about the key: ask an older source
  kFound,    // the source holds a value for the key
  kDeleted,  // the source holds a tombstone: the key is deleted, older sources are hidden
};

// "value" or "deletion".
inline const char* EntryKindName(EntryKind kind) {
  return kind == EntryKind::kValue ? "value" : "deletion";
}

}  // namespace stepdb
