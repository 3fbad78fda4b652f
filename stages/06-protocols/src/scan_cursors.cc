#include "scan_cursors.h"

#include <random>
#include <utility>

namespace stepdb {
namespace {

uint64_t RandomFirstCursor() {
  std::random_device device;
  const uint64_t bits = (uint64_t{device()} << 32) | device();
  return (bits >> 2) | 1;  // below 2^62, and never 0
}

}  // namespace

ScanCursors::ScanCursors() : ScanCursors(RandomFirstCursor()) {}

ScanCursors::ScanCursors(uint64_t first) : next_(first) {}

uint64_t ScanCursors::Issue(std::string last_key) {
  const uint64_t cursor = next_++;
  key_bytes_ += last_key.size();
  keys_.emplace(cursor, std::move(last_key));
  issued_.push_back(cursor);
  // The newest cursor is kept even if its key alone is over the byte bound: the client that
  // just got it is about to use it.
  while (issued_.size() > 1 && (issued_.size() > kMaxCursors || key_bytes_ > kMaxKeyBytes)) {
    auto oldest = keys_.find(issued_.front());
    key_bytes_ -= oldest->second.size();
    keys_.erase(oldest);
    issued_.pop_front();
  }
  return cursor;
}

const std::string* ScanCursors::Find(uint64_t cursor) const {
  auto it = keys_.find(cursor);
  return it == keys_.end() ? nullptr : &it->second;
}

}  // namespace stepdb
