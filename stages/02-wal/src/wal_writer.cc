#include "wal_writer.h"

#include <string>

#include "common/coding.h"
#include "common/crc32c.h"

namespace stepdb {

WalWriter::WalWriter(std::unique_ptr<WritableFile> file, uint64_t offset)
    : file_(std::move(file)), offset_(offset) {}

Status WalWriter::AddRecord(WalRecordType type, std::string_view payload) {
  // BEGIN SOLUTION
  // STARTER: (void)type, (void)payload;
  // STARTER: return Status::NotImplemented("stage 02: WalWriter::AddRecord");
  if (!error_.ok()) return error_;
  if (payload.size() > kWalMaxPayloadBytes) {
    return Status::InvalidArgument("record payload of " + std::to_string(payload.size()) +
                                   " bytes is too large");
  }
  // record := length:fixed32 type:uint8 payload_crc:fixed32 header_crc:fixed32 payload
  //           payload_crc = CRC32C(type ‖ payload), header_crc = CRC32C(header[0, 9))
  char header[kWalHeaderBytes];
  const char type_byte = static_cast<char>(type);
  EncodeFixed32(header, static_cast<uint32_t>(payload.size()));
  header[4] = type_byte;
  EncodeFixed32(header + 5, Crc32cExtend(Crc32c(std::string_view(&type_byte, 1)), payload.data(),
                                         payload.size()));
  EncodeFixed32(header + 9, Crc32c(std::string_view(header, 9)));
  STEPDB_RETURN_IF_ERROR(Check(file_->Append(std::string_view(header, kWalHeaderBytes))));
  STEPDB_RETURN_IF_ERROR(Check(file_->Append(payload)));
  offset_ += kWalHeaderBytes + payload.size();
  return Status::Ok();
  // END SOLUTION
}

Status WalWriter::AddBatch(const WriteBatch& batch) {
  WalRecordType type;
  std::string payload;
  STEPDB_RETURN_IF_ERROR(EncodeBatch(batch, &type, &payload));
  return AddRecord(type, payload);
}

Status WalWriter::Flush() {
  if (!error_.ok()) return error_;
  return Check(file_->Flush());
}

Status WalWriter::Sync() {
  if (!error_.ok()) return error_;
  // A failed fsync may have dropped dirty pages that a retry would report as clean
  // (PostgreSQL's "fsyncgate", 2018), so a sync failure is final for this log.
  return Check(file_->Sync());
}

Status WalWriter::Close() {
  Status status = file_->Close();
  if (!error_.ok()) return error_;
  return Check(status);
}

Status WalWriter::Check(Status status) {
  if (!status.ok() && error_.ok()) error_ = status;
  return status;
}

}  // namespace stepdb
