#include "scan_command.h"

#include <charconv>
#include <cstdint>

namespace stepdb {

void scan_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply) {
  const std::string_view start = args[0] == "-" ? std::string_view() : args[0];
  const std::string_view end = args[1] == "+" ? std::string_view() : args[1];
  size_t limit = SIZE_MAX;
  if (args.size() == 3) {
    const std::string_view text = args[2];
    auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (error != std::errc() || rest != text.data() + text.size() || limit == 0) {
      return ReplyError(reply, "limit must be a positive integer, got '" + std::string(text) + "'");
    }
  }
  // "SCAN b a": an empty range, not an error (the engine would read [b, a) as "to the end").
  if (!end.empty() && end <= start) return ReplyLine(reply, "END");

  std::string hits;
  Status status =
      engine.Scan(start, end, limit, [&hits](std::string_view key, std::string_view value) {
        hits.append("VALUE ").append(key).append(" ").append(value).push_back('\n');
        return true;
      });
  if (!status.ok()) return ReplyError(reply, status.ToString());
  reply->append(hits);
  ReplyLine(reply, "END");
}

void AddScanCommand(CommandTable& table, Engine& engine) {
  table.Add(
      {"SCAN", 2, 3, false, "SCAN <start> <end> [limit]",
       "live keys in [start, end) in order, then END (- and + for open ends)",
       [&engine](const auto& args, std::string* reply) { scan_command(engine, args, reply); }});
}

}  // namespace stepdb
