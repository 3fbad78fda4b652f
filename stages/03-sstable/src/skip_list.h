// SkipList: the sorted map inside a memtable, one entry per key, stored in an Arena.
//
// A skip list (Pugh, 1990) is a sorted linked list with express lanes. Every node is on
// level 0; a node is also on level 1 with probability 1/4, on level 2 with 1/16, and so on
// up to kMaxHeight levels. A search starts on the highest level at the head and runs right
// while the next key is smaller than the target, dropping a level when it is not:
//
//   level 2:  head ─────────────────────────▶ [kiwi] ───────────────────────▶ nil
//   level 1:  head ──────────▶ [fig] ───────▶ [kiwi] ──────────▶ [plum] ────▶ nil
//   level 0:  head ▶ [apple] ▶ [fig] ▶ [grape] ▶ [kiwi] ▶ [lime] ▶ [plum] ▶ [pear]... ▶ nil
//
//   Seek("lemon"): level 2: kiwi < lemon, go right; nil, drop. level 1: plum >= lemon, drop.
//                  level 0: lime >= lemon, stop: the first key >= "lemon" is "lime".
//
// A search takes O(log n) steps on average, like a balanced tree, and nothing is ever
// rebalanced. An insert searches, remembering the last node before the target on each level,
// draws the new node's height, and links it in after those nodes.
//
// Why not std::map, as stage 01 does? A map node holds std::string keys and values, each a
// heap allocation of its own (a 16-byte key is one byte too long for std::string's inline
// buffer), so a put costs three mallocs, and a comparison follows a pointer from the node to
// its key. Here a node is one piece of the arena: header, links, key and value side by side,
// so a comparison reads the node it has just reached, a put costs no malloc, and dropping the
// memtable frees the arena's blocks at once. LevelDB's memtable is a skip list in an arena
// for the same reasons (db/skiplist.h); LevelDB's also lets readers run without a lock while
// one writer inserts, which StepDB does not need: the engine's mutex guards the active
// memtable, and a frozen one never changes.
//
// A node's layout, in one arena piece:
//
//   [Node: key_size value_size value_capacity kind height value] [next[0..height)] [key] [value]
//
// Overwriting a key replaces the value in place when it fits the node's value capacity, and
// otherwise takes a new piece for it (the old bytes stay in the arena, counted, until the
// memtable is dropped).
//
// A lookup of a key that the list does not hold walks the whole search path, each node a
// likely cache miss, only to find nothing; in an LSM tree that is most lookups, since most
// keys live in the tables. So the list also keeps a bloom filter of its keys (Bloom, 1970;
// stage 04 builds them for tables and gives the maths): MayContain answers "no" for nearly
// every absent key from four bits of one small array. It keeps at least 10 bits per key (about
// 1% false "maybe"s); when the list outgrows that, the array doubles and is refilled from the
// nodes. A key is never taken out (a delete is a tombstone node), so a "no" is always true. The
// array lives outside the arena, so the memtable's weight does not count it: at most 20 bits per
// key.
//
// Thread safety: none. The owner serializes writers against readers; once no one writes,
// any number of threads may read at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "arena.h"
#include "iterator.h"

namespace stepdb {

class SkipList {
 public:
  static constexpr int kMaxHeight = 12;  // 4^12 = 16M entries before searches slow down
  static constexpr uint32_t kBranching = 4;

  class Node {
   public:
    std::string_view key() const { return {key_data(), key_size_}; }
    std::string_view value() const { return {value_, value_size_}; }
    EntryKind kind() const { return kind_; }
    // The next node on level 0 (in key order), or nullptr after the last.
    const Node* next() const { return links()[0]; }

   private:
    friend class SkipList;
    Node** links() { return reinterpret_cast<Node**>(this + 1); }
    Node* const* links() const { return reinterpret_cast<Node* const*>(this + 1); }
    char* key_data() { return reinterpret_cast<char*>(links() + height_); }
    const char* key_data() const { return reinterpret_cast<const char*>(links() + height_); }

    uint32_t key_size_ = 0;
    uint32_t value_size_ = 0;
    uint32_t value_capacity_ = 0;
    EntryKind kind_ = EntryKind::kValue;
    uint8_t height_ = 0;
    char* value_ = nullptr;  // arena bytes: right after the key, or a later piece
  };

  // Nodes go into *arena. REQUIRES: arena outlives the list.
  explicit SkipList(Arena* arena);
  SkipList(const SkipList&) = delete;
  SkipList& operator=(const SkipList&) = delete;

  // Makes key's entry (kind, value), inserting it or replacing the one there.
  // REQUIRES: key.size() and value.size() below 4 GiB.
  void Put(std::string_view key, EntryKind kind, std::string_view value);

  // The first node whose key is >= target, or nullptr if there is none.
  const Node* Seek(std::string_view target) const;
  // False iff the filter proves no node has key; true for every key Put ever gave the list
  // (a tombstone included), and for about 1% of the others.
  bool MayContain(std::string_view key) const;
  // The node with the smallest key, or nullptr if the list is empty.
  const Node* First() const { return head_->links()[0]; }

  size_t size() const { return size_; }

 private:
  // Seek that also fills prev[level] with the last node before target on each level.
  Node* FindGreaterOrEqual(std::string_view target, Node** prev) const;
  Node* NewNode(std::string_view key, int height, size_t value_capacity);
  int RandomHeight();
  // Sets the filter's bits for key, or doubles the filter and refills it from the nodes if
  // the list has outgrown it. REQUIRES: key's node is linked and counted in size_.
  void AddToFilter(std::string_view key);

  Arena* const arena_;
  Node* const head_;  // no key; kMaxHeight links
  int height_ = 1;    // levels in use
  size_t size_ = 0;
  std::vector<uint64_t> filter_;        // the filter's bits; 64 times a power of two
  uint32_t random_state_ = 0x2545F491;  // xorshift32: a fixed seed keeps runs repeatable
};

// An Iterator over a SkipList's nodes, tombstones included.
// REQUIRES: the list outlives the iterator and does not change while it is in use.
class SkipListIterator final : public Iterator {
 public:
  explicit SkipListIterator(const SkipList* list) : list_(list) {}

  bool Valid() const override { return node_ != nullptr; }
  void SeekToFirst() override { node_ = list_->First(); }
  void Seek(std::string_view target) override { node_ = list_->Seek(target); }
  void Next() override { node_ = node_->next(); }
  std::string_view key() const override { return node_->key(); }
  std::string_view value() const override { return node_->value(); }
  EntryKind kind() const override { return node_->kind(); }
  Status status() const override { return Status::Ok(); }

 private:
  const SkipList* const list_;
  const SkipList::Node* node_ = nullptr;
};

}  // namespace stepdb
