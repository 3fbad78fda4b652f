// COMPACT, the command stage 05 adds to the text protocol.
//
//   COMPACT  ->  OK                 after a full compaction (LeveledEngine::CompactAll)
//                ERROR <message>    if it failed; the tree is as it was before the failed step
//
// The reply comes when the compaction is done, which takes about as long as reading and
// writing the whole database once; other connections are served meanwhile. Redis's
// equivalent is BGREWRITEAOF, which answers at once and works in the background.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "command_table.h"
#include "leveled_engine.h"

namespace stepdb {

void compact_command(LeveledEngine& engine, const std::vector<std::string_view>& args,
                     std::string* reply);

// Adds COMPACT to `table`, bound to `engine` (which must outlive the table).
void AddCompactCommand(CommandTable& table, LeveledEngine& engine);

}  // namespace stepdb
