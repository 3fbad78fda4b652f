// Iterator: a forward cursor over sorted (key, kind, value) entries.
//
// Every sorted source of the LSM read path has the same shape: a data block, a whole table,
// the memtable, and the merge of all of them (merging_iterator.h). One interface lets the
// layers nest: a table iterator walks its index block with a block iterator and each data
// block with another; a merging iterator merges table iterators and memtable iterators
// without knowing which is which. The model is LevelDB's Iterator, forward only.
//
// Order is byte order: keys compare like memcmp, shorter first on a common prefix (which is
// what std::string_view's operator< does).
//
//   for (it->Seek("user:"); it->Valid() && it->key() < "user;"; it->Next()) { ... }
//   if (!it->status().ok()) { ... }  // an error ends the loop like the end of the data does
//
// Rules every implementation keeps:
//   1. A new iterator is not Valid() until it is positioned with SeekToFirst or Seek.
//   2. Valid() is false at the end of the data and after an error; status() tells the two
//      apart. Once status() is not ok it stays so, and Valid() stays false.
//   3. The views key() and value() stay valid until the iterator moves or is destroyed;
//      copy them to keep them longer. No iterator allocates per entry to produce them.
//
// Thread safety: an iterator belongs to one thread at a time.
#pragma once

#include <memory>
#include <string_view>

#include "common/status.h"
#include "entry_kind.h"

namespace stepdb {

class Iterator {
 public:
  Iterator() = default;
  Iterator(const Iterator&) = delete;
  Iterator& operator=(const Iterator&) = delete;
  virtual ~Iterator() = default;

  // True iff the iterator is positioned at an entry.
  virtual bool Valid() const = 0;

  // Positions at the first entry, or makes the iterator invalid if there is none.
  virtual void SeekToFirst() = 0;

  // Positions at the first entry whose key is >= target (invalid if there is none).
  virtual void Seek(std::string_view target) = 0;

  // Moves to the next entry, or past the end (invalid).
  // REQUIRES: Valid()
  virtual void Next() = 0;

  // REQUIRES: Valid()
  virtual std::string_view key() const = 0;
  // REQUIRES: Valid(). Empty for a deletion.
  virtual std::string_view value() const = 0;
  // REQUIRES: Valid()
  virtual EntryKind kind() const = 0;

  // Ok, or the error that made the iterator invalid (Corruption, IOError, NotImplemented).
  virtual Status status() const = 0;
};

// An iterator over nothing: never valid, status ok.
std::unique_ptr<Iterator> NewEmptyIterator();

// An iterator that is never valid and reports `status`.
// REQUIRES: !status.ok()
std::unique_ptr<Iterator> NewErrorIterator(Status status);

}  // namespace stepdb
