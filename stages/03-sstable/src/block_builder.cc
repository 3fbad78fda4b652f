#include "block_builder.h"

#include <algorithm>
#include <limits>

#include "common/coding.h"

namespace stepdb {

BlockBuilder::BlockBuilder(int restart_interval) : restart_interval_(restart_interval) {
  restarts_.push_back(0);
}

void BlockBuilder::Reset() {
  buffer_.clear();
  restarts_.clear();
  restarts_.push_back(0);
  counter_ = 0;
  num_entries_ = 0;
  finished_ = false;
  last_key_.clear();
}

size_t BlockBuilder::CurrentSizeEstimate() const {
  if (finished_) return buffer_.size();
  return buffer_.size() + restarts_.size() * sizeof(uint32_t) + sizeof(uint32_t);
}

Status BlockBuilder::Add(std::string_view key, EntryKind kind, std::string_view value) {
  // BEGIN SOLUTION
  // STARTER: (void)key, (void)kind, (void)value;
  // STARTER: return Status::NotImplemented("stage 03: BlockBuilder::Add");
  if (finished_) return Status::InvalidArgument("BlockBuilder::Add after Finish");
  if (num_entries_ > 0 && key <= std::string_view(last_key_)) {
    return Status::InvalidArgument("block keys must be added in strictly increasing order");
  }
  // 3 varint32 headers of at most 5 bytes, the kind byte, the restart array's growth.
  constexpr size_t kWorstOverhead = 3 * 5 + 1 + 2 * sizeof(uint32_t);
  if (CurrentSizeEstimate() + key.size() + value.size() + kWorstOverhead >
      std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("entry does not fit the 32-bit offsets of a block");
  }

  size_t shared = 0;
  if (counter_ < restart_interval_) {
    const size_t limit = std::min(last_key_.size(), key.size());
    while (shared < limit && last_key_[shared] == key[shared]) ++shared;
  } else {
    restarts_.push_back(static_cast<uint32_t>(buffer_.size()));
    counter_ = 0;
  }
  const size_t unshared = key.size() - shared;

  // entry := shared unshared value_length (varint32) kind (1 byte) key_delta value
  PutVarint32(&buffer_, static_cast<uint32_t>(shared));
  PutVarint32(&buffer_, static_cast<uint32_t>(unshared));
  PutVarint32(&buffer_, static_cast<uint32_t>(value.size()));
  buffer_.push_back(static_cast<char>(kind));
  buffer_.append(key.data() + shared, unshared);
  buffer_.append(value);

  last_key_.resize(shared);
  last_key_.append(key.data() + shared, unshared);
  ++counter_;
  ++num_entries_;
  return Status::Ok();
  // END SOLUTION
}

Result<std::string_view> BlockBuilder::Finish() {
  // BEGIN SOLUTION
  // STARTER: return Status::NotImplemented("stage 03: BlockBuilder::Finish");
  if (finished_) return Status::InvalidArgument("BlockBuilder::Finish called twice");
  // restart* num_restarts, all fixed32
  for (uint32_t offset : restarts_) PutFixed32(&buffer_, offset);
  PutFixed32(&buffer_, static_cast<uint32_t>(restarts_.size()));
  finished_ = true;
  return std::string_view(buffer_);
  // END SOLUTION
}

}  // namespace stepdb
