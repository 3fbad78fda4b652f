#include "skip_list.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace stepdb {

SkipList::SkipList(Arena* arena) : arena_(arena), head_(NewNode({}, kMaxHeight, 0)) {}

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
  } else if (value.size() > node->value_capacity_) {
    node->value_ = arena_->Allocate(value.size());
    node->value_capacity_ = static_cast<uint32_t>(value.size());
  }
  node->kind_ = kind;
  node->value_size_ = static_cast<uint32_t>(value.size());
  if (!value.empty()) std::memcpy(node->value_, value.data(), value.size());
}

}  // namespace stepdb
