#include "wal_flags.h"

#include <CLI/CLI.hpp>

#include "common/log.h"

namespace stepdb {

void AddWalRecoveryFlags(CLI::App& app, WalRecoveryMode& mode) {
  app.add_flag_callback(
      "--salvage-wal", [&mode] { mode = WalRecoveryMode::kSalvage; },
      "If the write-ahead log has a corrupt record before its end, keep the records before "
      "it, cut the rest off (those writes are lost) and start. Without it, start-up stops "
      "and names the file and offset");
}

void LogOpenFailure(const std::string& data_dir, const Status& status) {
  LogError("cannot open {}: {}", data_dir, status.ToString());
  if (status.IsCorruption()) {
    // Not "nothing was changed": before it met the damage, start-up may have removed orphan
    // tables, temporary files and logs already flushed into tables (files no data lives in).
    LogError(
        "the damaged file was left as it is; if a log is corrupt, --salvage-wal keeps the "
        "records before the damage and drops the rest");
  }
}

}  // namespace stepdb
