// The write-ahead log's record format: how a WriteBatch becomes bytes on disk and back.
//
// A log is a sequence of records, appended and never rewritten. Each record carries one
// WriteBatch (one Engine::Write), whole: a crash keeps a batch entirely or not at all,
// because recovery replays whole records only. The full specification, with a worked
// example in real bytes and the reasons behind each choice, is docs/formats/wal.md:
//
//   log         := record*
//   record      := header payload
//   header      := length:fixed32 type:uint8 payload_crc:fixed32 header_crc:fixed32  (13 bytes)
//   payload_crc := CRC32C(type ‖ payload)
//   header_crc  := CRC32C(length ‖ type ‖ payload_crc), the first 9 bytes of the header
//
//   Put    payload := key:lp value:lp              (a batch of one put)
//   Delete payload := key:lp                       (a batch of one delete)
//   Batch  payload := count:varint32 entry{count}  (any other batch)
//   entry          := 0x01 key:lp value:lp | 0x02 key:lp
//   lp             := length:varint32 byte{length}
//
// The header has its own checksum so that the reader can trust `length` before it uses it:
// a corrupt length must never make a record in the middle of the log look like a torn tail.
//
// This file holds the payload half (EncodeBatch / DecodeBatch); wal_writer.h frames payloads
// into records and wal_reader.h unframes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"
#include "write_batch.h"

namespace stepdb {

// The type byte of a record. On disk: never change these values. 0 is never a valid type,
// so a zero-filled region can never pass for a record.
enum class WalRecordType : uint8_t {
  kPut = 1,
  kDelete = 2,
  kBatch = 3,
};

// length, type, payload_crc, header_crc.
inline constexpr size_t kWalHeaderBytes = 13;
// The largest payload a record can hold (the length field is a fixed32).
inline constexpr uint64_t kWalMaxPayloadBytes = UINT32_MAX;

// True iff `type` is one of the WalRecordType values.
bool IsValidWalRecordType(uint8_t type);

// Encodes `batch` as one record payload and picks its type: kPut or kDelete for a batch of
// one entry, kBatch otherwise. InvalidArgument if the batch is empty or its payload would
// exceed kWalMaxPayloadBytes.
Status EncodeBatch(const WriteBatch& batch, WalRecordType* type, std::string* payload);

// The inverse of EncodeBatch. Corruption (with a message saying what is wrong, but no file
// or offset: the caller knows those) if the payload is malformed: truncated, an unknown
// entry op, an entry count that does not match, or bytes left over.
Result<WriteBatch> DecodeBatch(WalRecordType type, std::string_view payload);

}  // namespace stepdb
