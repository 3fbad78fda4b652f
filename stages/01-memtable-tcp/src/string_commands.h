// The commands of stage 01, SET, GET and DEL, as handlers over an Engine.
//
//   SET <key> <value>   -> OK
//   GET <key>           -> VALUE <value> | NOT_FOUND
//   DEL <key>           -> OK | NOT_FOUND
//
// An engine error (I/O, corruption; never in stage 01) is answered with "ERROR <status>", and
// the connection stays open.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "command_table.h"
#include "engine.h"

namespace stepdb {

// The handlers index args without checking its size: the CommandTable checks each command's
// arity (the counts AddStringCommands registers) before it calls the handler.
//
// REQUIRES: args.size() == 2: the key and the value.
void set_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply);
// REQUIRES: args.size() == 1: the key.
void get_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply);
// REQUIRES: args.size() == 1: the key.
void del_command(Engine& engine, const std::vector<std::string_view>& args, std::string* reply);

// Adds SET, GET and DEL to `table`, bound to `engine` (which must outlive the table).
void AddStringCommands(CommandTable& table, Engine& engine);

}  // namespace stepdb
