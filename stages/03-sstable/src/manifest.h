// The manifest: which tables are live, and which log the memtable is rebuilt from.
//
// An LSM tree is a set of immutable files plus a little state that says which of them count.
// That state lives in one small file, MANIFEST, rewritten whole on every change through a
// temporary file and a rename (FileSystem::WriteFileAtomically). rename() is atomic, so after
// a crash MANIFEST holds either the old state or the new one, never a mix; and a table only
// counts once a MANIFEST naming it is durable. This gives the two recovery rules:
//
//   1. A table file that MANIFEST does not name is an orphan (a flush or compaction that
//      crashed before its manifest write). It is never read, and start-up deletes it.
//   2. Logs numbered below log_number were already flushed into tables: start-up deletes
//      them; logs from log_number on are replayed, oldest first.
//
// LevelDB instead appends VersionEdits to a log-structured MANIFEST and switches files with
// CURRENT; that scales to very many tables, which this engine does not need (a few hundred
// tables make a manifest of a few tens of KiB). The body is a list of tagged fields, so later
// stages can add fields without a new format version. Format: docs/formats/manifest.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "file_system.h"

namespace stepdb {

// What the engine knows about a table without opening it.
struct TableMeta {
  uint64_t number = 0;   // the file is TableFileName(dir, number)
  uint64_t size = 0;     // bytes
  std::string smallest;  // first key in the table
  std::string largest;   // last key in the table

  // False iff key lies outside [smallest, largest], so the table cannot hold it.
  bool MayContain(std::string_view key) const { return key >= smallest && key <= largest; }

  bool operator==(const TableMeta&) const = default;
};

struct ManifestState {
  uint64_t next_file_number = 1;  // the next log or table gets this number
  uint64_t log_number = 0;        // the oldest log still needed (0: none yet)
  // levels[0] is newest first (its tables may overlap); levels[1..] are sorted by smallest
  // key and do not overlap. Stage 03 uses level 0 only; stage 05 adds the others.
  std::vector<std::vector<TableMeta>> levels;
  // Bytes of tables written by flushes and by compactions, since the database was created
  // (for write amplification).
  uint64_t bytes_flushed = 0;
  uint64_t bytes_compacted = 0;

  bool operator==(const ManifestState&) const = default;
};

// The bytes of MANIFEST for `state` (format version 1).
std::string EncodeManifest(const ManifestState& state);
// Corruption (naming `file` and the offset) if the bytes are not a valid manifest.
Result<ManifestState> DecodeManifest(std::string_view bytes, const std::string& file);

// Reads dir/MANIFEST; NotFound if there is none (a new database).
Result<ManifestState> LoadManifest(FileSystem& fs, const std::string& dir);
// Replaces dir/MANIFEST with `state`, durably and atomically.
Status StoreManifest(FileSystem& fs, const std::string& dir, const ManifestState& state);

}  // namespace stepdb
