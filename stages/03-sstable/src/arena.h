// Arena: memory handed out in pieces and given back all at once.
//
// A memtable allocates a small piece for every write and frees nothing until it is dropped
// whole, after its flush. An arena fits that life exactly: it cuts pieces from blocks of
// kBlockSize bytes, one after another, and frees its blocks only in its destructor. A piece
// costs a pointer bump instead of a malloc, pieces written one after another sit side by
// side in memory, and dropping a memtable of a hundred thousand entries frees a thousand
// blocks instead of three hundred thousand strings (LevelDB's util/arena.h works the same
// way).
//
//   block 1: [piece][piece][piece][..unused..]   a piece that does not fit in what is left
//   block 2: [piece][piece][piece][piece][...]   starts a new block; the rest is wasted
//   block 3: [one large piece.....................]   over a quarter block: a block of its own
//
// Pieces are never freed one by one. memory_usage() counts what the pieces took, the wasted
// ends of earlier blocks included, which is what the memtable weighs itself by; it does not
// count the free end of the current block, so that a small memtable does not weigh a block.
//
// Thread safety: none; the owner serializes every call.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace stepdb {

class Arena {
 public:
  static constexpr size_t kBlockSize = 4096;

  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // `bytes` bytes aligned for a pointer, valid until the arena is destroyed.
  // REQUIRES: bytes > 0.
  char* Allocate(size_t bytes);

  // The bytes of every block allocated so far, less the unused end of the current block:
  // what the pieces took, with the ends of earlier blocks that no piece fitted into.
  size_t memory_usage() const { return memory_usage_ - remaining_; }

 private:
  static constexpr size_t kAlignment = alignof(void*);

  char* AllocateNewBlock(size_t bytes);

  char* next_ = nullptr;  // the free part of the current block
  size_t remaining_ = 0;  // bytes left at next_
  size_t memory_usage_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
};

}  // namespace stepdb
