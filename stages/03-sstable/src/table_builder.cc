#include "table_builder.h"

#include "common/coding.h"

namespace stepdb {

TableBuilder::TableBuilder(TableOptions options, WritableFile* file)
    : options_(std::move(options)),
      file_(file),
      data_block_(options_.block_restart_interval),
      index_block_(kIndexRestartInterval) {
  if (options_.filter_policy != nullptr) filter_ = options_.filter_policy->NewBuilder();
}

std::string_view TableBuilder::largest_key() const {
  return data_block_.empty() ? index_block_.last_key() : data_block_.last_key();
}

Status TableBuilder::Fail(Status status) {
  status_ = std::move(status);
  return status_;
}

Status TableBuilder::Add(std::string_view key, EntryKind kind, std::string_view value) {
  if (!status_.ok()) return status_;
  if (finished_) return Fail(Status::InvalidArgument("TableBuilder::Add after Finish"));
  // A fresh data block cannot check the order against the previous block; the index can.
  if (data_block_.empty() && num_entries_ > 0 && key <= index_block_.last_key()) {
    return Fail(Status::InvalidArgument("table keys must be added in strictly increasing order"));
  }
  if (Status s = data_block_.Add(key, kind, value); !s.ok()) return Fail(std::move(s));
  if (num_entries_ == 0) smallest_key_.assign(key);
  if (filter_ != nullptr) filter_->AddKey(key);
  ++num_entries_;
  if (data_block_.CurrentSizeEstimate() >= options_.block_size) return FlushDataBlock();
  return Status::Ok();
}

Status TableBuilder::WriteBlock(std::string_view contents, BlockHandle* handle) {
  // block := contents type:uint8 crc32c(contents || type):fixed32
  char trailer[kBlockTrailerSize];
  trailer[0] = static_cast<char>(BlockType::kRaw);
  EncodeFixed32(trailer + 1, BlockChecksum(contents, BlockType::kRaw));
  if (Status s = file_->Append(contents); !s.ok()) return Fail(std::move(s));
  if (Status s = file_->Append({trailer, sizeof(trailer)}); !s.ok()) return Fail(std::move(s));
  handle->offset = offset_;
  handle->size = contents.size();
  offset_ += contents.size() + kBlockTrailerSize;
  return Status::Ok();
}

Status TableBuilder::FlushDataBlock() {
  Result<std::string_view> contents = data_block_.Finish();
  if (!contents.ok()) return Fail(contents.status());
  BlockHandle handle;
  STEPDB_RETURN_IF_ERROR(WriteBlock(*contents, &handle));
  // index entry := last key of the block -> handle
  handle_buffer_.clear();
  handle.EncodeTo(&handle_buffer_);
  if (Status s = index_block_.Add(data_block_.last_key(), EntryKind::kValue, handle_buffer_);
      !s.ok()) {
    return Fail(std::move(s));
  }
  data_block_.Reset();
  return Status::Ok();
}

Status TableBuilder::Finish() {
  if (!status_.ok()) return status_;
  if (finished_) return Fail(Status::InvalidArgument("TableBuilder::Finish called twice"));
  finished_ = true;
  if (!data_block_.empty()) STEPDB_RETURN_IF_ERROR(FlushDataBlock());

  // meta-index := "filter.<policy name>" -> filter block handle, when there is a filter
  BlockBuilder meta_index(kIndexRestartInterval);
  if (filter_ != nullptr) {
    BlockHandle filter_handle;
    STEPDB_RETURN_IF_ERROR(WriteBlock(filter_->Finish(), &filter_handle));
    std::string name(kFilterMetaPrefix);
    name.append(options_.filter_policy->Name());
    handle_buffer_.clear();
    filter_handle.EncodeTo(&handle_buffer_);
    if (Status s = meta_index.Add(name, EntryKind::kValue, handle_buffer_); !s.ok()) {
      return Fail(std::move(s));
    }
  }

  Footer footer;
  Result<std::string_view> meta_contents = meta_index.Finish();
  if (!meta_contents.ok()) return Fail(meta_contents.status());
  STEPDB_RETURN_IF_ERROR(WriteBlock(*meta_contents, &footer.meta_index));
  Result<std::string_view> index_contents = index_block_.Finish();
  if (!index_contents.ok()) return Fail(index_contents.status());
  STEPDB_RETURN_IF_ERROR(WriteBlock(*index_contents, &footer.index));

  std::string encoded;
  footer.EncodeTo(&encoded);
  if (Status s = file_->Append(encoded); !s.ok()) return Fail(std::move(s));
  offset_ += encoded.size();
  return Status::Ok();
}

}  // namespace stepdb
