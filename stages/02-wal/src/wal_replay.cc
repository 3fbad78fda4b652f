#include "wal_replay.h"

#include "common/log.h"
#include "wal_reader.h"
#include "wal_record.h"

namespace stepdb {

Status CutLog(FileSystem& fs, const std::string& path, uint64_t size) {
  STEPDB_RETURN_IF_ERROR(fs.Truncate(path, size));
  // fdatasync covers the new size too.
  STEPDB_ASSIGN_OR_RETURN(auto file, fs.NewAppendableFile(path));
  STEPDB_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

Result<WalReplaySummary> ReplayWal(FileSystem& fs, const std::string& path,
                                   const WalReplayOptions& options, const WalBatchVisitor& visit) {
  // BEGIN SOLUTION
  // STARTER: (void)fs, (void)path, (void)options, (void)visit;
  // STARTER: return Status::NotImplemented("stage 02: ReplayWal");
  WalReplaySummary summary;
  STEPDB_ASSIGN_OR_RETURN(summary.file_bytes, fs.GetFileSize(path));
  STEPDB_ASSIGN_OR_RETURN(auto file, fs.NewSequentialFile(path));
  WalReader reader(std::move(file), path);
  const double file_mib = static_cast<double>(summary.file_bytes) / (1 << 20);
  uint64_t next_progress = options.progress_every_bytes;

  WalRecordType type;
  std::string payload;
  Status corruption;
  while (true) {
    Result<WalReader::Outcome> outcome = reader.ReadRecord(&type, &payload);
    if (!outcome.ok()) {
      if (!outcome.status().IsCorruption()) return outcome.status();
      corruption = outcome.status();
      break;
    }
    if (*outcome == WalReader::Outcome::kCleanEnd) break;
    if (*outcome == WalReader::Outcome::kTornTail) {
      summary.torn_tail = true;
      summary.problem = reader.tail_problem();
      break;
    }
    // Rule 7: the checksums passed, so a payload that does not decode was written that way:
    // corruption (a bug, or a newer format), never a torn tail. The reader has already moved
    // past this record, so the good prefix ends at its start, not at end_offset().
    Result<WriteBatch> batch = DecodeBatch(type, payload);
    if (!batch.ok()) {
      corruption = Status::Corruption(path + ": corrupt record at offset " +
                                      std::to_string(reader.record_offset()) + ": " +
                                      batch.status().message() + "; the " +
                                      std::to_string(summary.file_bytes - reader.record_offset()) +
                                      " bytes from there to the end of the log cannot be trusted");
      break;
    }
    STEPDB_RETURN_IF_ERROR(visit(*batch));
    ++summary.records;
    summary.entries += batch->size();
    summary.good_bytes = reader.end_offset();
    if (reader.end_offset() >= next_progress) {
      LogInfo("wal {}: replayed {} records, {:.1f} of {:.1f} MiB", path, summary.records,
              static_cast<double>(reader.end_offset()) / (1 << 20), file_mib);
      next_progress = reader.end_offset() + options.progress_every_bytes;
    }
  }

  if (!corruption.ok()) {
    if (options.mode != WalRecoveryMode::kSalvage) return corruption;
    summary.salvaged = true;
    summary.problem = corruption.message();
    LogWarn(
        "wal {}: salvage: keeping {} records ({} bytes), dropping {} bytes from offset "
        "{}: {}",
        path, summary.records, summary.good_bytes, summary.file_bytes - summary.good_bytes,
        summary.good_bytes, corruption.message());
  } else if (summary.torn_tail) {
    LogWarn("wal {}: torn tail at offset {}: {}; cutting the log to {} bytes", path,
            summary.good_bytes, summary.problem, summary.good_bytes);
  }
  if (options.repair && summary.good_bytes < summary.file_bytes) {
    STEPDB_RETURN_IF_ERROR(CutLog(fs, path, summary.good_bytes));
  }
  return summary;
  // END SOLUTION
}

}  // namespace stepdb
