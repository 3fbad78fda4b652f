// The flag of stage 03's engine, shared by every server built on it (stages 03 to 05):
//
//   --memtable-bytes   the memtable is frozen and written to a table once it holds about this
//                      many bytes (suffixes KiB, MiB; 4 KiB to 4 GiB; default 4 MiB)
//
// A value out of range or without a size's form makes CLI11 refuse to start the server.
#pragma once

#include "common/cli_fwd.h"
#include "lsm_engine.h"

namespace stepdb {

// Adds --memtable-bytes to app; it writes options.memtable_bytes.
// REQUIRES: options outlives the parsing of app.
void AddLsmFlags(CLI::App& app, LsmOptions& options);

}  // namespace stepdb
