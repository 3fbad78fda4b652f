// The stage 02 server's own flag: what start-up does when the log is corrupt.
//
//   --salvage-wal   keep the records before a corrupt one, cut the rest off the log (those
//                   writes are lost) and start; without it the server refuses to start and
//                   names the file and offset, so that nothing is dropped before someone
//                   has looked.
//
// There is deliberately no environment variable for it: a setting that silently drops data
// at every future start-up should be typed, once, by the person who read the error.
#pragma once

#include <string>

#include "common/cli_fwd.h"
#include "common/status.h"
#include "wal_replay.h"

namespace stepdb {

void AddWalRecoveryFlags(CLI::App& app, WalRecoveryMode& mode);

// Logs why the database in data_dir could not be opened and, for a Corruption, that the
// damaged file was left as it is and what --salvage-wal would do. For the servers whose data
// is more than a log (stages 03 on), whose start-up may already have removed files that hold
// no data (orphan tables, temporary files, flushed logs) before it found the damage.
void LogOpenFailure(const std::string& data_dir, const Status& status);

}  // namespace stepdb
