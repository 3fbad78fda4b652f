// STATS, the command stage 04 adds to the text protocol: the server's counters, one per
// line, in the shape of memcached's "stats" reply.
//
//   STATS  ->  STAT <name> <value>     one line per counter, in a fixed order
//              END
//
// Names are lower_snake_case words, values unsigned decimal integers. The set of names
// grows from stage to stage; a client should look a counter up by name and skip names it
// does not know. Stage 04's counters are listed in its chapter (stages/04-bloom-cache/
// README.md).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "command_table.h"

namespace stepdb {

struct Stat {
  std::string name;
  uint64_t value = 0;
};

// Returns the counters as they are now. Called once per STATS request, possibly from many
// threads at once.
using StatsSource = std::function<std::vector<Stat>()>;

void stats_command(const StatsSource& source, const std::vector<std::string_view>& args,
                   std::string* reply);

// Adds STATS to `table`, reading from `source` (which must outlive the table).
void AddStatsCommand(CommandTable& table, StatsSource source);

}  // namespace stepdb
