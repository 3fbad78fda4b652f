#include "string_commands.h"

namespace stepdb {

void set_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply) {
  // BEGIN SOLUTION
  // STARTER: (void)engine, (void)args;
  // STARTER: ReplyError(reply, "stage 01: set_command is not implemented");
  Status status = engine.Put(args[0], args[1]);
  if (!status.ok()) return ReplyError(reply, status.ToString());
  ReplyLine(reply, "OK");
  // END SOLUTION
}

void get_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply) {
  // BEGIN SOLUTION
  // STARTER: (void)engine, (void)args;
  // STARTER: ReplyError(reply, "stage 01: get_command is not implemented");
  Result<std::string> value = engine.Get(args[0]);
  if (value.ok()) return ReplyLine(reply, "VALUE " + *value);
  if (value.status().IsNotFound()) return ReplyLine(reply, "NOT_FOUND");
  ReplyError(reply, value.status().ToString());
  // END SOLUTION
}

void del_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply) {
  // BEGIN SOLUTION
  // STARTER: (void)engine, (void)args;
  // STARTER: ReplyError(reply, "stage 01: del_command is not implemented");
  // The reply says whether the key existed just before the delete. Between the two calls
  // another client may write the key; the delete still wins, only the reply can be stale.
  Result<std::string> existing = engine.Get(args[0]);
  if (!existing.ok() && !existing.status().IsNotFound()) {
    return ReplyError(reply, existing.status().ToString());
  }
  Status status = engine.Delete(args[0]);
  if (!status.ok()) return ReplyError(reply, status.ToString());
  ReplyLine(reply, existing.ok() ? "OK" : "NOT_FOUND");
  // END SOLUTION
}

void AddStringCommands(CommandTable& table, Engine& engine) {
  table.Add(
      {"SET", 2, 2, true, "SET <key> <value>", "store value under key",
       [&engine](const auto& args, std::string* reply) { set_command(engine, args, reply); }});
  table.Add(
      {"GET", 1, 1, false, "GET <key>", "the value of key",
       [&engine](const auto& args, std::string* reply) { get_command(engine, args, reply); }});
  table.Add(
      {"DEL", 1, 1, false, "DEL <key>", "delete key",
       [&engine](const auto& args, std::string* reply) { del_command(engine, args, reply); }});
}

}  // namespace stepdb
