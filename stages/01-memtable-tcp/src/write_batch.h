// WriteBatch: a list of puts and deletes that an Engine applies as one atomic step.
//
// Stage 02 logs a batch as a single WAL record, so a crash keeps all of it or none of it;
// the typed store of stage 08 writes a collection's metadata and its elements in one batch.
// A batch is a plain value: build it on one thread, then hand it to Engine::Write.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepdb {

class WriteBatch {
 public:
  enum class Op : uint8_t { kPut, kDelete };
  struct Entry {
    Op op;
    std::string key;
    std::string value;  // empty for kDelete
  };

  void Put(std::string_view key, std::string_view value) {
    bytes_ += key.size() + value.size();
    entries_.push_back({Op::kPut, std::string(key), std::string(value)});
  }
  void Delete(std::string_view key) {
    bytes_ += key.size();
    entries_.push_back({Op::kDelete, std::string(key), {}});
  }
  void Clear() {
    entries_.clear();
    bytes_ = 0;
  }

  const std::vector<Entry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // The sum of the key and value sizes of all entries.
  size_t payload_bytes() const { return bytes_; }

 private:
  std::vector<Entry> entries_;
  size_t bytes_ = 0;
};

}  // namespace stepdb
