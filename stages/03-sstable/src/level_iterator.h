// LevelIterator: the tables of one sorted level as a single iterator.
//
// Below level 0 (stage 05), a level is one sorted run cut into tables whose key ranges do
// not overlap, in key order. A scan could merge one iterator per table, but the merging
// iterator looks at every child on each step; since at most one table of such a level is
// current at a time, this iterator walks the tables one after the other instead, and opens
// a table's iterator only when it gets there (LevelDB's two-level "concatenating" iterator).
//
//   tables   [a .. f]  [g .. m]  [n .. z]
//   Seek(h)            ^ the first table whose largest key >= h, then Seek(h) inside it
//
// Thread safety: one thread at a time, like every iterator.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "iterator.h"
#include "table.h"

namespace stepdb {

struct LevelTable {
  std::string largest;  // the table's last key
  std::shared_ptr<const Table> table;
};

class LevelIterator final : public Iterator {
 public:
  // REQUIRES: tables sorted by key, their ranges disjoint. The iterator keeps them open.
  LevelIterator(std::vector<LevelTable> tables, TableReadOptions read_options)
      : tables_(std::move(tables)), read_options_(read_options) {}

  bool Valid() const override { return current_ != nullptr && current_->Valid(); }
  void SeekToFirst() override;
  void Seek(std::string_view target) override;
  void Next() override;
  std::string_view key() const override { return current_->key(); }
  std::string_view value() const override { return current_->value(); }
  EntryKind kind() const override { return current_->kind(); }
  Status status() const override;

 private:
  // Opens table `index` (or ends the iteration past the last table).
  void Open(size_t index);
  // Moves on to the next tables while the current one is exhausted.
  void SkipExhaustedTables();

  const std::vector<LevelTable> tables_;
  const TableReadOptions read_options_;
  size_t index_ = 0;
  std::unique_ptr<Iterator> current_;  // nullptr past the last table
};

}  // namespace stepdb
