#include "table_iterator.h"

namespace stepdb {

TableIterator::TableIterator(std::shared_ptr<const Table> table,
                             const TableReadOptions& read_options)
    : table_(std::move(table)), read_options_(read_options), index_(&table_->index_block()) {}

void TableIterator::Fail(Status status) {
  status_ = std::move(status);
  block_ = nullptr;
  data_.Reset(nullptr);
}

void TableIterator::LoadDataBlock() {
  if (!index_.Valid()) {
    if (!index_.status().ok()) {
      return Fail(
          AnnotateBlockError(index_.status(), table_->name(), table_->footer().index.offset));
    }
    block_ = nullptr;
    data_.Reset(nullptr);
    return;
  }
  BlockHandle handle;
  std::string_view encoded = index_.value();
  if (!handle.DecodeFrom(&encoded)) {
    return Fail(BlockCorruption(table_->name(), table_->footer().index.offset,
                                "malformed block handle in the index"));
  }
  if (block_ != nullptr && handle.offset == block_offset_) {
    data_.Reset(block_.get());  // already loaded: a Seek that stays in the same block
    return;
  }
  Result<std::shared_ptr<const Block>> block = table_->ReadDataBlock(handle, read_options_);
  if (!block.ok()) return Fail(block.status());
  block_ = std::move(block).value();
  block_offset_ = handle.offset;
  data_.Reset(block_.get());
}

void TableIterator::SkipExhaustedBlocks() {
  while (status_.ok() && !data_.Valid()) {
    if (!data_.status().ok()) {
      return Fail(AnnotateBlockError(data_.status(), table_->name(), block_offset_));
    }
    if (block_ == nullptr) return;  // past the last block
    index_.Next();
    LoadDataBlock();
    data_.SeekToFirst();
  }
}

void TableIterator::SeekToFirst() {
  if (!status_.ok()) return;
  index_.SeekToFirst();
  LoadDataBlock();
  data_.SeekToFirst();
  SkipExhaustedBlocks();
}

void TableIterator::Seek(std::string_view target) {
  if (!status_.ok()) return;
  index_.Seek(target);
  LoadDataBlock();
  data_.Seek(target);
  SkipExhaustedBlocks();
}

void TableIterator::Next() {
  data_.Next();
  SkipExhaustedBlocks();
}

}  // namespace stepdb
