#include "arena.h"

namespace stepdb {

char* Arena::Allocate(size_t bytes) {
  // Rounding every piece up keeps next_ aligned, so the next piece is aligned too.
  bytes = (bytes + kAlignment - 1) & ~(kAlignment - 1);
  if (bytes <= remaining_) {
    char* piece = next_;
    next_ += bytes;
    remaining_ -= bytes;
    return piece;
  }
  if (bytes > kBlockSize / 4) {
    // A large piece gets a block of its own, so the rest of the current block stays usable.
    return AllocateNewBlock(bytes);
  }
  next_ = AllocateNewBlock(kBlockSize);
  remaining_ = kBlockSize;
  char* piece = next_;
  next_ += bytes;
  remaining_ -= bytes;
  return piece;
}

char* Arena::AllocateNewBlock(size_t bytes) {
  // new char[] returns memory aligned for any fundamental type, pointers included.
  blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
  memory_usage_ += bytes + sizeof(char*);
  return blocks_.back().get();
}

}  // namespace stepdb
