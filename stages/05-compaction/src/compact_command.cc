#include "compact_command.h"

namespace stepdb {

void compact_command(LeveledEngine& engine, const std::vector<std::string_view>& /*args*/,
                     std::string* reply) {
  if (Status status = engine.CompactAll(); !status.ok()) {
    return ReplyError(reply, "compaction failed: " + status.ToString());
  }
  ReplyLine(reply, "OK");
}

void AddCompactCommand(CommandTable& table, LeveledEngine& engine) {
  table.Add(
      {"COMPACT", 0, 0, false, "COMPACT",
       "merge every level into the last one (drops old versions and tombstones), then OK",
       [&engine](const auto& args, std::string* reply) { compact_command(engine, args, reply); }});
}

}  // namespace stepdb
