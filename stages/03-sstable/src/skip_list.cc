#include "skip_list.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <new>

namespace stepdb {
namespace {

constexpr size_t kFilterBitsPerKey = 10;
// Fewer than the best number (ln 2 * 10, about 7) for fewer memory reads per lookup: about
// 1.2% false positives at 10 bits per key instead of 0.8%.
constexpr int kFilterProbes = 4;
constexpr size_t kFilterFirstWords = 16;

// The filter's probes (Kirsch-Mitzenmacher double hashing: h, h + d, h + 2d, ... over 64-bit
// words) for key: calls probe(word, bit) until it returns false; returns whether all did.
template <typename Probe>
bool ForEachFilterBit(std::string_view key, size_t words, Probe probe) {
  uint64_t hash = std::hash<std::string_view>{}(key);
  const uint64_t delta = (hash >> 32) | 1;  // odd: the probes differ for any power-of-two size
  const uint64_t mask = words * 64 - 1;
  for (int i = 0; i < kFilterProbes; ++i, hash += delta) {
    const uint64_t bit = hash & mask;
    if (!probe(bit / 64, uint64_t{1} << (bit % 64))) return false;
  }
  return true;
}

}  // namespace

SkipList::SkipList(Arena* arena)
    : arena_(arena), head_(NewNode({}, kMaxHeight, 0)), filter_(kFilterFirstWords, 0) {}

void SkipList::AddToFilter(std::string_view key) {
  auto set = [this](size_t word, uint64_t bit) {
    filter_[word] |= bit;
    return true;
  };
  if (size_ * kFilterBitsPerKey <= filter_.size() * 64) {
    ForEachFilterBit(key, filter_.size(), set);
    return;
  }
  // Outgrown: twice the bits, set again from every node, key's among them. Each doubling
  // reads as many nodes as were put since the last, so this adds a constant to a put.
  filter_.assign(filter_.size() * 2, 0);
  for (const Node* node = First(); node != nullptr; node = node->next()) {
    ForEachFilterBit(node->key(), filter_.size(), set);
  }
}

bool SkipList::MayContain(std::string_view key) const {
  return ForEachFilterBit(key, filter_.size(),
                          [this](size_t word, uint64_t bit) { return (filter_[word] & bit) != 0; });
}

SkipList::Node* SkipList::NewNode(std::string_view key, int height, size_t value_capacity) {
  const size_t bytes =
      sizeof(Node) + sizeof(Node*) * static_cast<size_t>(height) + key.size() + value_capacity;
  Node* node = new (arena_->Allocate(bytes)) Node;
  node->height_ = static_cast<uint8_t>(height);
  for (int level = 0; level < height; ++level) node->links()[level] = nullptr;
  node->key_size_ = static_cast<uint32_t>(key.size());
  char* key_bytes = node->key_data();
  if (!key.empty()) std::memcpy(key_bytes, key.data(), key.size());
  node->value_ = key_bytes + key.size();
  node->value_capacity_ = static_cast<uint32_t>(value_capacity);
  return node;
}

int SkipList::RandomHeight() {
  int height = 1;
  while (height < kMaxHeight) {
    // xorshift32 (Marsaglia, 2003): fast, and good enough to draw one level in four.
    random_state_ ^= random_state_ << 13;
    random_state_ ^= random_state_ >> 17;
    random_state_ ^= random_state_ << 5;
    if (random_state_ % kBranching != 0) break;
    ++height;
  }
  return height;
}

SkipList::Node* SkipList::FindGreaterOrEqual(std::string_view target, Node** prev) const {
  Node* node = head_;
  int level = height_ - 1;
  // The last node found to be >= target. After a drop, the next node on the level below is
  // often that same node, and comparing it again would repeat a key comparison whose answer
  // is known (LevelDB's skiplist.h skips it too).
  const Node* not_before = nullptr;
  while (true) {
    Node* next = node->links()[level];
    if (next != not_before && next != nullptr && next->key() < target) {
      node = next;  // still before target: keep right on this level
    } else {
      not_before = next;
      if (prev != nullptr) prev[level] = node;
      if (level == 0) return next;
      --level;
    }
  }
}

const SkipList::Node* SkipList::Seek(std::string_view target) const {
  return FindGreaterOrEqual(target, nullptr);
}

void SkipList::Put(std::string_view key, EntryKind kind, std::string_view value) {
  Node* prev[kMaxHeight];
  Node* node = FindGreaterOrEqual(key, prev);
  if (node == nullptr || node->key() != key) {
    const int height = RandomHeight();
    for (int level = height_; level < height; ++level) prev[level] = head_;
    height_ = std::max(height_, height);
    node = NewNode(key, height, value.size());
    for (int level = 0; level < height; ++level) {
      node->links()[level] = prev[level]->links()[level];
      prev[level]->links()[level] = node;
    }
    ++size_;
    AddToFilter(key);
  } else if (value.size() > node->value_capacity_) {
    node->value_ = arena_->Allocate(value.size());
    node->value_capacity_ = static_cast<uint32_t>(value.size());
  }
  node->kind_ = kind;
  node->value_size_ = static_cast<uint32_t>(value.size());
  if (!value.empty()) std::memcpy(node->value_, value.data(), value.size());
}

}  // namespace stepdb
