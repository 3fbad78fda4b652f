// Engine: the seam every stage's storage plugs into.
//
// The text protocol (and, from stage 06, RESP and Memcached) talk to storage only through this
// interface. Stage 01 fills it with a std::map in memory (memtable_engine.h); stage 02 makes
// it durable with a write-ahead log; stage 03 replaces it with an LSM tree; stage 05 adds
// compaction. Swapping the engine never touches the server.
//
// The contract, for every implementation:
//   - Get returns the value of the newest write to a key, or NotFound once it was deleted or
//     never written. Other statuses mean the engine could not answer (I/O error, corruption).
//   - Write applies a whole WriteBatch atomically: a reader sees all of it or none of it, and
//     after a crash it is present in full or not at all.
//   - Scan visits the live keys in [start, end) in ascending byte order (end == "" means no
//     upper bound), with their values, on a consistent view: writes that happen during the
//     scan are either all visible to it or none. The visitor must not call back into the
//     engine (no Get, Write or Scan from inside it): an engine may hold its lock while it
//     visits, as stage 01's does, and such a call would deadlock. Collect what the visitor
//     needs and act on it after Scan returns.
//   - An acknowledged write (ok Status) is never lost, within the durability the engine
//     promises (stage 01 promises none: its data lives until the process exits).
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"
#include "write_batch.h"

namespace stepdb {

class Engine {
 public:
  // Called once per key in order; returning false stops the scan early. It must not call
  // into the engine (see the contract above).
  using ScanVisitor = std::function<bool(std::string_view key, std::string_view value)>;

  virtual ~Engine() = default;

  // The value stored under key, or Status::NotFound.
  virtual Result<std::string> Get(std::string_view key) = 0;

  // Applies every entry of batch, in order, as one atomic step.
  virtual Status Write(const WriteBatch& batch) = 0;

  // Visits at most `limit` live keys in [start, end), in ascending order (none if limit is 0).
  virtual Status Scan(std::string_view start, std::string_view end, size_t limit,
                      const ScanVisitor& visit) = 0;

  // Single-key writes are one-entry batches.
  Status Put(std::string_view key, std::string_view value) {
    WriteBatch batch;
    batch.Put(key, value);
    return Write(batch);
  }
  // Deleting a key that is absent is not an error.
  Status Delete(std::string_view key) {
    WriteBatch batch;
    batch.Delete(key);
    return Write(batch);
  }
};

}  // namespace stepdb
