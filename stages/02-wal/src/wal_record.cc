#include "wal_record.h"

#include "common/coding.h"

namespace stepdb {

bool IsValidWalRecordType(uint8_t type) {
  return type >= static_cast<uint8_t>(WalRecordType::kPut) &&
         type <= static_cast<uint8_t>(WalRecordType::kBatch);
}

Status EncodeBatch(const WriteBatch& batch, WalRecordType* type, std::string* payload) {
  // BEGIN SOLUTION
  // STARTER: (void)batch, (void)type, (void)payload;
  // STARTER: return Status::NotImplemented("stage 02: EncodeBatch");
  if (batch.empty()) return Status::InvalidArgument("an empty batch has no log record");
  payload->clear();
  // Put    := key:lp value:lp
  // Delete := key:lp
  // Batch  := count:varint32 (0x01 key:lp value:lp | 0x02 key:lp){count}
  if (batch.size() == 1) {
    const WriteBatch::Entry& entry = batch.entries().front();
    PutLengthPrefixed(payload, entry.key);
    if (entry.op == WriteBatch::Op::kPut) {
      *type = WalRecordType::kPut;
      PutLengthPrefixed(payload, entry.value);
    } else {
      *type = WalRecordType::kDelete;
    }
  } else {
    *type = WalRecordType::kBatch;
    PutVarint32(payload, static_cast<uint32_t>(batch.size()));
    for (const WriteBatch::Entry& entry : batch.entries()) {
      if (entry.op == WriteBatch::Op::kPut) {
        payload->push_back(static_cast<char>(WalRecordType::kPut));
        PutLengthPrefixed(payload, entry.key);
        PutLengthPrefixed(payload, entry.value);
      } else {
        payload->push_back(static_cast<char>(WalRecordType::kDelete));
        PutLengthPrefixed(payload, entry.key);
      }
    }
  }
  if (payload->size() > kWalMaxPayloadBytes) {
    return Status::InvalidArgument("batch of " + std::to_string(payload->size()) +
                                   " bytes is larger than a log record can hold");
  }
  return Status::Ok();
  // END SOLUTION
}

Result<WriteBatch> DecodeBatch(WalRecordType type, std::string_view payload) {
  // BEGIN SOLUTION
  // STARTER: (void)type, (void)payload;
  // STARTER: return Status::NotImplemented("stage 02: DecodeBatch");
  WriteBatch batch;
  std::string_view in = payload;
  std::string_view key;
  std::string_view value;
  switch (type) {
    case WalRecordType::kPut:
      if (!GetLengthPrefixed(&in, &key) || !GetLengthPrefixed(&in, &value)) {
        return Status::Corruption("truncated put record");
      }
      batch.Put(key, value);
      break;
    case WalRecordType::kDelete:
      if (!GetLengthPrefixed(&in, &key)) return Status::Corruption("truncated delete record");
      batch.Delete(key);
      break;
    case WalRecordType::kBatch: {
      uint32_t count = 0;
      if (!GetVarint32(&in, &count)) return Status::Corruption("truncated batch count");
      for (uint32_t i = 0; i < count; ++i) {
        if (in.empty())
          return Status::Corruption("batch ends after " + std::to_string(i) + " of " +
                                    std::to_string(count) + " entries");
        const auto op = static_cast<uint8_t>(in.front());
        in.remove_prefix(1);
        if (op == static_cast<uint8_t>(WalRecordType::kPut) && GetLengthPrefixed(&in, &key) &&
            GetLengthPrefixed(&in, &value)) {
          batch.Put(key, value);
        } else if (op == static_cast<uint8_t>(WalRecordType::kDelete) &&
                   GetLengthPrefixed(&in, &key)) {
          batch.Delete(key);
        } else {
          return Status::Corruption("bad batch entry " + std::to_string(i));
        }
      }
      if (batch.empty()) return Status::Corruption("empty batch record");
      break;
    }
    default:
      return Status::Corruption("unknown record type " +
                                std::to_string(static_cast<unsigned>(type)));
  }
  if (!in.empty()) {
    return Status::Corruption(std::to_string(in.size()) + " unexpected bytes after the record");
  }
  return batch;
  // END SOLUTION
}

}  // namespace stepdb
