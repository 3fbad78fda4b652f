#include "block.h"

#include <cstring>
#include <limits>

#include "common/coding.h"

namespace stepdb {
namespace {

// An empty block (no entries, one restart at 0), so an iterator without a block needs no
// special cases.
constexpr char kEmptyBlock[8] = {0, 0, 0, 0, 1, 0, 0, 0};

}  // namespace

BlockContents BlockContents::Copy(std::string_view bytes) {
  std::shared_ptr<char[]> buffer = std::make_shared_for_overwrite<char[]>(bytes.size());
  if (!bytes.empty()) std::memcpy(buffer.get(), bytes.data(), bytes.size());
  return BlockContents{std::string_view(buffer.get(), bytes.size()), std::move(buffer)};
}

Result<std::shared_ptr<const Block>> Block::Parse(BlockContents contents) {
  const size_t size = contents.bytes.size();
  if (size > std::numeric_limits<uint32_t>::max()) {
    return Status::Corruption("block of " + std::to_string(size) + " bytes exceeds 4 GiB");
  }
  if (size < sizeof(uint32_t)) {
    return Status::Corruption("block of " + std::to_string(size) +
                              " bytes is too short for its restart count");
  }
  const char* data = contents.bytes.data();
  const uint32_t num_restarts = DecodeFixed32(data + size - sizeof(uint32_t));
  const uint64_t array_bytes = (uint64_t{num_restarts} + 1) * sizeof(uint32_t);
  if (num_restarts == 0 || array_bytes > size) {
    return Status::Corruption("restart count " + std::to_string(num_restarts) +
                              " does not fit a block of " + std::to_string(size) + " bytes");
  }
  const auto restarts_offset = static_cast<uint32_t>(size - array_bytes);
  // Restart 0 is the first entry; the others must be entries, in increasing order, so a
  // binary search over them is a search over sorted keys.
  uint32_t previous = DecodeFixed32(data + restarts_offset);
  if (previous != 0) return Status::Corruption("first restart point is not at offset 0");
  for (uint32_t i = 1; i < num_restarts; ++i) {
    const uint32_t offset = DecodeFixed32(data + restarts_offset + i * sizeof(uint32_t));
    if (offset <= previous || offset >= restarts_offset) {
      return Status::Corruption("restart point " + std::to_string(i) + " (offset " +
                                std::to_string(offset) + ") is out of order or past the entries");
    }
    previous = offset;
  }
  return std::shared_ptr<const Block>(
      new Block(std::move(contents), restarts_offset, num_restarts));
}

uint32_t Block::restart_point(uint32_t i) const {
  return DecodeFixed32(contents_.bytes.data() + restarts_offset_ + i * sizeof(uint32_t));
}

std::unique_ptr<Iterator> Block::NewIterator() const {
  return std::make_unique<BlockIterator>(this);
}

void BlockIterator::Reset(const Block* block) {
  if (block == nullptr) {
    data_ = kEmptyBlock;
    restarts_offset_ = 0;
    num_restarts_ = 1;
  } else {
    data_ = block->contents().data();
    restarts_offset_ = block->restarts_offset();
    num_restarts_ = block->num_restarts();
  }
  status_ = Status::Ok();
  Invalidate();
}

void BlockIterator::Invalidate() {
  current_ = next_ = restarts_offset_;
  key_ = {};
  value_ = {};
}

void BlockIterator::MarkCorrupted(uint32_t offset, const char* what) {
  status_ = Status::Corruption(std::string(what) + " at byte " + std::to_string(offset) +
                               " of the block");
  Invalidate();
}

uint32_t BlockIterator::RestartPoint(uint32_t index) const {
  return DecodeFixed32(data_ + restarts_offset_ + index * sizeof(uint32_t));
}

void BlockIterator::ParseEntry(uint32_t offset, bool at_restart) {
  if (offset >= restarts_offset_) {
    Invalidate();  // the end of the entries
    return;
  }
  std::string_view in(data_ + offset, restarts_offset_ - offset);
  uint32_t shared = 0, unshared = 0, value_length = 0;
  if (!GetVarint32(&in, &shared) || !GetVarint32(&in, &unshared) ||
      !GetVarint32(&in, &value_length) || in.empty()) {
    return MarkCorrupted(offset, "truncated entry header");
  }
  const auto kind = static_cast<uint8_t>(in[0]);
  in.remove_prefix(1);
  if (kind > static_cast<uint8_t>(EntryKind::kValue)) {
    return MarkCorrupted(offset, "unknown entry kind");
  }
  if (uint64_t{unshared} + value_length > in.size()) {
    return MarkCorrupted(offset, "entry runs past the end of the entries");
  }
  if (at_restart ? shared != 0 : shared > key_.size()) {
    return MarkCorrupted(offset, "entry shares more key bytes than the previous key has");
  }

  if (shared == 0) {
    key_ = in.substr(0, unshared);  // stored whole: view it in place
  } else {
    if (key_.data() != key_buffer_.data()) {
      key_buffer_.assign(key_.data(), shared);  // the previous key was viewed in the block
    } else {
      key_buffer_.resize(shared);
    }
    key_buffer_.append(in.data(), unshared);
    key_ = key_buffer_;
  }
  value_ = in.substr(unshared, value_length);
  kind_ = static_cast<EntryKind>(kind);
  current_ = offset;
  next_ = static_cast<uint32_t>(value_.data() + value_.size() - data_);
}

void BlockIterator::SeekToRestart(uint32_t index) { ParseEntry(RestartPoint(index), true); }

bool BlockIterator::KeyAtRestart(uint32_t index, std::string_view* key) {
  const uint32_t offset = RestartPoint(index);
  std::string_view in(data_ + offset, restarts_offset_ - offset);
  uint32_t shared = 0, unshared = 0, value_length = 0;
  if (!GetVarint32(&in, &shared) || !GetVarint32(&in, &unshared) ||
      !GetVarint32(&in, &value_length) || in.size() < 1 + uint64_t{unshared} || shared != 0) {
    MarkCorrupted(offset, "malformed entry at a restart point");
    return false;
  }
  *key = in.substr(1, unshared);
  return true;
}

void BlockIterator::SeekToFirst() {
  if (!status_.ok()) return;
  SeekToRestart(0);
}

void BlockIterator::Next() { ParseEntry(next_, false); }

void BlockIterator::Seek(std::string_view target) {
  // BEGIN SOLUTION
  // STARTER: (void)target;
  // STARTER: status_ = Status::NotImplemented("stage 03: BlockIterator::Seek");
  // STARTER: Invalidate();
  if (!status_.ok()) return;
  // Invariant: every restart before `left` has a key < target, every restart after `right`
  // a key >= target. Restart 0 is the fallback: target may sort before every key.
  uint32_t left = 0;
  uint32_t right = num_restarts_ - 1;
  while (left < right) {
    const uint32_t mid = left + (right - left + 1) / 2;
    std::string_view mid_key;
    if (!KeyAtRestart(mid, &mid_key)) return;
    if (mid_key < target) {
      left = mid;
    } else {
      right = mid - 1;
    }
  }
  // At most one restart interval of linear decoding.
  for (SeekToRestart(left); Valid() && key_ < target;) Next();
  // END SOLUTION
}

}  // namespace stepdb
