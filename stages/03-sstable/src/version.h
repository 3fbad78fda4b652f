// Version: the tables of the tree at one moment, and the edits that make the next one.
//
// A version is an immutable list of open tables per level. The engine publishes a new one
// (a shared_ptr swap under its mutex) whenever the tree changes; a reader takes the current
// one and reads without a lock for as long as it likes, because nothing in a version ever
// changes. A table leaves the disk only when no version and no iterator holds it any more
// (obsolete_file.h).
//
//   version 7: L0 [12, 9]  L1 [4 | 6]        a Get holding version 7 still reads table 12
//                  │ TreeEdit { removed 12, 9, 4; added L1 13 }
//                  ▼
//   version 8: L0 []       L1 [13 | 6]       new readers take version 8
//
// Two things change the tree. A flush puts one new table in front of level 0 (the engine
// does that itself, lsm_flush.cc). A compaction (stage 05) swaps tables of any level for new
// ones: it describes the change as a TreeEdit, and ApplyTreeEdit below computes the MANIFEST
// state and the version that follow from it; LsmEngine::ApplyEdit stores the one and installs
// the other. Stage 03 never compacts, so in this stage ApplyTreeEdit is a seam that stage 05
// fills with edits.
//
// The rules an edit keeps (the MANIFEST's, manifest.h):
//   1. Level 0 is newest first: an added level-0 table goes in front.
//   2. Levels 1 and deeper are sorted by smallest key (a compaction keeps them disjoint).
//   3. A table both removed and added (same number) moves to its new level: the same open
//      Table and the same file, never reopened and never deleted.
//   4. A removed table that does not move is obsolete: its file is deleted once unused.
//
// Thread safety: the types are plain values; a published Version is never changed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "common/result.h"
#include "manifest.h"
#include "table.h"

namespace stepdb {

// A live table: what the MANIFEST says about it, and the open reader.
struct LiveTable {
  TableMeta meta;
  std::shared_ptr<Table> table;
  // Set when the table leaves the tree (rule 4): its file is removed once the Table is
  // destroyed, that is when no version and no iterator uses it any more.
  std::shared_ptr<std::atomic<bool>> obsolete;
};

// The tables of the tree at one moment; immutable once published.
struct Version {
  std::vector<std::vector<LiveTable>> levels;  // levels[0] newest first
};

// A change of the tree's tables, made by a compaction: what leaves and what comes in.
struct TreeEdit {
  std::vector<uint64_t> removed;  // numbers of live tables, of any level
  struct Added {
    size_t level;
    TableMeta meta;
  };
  std::vector<Added> added;    // tables already written, synced and closed
  uint64_t bytes_written = 0;  // added to ManifestState::bytes_compacted
};

// What the tree looks like after an edit; nothing of it is stored or installed yet.
struct EditedTree {
  ManifestState manifest;            // to store
  std::shared_ptr<Version> version;  // to install once the MANIFEST is stored
  std::vector<LiveTable> obsolete;   // removed for good: to mark obsolete after the store
};

// Opens a table the edited MANIFEST is about to name.
using TableOpener = std::function<Result<LiveTable>(const TableMeta& meta)>;

// Applies `edit` to the state `manifest` and its version `current` (which must describe the
// same tables), keeping the rules above; a level that does not exist yet is added. Opens each
// added table with `open`, except a moved one. InvalidArgument if a removed table is not live;
// `open`'s error for an added table. Changes nothing outside its result.
Result<EditedTree> ApplyTreeEdit(const ManifestState& manifest, const Version& current,
                                 const TreeEdit& edit, const TableOpener& open);

}  // namespace stepdb
