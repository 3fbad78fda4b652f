#include "stats_command.h"

namespace stepdb {

void stats_command(const StatsSource& source, const std::vector<std::string_view>& /*args*/,
                   std::string* reply) {
  for (const Stat& stat : source()) {
    ReplyLine(reply, "STAT " + stat.name + " " + std::to_string(stat.value));
  }
  ReplyLine(reply, "END");
}

void AddStatsCommand(CommandTable& table, StatsSource source) {
  table.Add(Command{
      "STATS", 0, 0, false, "STATS", "the server's counters, then END",
      [source = std::move(source)](const std::vector<std::string_view>& args, std::string* reply) {
        stats_command(source, args, reply);
      }});
}

}  // namespace stepdb
