// Block and BlockIterator: reading one block built by BlockBuilder (block_builder.h has the
// byte grammar).
//
// A Block holds the bytes of one block (without its on-disk trailer) and knows where its
// restart array starts; Block::Parse checks that array once, so iterators can trust it.
// The bytes stay where ReadBlock read them, uncopied: in the mapping of the table file when
// the file system maps it, else in a buffer of their own; the block keeps whichever it is
// alive (BlockContents::pin), so a block needs neither its table nor its file open.
// Blocks are immutable and shared (std::shared_ptr<const Block>): the block cache and every
// iterator reading a block keep it alive.
//
// BlockIterator::Seek(target) binary-searches the restart points (each stores its key
// whole, so the key can be compared in place) for the last restart whose key is < target,
// then decodes forward, at most one restart interval, to the first key >= target:
//
//   restarts:   [0] "apple"      [1] "grape"      [2] "peach"
//   Seek("kiwi"): "grape" < "kiwi" <= "peach"  ->  decode from restart 1: grape, lemon (stop)
//
// A key stored whole is viewed in place inside the block; a prefix-compressed key is rebuilt
// in a buffer that the iterator reuses, so iteration does not allocate per entry.
//
// A malformed entry makes the iterator invalid with a Corruption status that gives the byte
// offset inside the block; the table layer adds the file name and the block's offset.
//
// Thread safety: a Block may be read by many threads at once; a BlockIterator belongs to one
// thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "iterator.h"

namespace stepdb {

// The bytes of one block as read from a file, and what keeps them alive: the pin of
// RandomAccessFile::ReadPinned (the file's mapping, or a buffer of their own).
struct BlockContents {
  std::string_view bytes;  // valid as long as pin is held
  std::shared_ptr<const void> pin;

  // Contents that own a copy of bytes (blocks made in memory, tests).
  static BlockContents Copy(std::string_view bytes);
};

class Block {
 public:
  // Checks the restart array of contents. Corruption (without file or block offset, which
  // the caller adds) if the block is too short, has no restart, or a restart point is out
  // of order or past the entries.
  static Result<std::shared_ptr<const Block>> Parse(BlockContents contents);

  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;

  std::string_view contents() const { return contents_.bytes; }
  // The size of the block's contents (what a block cache charges for it), whether they lie
  // in a buffer of their own or in the mapping of their file.
  size_t size() const { return contents_.bytes.size(); }
  uint32_t num_restarts() const { return num_restarts_; }
  // The offset of the restart array, which is where the entries end.
  uint32_t restarts_offset() const { return restarts_offset_; }
  // REQUIRES: i < num_restarts()
  uint32_t restart_point(uint32_t i) const;

  // An iterator over the entries. REQUIRES: the block outlives the iterator.
  std::unique_ptr<Iterator> NewIterator() const;

 private:
  Block(BlockContents contents, uint32_t restarts_offset, uint32_t num_restarts)
      : contents_(std::move(contents)),
        restarts_offset_(restarts_offset),
        num_restarts_(num_restarts) {}

  BlockContents contents_;
  uint32_t restarts_offset_;
  uint32_t num_restarts_;
};

class BlockIterator final : public Iterator {
 public:
  // Over no block: behaves like an iterator over an empty block until Reset.
  BlockIterator() { Reset(nullptr); }
  // REQUIRES: block outlives the iterator's use of it (until the next Reset).
  explicit BlockIterator(const Block* block) { Reset(block); }

  // Starts over on another block (nullptr: none), unpositioned, with an ok status. Keeps the
  // key buffer, so a table iterator that moves from block to block does not allocate.
  void Reset(const Block* block);

  bool Valid() const override { return current_ < restarts_offset_; }
  void SeekToFirst() override;
  void Seek(std::string_view target) override;
  void Next() override;
  std::string_view key() const override { return key_; }
  std::string_view value() const override { return value_; }
  EntryKind kind() const override { return kind_; }
  Status status() const override { return status_; }

  // The offset of the current entry inside the block. REQUIRES: Valid()
  uint32_t entry_offset() const { return current_; }

 private:
  // Decodes the entry at offset into key_/value_/kind_ and makes it current. At the end of
  // the entries the iterator becomes invalid; on a malformed entry it records Corruption.
  // An entry reached through a restart point must store its key whole.
  void ParseEntry(uint32_t offset, bool at_restart);
  void SeekToRestart(uint32_t index);
  // The whole key stored at restart point `index`, viewed in the block; false (with the
  // iterator marked corrupted) if that entry is malformed.
  bool KeyAtRestart(uint32_t index, std::string_view* key);
  uint32_t RestartPoint(uint32_t index) const;
  void MarkCorrupted(uint32_t offset, const char* what);
  void Invalidate();

  const char* data_ = nullptr;
  uint32_t restarts_offset_ = 0;  // end of the entries; current_ == this means invalid
  uint32_t num_restarts_ = 0;
  uint32_t current_ = 0;  // offset of the current entry
  uint32_t next_ = 0;     // offset of the entry after it
  std::string_view key_;  // in the block, or in key_buffer_
  std::string_view value_;
  EntryKind kind_ = EntryKind::kDeletion;
  std::string key_buffer_;
  Status status_;
};

}  // namespace stepdb
