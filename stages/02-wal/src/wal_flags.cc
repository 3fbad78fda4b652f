#include "wal_flags.h"

namespace stepdb {

void AddWalRecoveryFlags(CLI::App& app, WalRecoveryMode& mode) {
  app.add_flag_callback(
      "--salvage-wal", [&mode] { mode = WalRecoveryMode::kSalvage; },
      "If the write-ahead log has a corrupt record before its end, keep the records before "
      "it, cut the rest off (those writes are lost) and start. Without it, start-up stops "
      "and names the file and offset");
}

}  // namespace stepdb
