#include "wal_reader.h"

#include <algorithm>

#include "common/coding.h"
#include "common/crc32c.h"

namespace stepdb {
namespace {

constexpr size_t kReadChunkBytes = 64 * 1024;
constexpr size_t kMaxChunkBytes = 4 * 1024 * 1024;

}  // namespace

WalReader::WalReader(std::unique_ptr<SequentialFile> file, std::string name)
    : file_(std::move(file)), name_(std::move(name)) {}

Result<WalReader::Outcome> WalReader::ReadRecord(WalRecordType* type, std::string* payload) {
  // BEGIN SOLUTION
  // STARTER: (void)type, (void)payload;
  // STARTER: return Status::NotImplemented("stage 02: WalReader::ReadRecord");
  record_offset_ = end_offset_;
  STEPDB_ASSIGN_OR_RETURN(const size_t header_bytes, Fill(kWalHeaderBytes));
  if (header_bytes == 0) return Outcome::kCleanEnd;
  if (header_bytes < kWalHeaderBytes) {
    tail_problem_ = "incomplete header (" + std::to_string(header_bytes) + " of " +
                    std::to_string(kWalHeaderBytes) + " bytes)";
    return Outcome::kTornTail;
  }

  // header := length:fixed32 type:uint8 payload_crc:fixed32 header_crc:fixed32
  const char* header = buffer_.data() + pos_;
  const uint32_t length = DecodeFixed32(header);
  const char type_byte = header[4];
  const uint32_t payload_crc = DecodeFixed32(header + 5);
  if (Crc32c(std::string_view(header, 9)) != DecodeFixed32(header + 9)) {
    bool all_zero = false;
    STEPDB_ASSIGN_OR_RETURN(const uint64_t rest, MeasureRest(pos_, &all_zero));
    if (all_zero) {
      tail_problem_ = "zero-filled tail (" + std::to_string(rest) + " bytes)";
      return Outcome::kTornTail;
    }
    return Corrupt("header checksum mismatch", rest);
  }
  if (!IsValidWalRecordType(static_cast<uint8_t>(type_byte))) {
    bool all_zero = false;
    STEPDB_ASSIGN_OR_RETURN(const uint64_t rest, MeasureRest(pos_, &all_zero));
    return Corrupt("unknown record type " + std::to_string(static_cast<uint8_t>(type_byte)), rest);
  }

  const size_t record_bytes = kWalHeaderBytes + size_t{length};
  STEPDB_ASSIGN_OR_RETURN(const size_t available, Fill(record_bytes));
  if (available < record_bytes) {
    tail_problem_ = "incomplete record (" + std::to_string(available) + " of " +
                    std::to_string(record_bytes) + " bytes)";
    return Outcome::kTornTail;
  }
  const std::string_view body(buffer_.data() + pos_ + kWalHeaderBytes, length);
  if (Crc32cExtend(Crc32c(std::string_view(&type_byte, 1)), body.data(), body.size()) !=
      payload_crc) {
    bool all_zero = false;
    STEPDB_ASSIGN_OR_RETURN(const uint64_t after, MeasureRest(pos_ + record_bytes, &all_zero));
    if (all_zero) {  // nothing, or only zeros, after it: it was the last append
      tail_problem_ = "payload checksum mismatch in the last record (" +
                      std::to_string(record_bytes) + " bytes)";
      return Outcome::kTornTail;
    }
    return Corrupt("payload checksum mismatch", record_bytes + after);
  }

  *type = static_cast<WalRecordType>(type_byte);
  payload->assign(body);
  pos_ += record_bytes;
  end_offset_ += record_bytes;
  return Outcome::kRecord;
  // END SOLUTION
}

Result<size_t> WalReader::Fill(size_t n) {
  while (buffer_.size() - pos_ < n && !eof_) {
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    // Reads in bounded chunks: the buffer grows with the bytes the file really has, never
    // with what a length field claims.
    scratch_.resize(std::clamp(n - buffer_.size(), kReadChunkBytes, kMaxChunkBytes));
    std::string_view chunk;
    STEPDB_RETURN_IF_ERROR(file_->Read(scratch_.size(), &chunk, scratch_.data()));
    if (chunk.empty()) eof_ = true;
    buffer_.append(chunk);
  }
  return std::min(n, buffer_.size() - pos_);
}

Result<uint64_t> WalReader::MeasureRest(size_t from, bool* all_zero) {
  auto is_zero = [](char c) { return c == 0; };
  from = std::min(from, buffer_.size());
  uint64_t rest = buffer_.size() - from;
  *all_zero =
      std::all_of(buffer_.begin() + static_cast<std::ptrdiff_t>(from), buffer_.end(), is_zero);
  scratch_.resize(kReadChunkBytes);
  while (!eof_) {
    std::string_view chunk;
    STEPDB_RETURN_IF_ERROR(file_->Read(scratch_.size(), &chunk, scratch_.data()));
    if (chunk.empty()) eof_ = true;
    rest += chunk.size();
    *all_zero = *all_zero && std::all_of(chunk.begin(), chunk.end(), is_zero);
  }
  buffer_.clear();
  pos_ = 0;
  return rest;
}

Status WalReader::Corrupt(const std::string& problem, uint64_t rest) const {
  return Status::Corruption(name_ + ": corrupt record at offset " + std::to_string(record_offset_) +
                            ": " + problem + "; the " + std::to_string(rest) +
                            " bytes from there to the end of the log cannot be trusted");
}

}  // namespace stepdb
