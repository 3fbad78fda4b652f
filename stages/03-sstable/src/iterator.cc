#include "iterator.h"

#include <utility>

namespace stepdb {
namespace {

// Never valid, so key()/value()/kind() are never called (their REQUIRES cannot hold).
class EmptyIterator final : public Iterator {
 public:
  explicit EmptyIterator(Status status) : status_(std::move(status)) {}
  bool Valid() const override { return false; }
  void SeekToFirst() override {}
  void Seek(std::string_view /*target*/) override {}
  void Next() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  EntryKind kind() const override { return EntryKind::kDeletion; }
  Status status() const override { return status_; }

 private:
  Status status_;
};

}  // namespace

std::unique_ptr<Iterator> NewEmptyIterator() { return std::make_unique<EmptyIterator>(Status()); }

std::unique_ptr<Iterator> NewErrorIterator(Status status) {
  return std::make_unique<EmptyIterator>(std::move(status));
}

}  // namespace stepdb
