// ReplayWal: recovery of one log file: read every whole record, hand each batch to a
// visitor, and decide what to do about the way the log ends.
//
//   torn tail    the last append never finished (a crash). The tail is cut off the file
//                (FileSystem::Truncate, then a sync so the cut itself is durable) with a
//                warning naming the file and the offset, and replay succeeds.
//   corruption   bytes that were once written whole do not check out (the reader's rules
//                3, 4 and 6), or a record passed both checksums but its payload does not
//                decode (rule 7 of docs/formats/wal.md, which is ReplayWal's: the reader
//                does not look inside payloads). In strict mode,
//                replay stops with the reader's Corruption status (file and offset) and
//                leaves the file alone, so that nothing is lost before a human looks.
//                In salvage mode (the server's --salvage-wal), the records before the
//                corrupt one are kept, everything from its start on is cut off with a
//                warning, and replay succeeds.
//
// Recovery never invents data: the visitor sees exactly the whole records of the good
// prefix, in log order, and nothing else.
//
// ReplayWal knows nothing of file names or of what the visitor does with a batch, so an
// engine with several logs (stage 03) replays them one after another with it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"
#include "file_system.h"
#include "write_batch.h"

namespace stepdb {

// What recovery does with a corrupt record before the end of the log.
enum class WalRecoveryMode {
  kStrict,   // stop with an error naming the file and offset (the default)
  kSalvage,  // keep the records before it, cut the rest, warn
};

struct WalReplayOptions {
  WalRecoveryMode mode = WalRecoveryMode::kStrict;
  // Cut what recovery drops (a torn tail; in salvage mode a corrupt rest) off the file and
  // sync the cut, so that records appended later follow the good prefix directly. False
  // leaves the file untouched, for tools that only look.
  bool repair = true;
  // Log a progress line each time this many more bytes have been replayed.
  uint64_t progress_every_bytes = uint64_t{64} << 20;
};

struct WalReplaySummary {
  uint64_t records = 0;     // whole records replayed
  uint64_t entries = 0;     // puts and deletes in them
  uint64_t good_bytes = 0;  // the bytes of those records: the log's size after recovery
  uint64_t file_bytes = 0;  // the log's size before recovery
  bool torn_tail = false;   // the log ended in a torn tail, cut at good_bytes
  bool salvaged = false;    // salvage mode dropped a corrupt rest, from good_bytes on
  std::string problem;      // what was wrong at good_bytes, "" if the log ended cleanly
};

// Called once per record, in log order. A non-ok Status stops the replay and is returned.
using WalBatchVisitor = std::function<Status(const WriteBatch& batch)>;

// Cuts the file at `path` to `size` bytes and syncs it, so that the cut survives a power
// loss before anything is appended behind it.
Status CutLog(FileSystem& fs, const std::string& path, uint64_t size);

// Replays the log at `path` into `visit`. Returns the summary, or: NotFound if there is no
// such file; in strict mode, Corruption naming the file and the corrupt record's offset; the
// visitor's error; an I/O error from the file system.
Result<WalReplaySummary> ReplayWal(FileSystem& fs, const std::string& path,
                                   const WalReplayOptions& options, const WalBatchVisitor& visit);

}  // namespace stepdb
