// SCAN, the command stage 03 adds to the text protocol.
//
//   SCAN <start> <end> [limit]  ->  VALUE <key> <value>   one line per live key in [start, end)
//                                   END
//
// Keys come in ascending byte order, each once, deleted keys left out. `start` "-" means
// from the first key, `end` "+" means to the last (the convention of Redis's XRANGE and
// ZRANGEBYLEX); so the keys "-" and "+" cannot be used as bounds. Without a limit, every key
// in the range is returned. A limit that is not a positive integer is an ERROR.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "command_table.h"
#include "engine.h"

namespace stepdb {

void scan_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply);

// Adds SCAN to `table`, bound to `engine` (which must outlive the table).
void AddScanCommand(CommandTable& table, Engine& engine);

}  // namespace stepdb
