// WalWriter: appends framed records to one log file.
//
// The writer knows the record framing (wal_record.h, docs/formats/wal.md) and nothing about
// file names, rotation or fsync policy: the engine decides which file to write and when to
// Flush or Sync, so that stage 03 can start a new log per memtable with the same class.
//
// A record is complete on disk only once all of its bytes are; a crash in the middle of
// AddRecord leaves a torn tail, which the reader recognises and recovery cuts. After any
// failed call the writer refuses further records (it returns the first error again): the
// file may now end in a partial record, and a record appended after that would sit behind
// garbage that recovery must treat as corruption.
//
// Thread safety: none; the owner serializes calls (WalEngine does).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/status.h"
#include "file_system.h"
#include "wal_record.h"
#include "write_batch.h"

namespace stepdb {

class WalWriter {
 public:
  // Appends to `file`, which already holds `offset` bytes (0 for a new log; the size of the
  // recovered log when writing continues after recovery).
  explicit WalWriter(std::unique_ptr<WritableFile> file, uint64_t offset = 0);
  WalWriter(const WalWriter&) = delete;
  WalWriter& operator=(const WalWriter&) = delete;

  // Appends one record. The bytes may stay in a buffer until Flush or Sync.
  // InvalidArgument if payload is larger than kWalMaxPayloadBytes (nothing is written);
  // the file's error otherwise.
  Status AddRecord(WalRecordType type, std::string_view payload);
  // EncodeBatch + AddRecord: the whole batch becomes one record.
  Status AddBatch(const WriteBatch& batch);

  // The file's Flush (survives a process crash), Sync (survives a power loss) and Close.
  Status Flush();
  Status Sync();
  Status Close();

  // The size of the log: the offset at which the next record will start.
  uint64_t offset() const { return offset_; }
  // The first error any call returned, or ok.
  const Status& status() const { return error_; }

 private:
  // Remembers the first failure, so that later calls refuse to write behind it.
  Status Check(Status status);

  std::unique_ptr<WritableFile> file_;
  uint64_t offset_;
  Status error_;
};

}  // namespace stepdb
