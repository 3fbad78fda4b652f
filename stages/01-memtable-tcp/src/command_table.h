// CommandTable: the commands of the text protocol, as data (the model is Redis's command
// table in server.c).
//
// One record per command: its name, how many arguments it takes, whether its last argument
// is "the rest of the line" (SET's value may hold spaces), a usage line and a summary for
// HELP, and the handler. The table, not the handlers, parses the request line, checks the
// arity and the key limit and produces the errors for them, so every command reports them
// the same way. Later stages add commands by adding records (stage 03: SCAN).
//
// Parsing a request line:
//   - the command name is the first word, matched case-insensitively;
//   - arguments are separated by one or more spaces;
//   - for a command with rest_of_line, the last argument is everything after the single space
//     that ends the argument before it, kept byte for byte ("SET k a  b" stores "a  b");
//   - an empty line is ignored (no reply), as Redis does for inline commands.
//
// Replies are whole lines ending in "\n": "OK", "VALUE <v>", "NOT_FOUND", "END",
// "ERROR <message>".
//
// Thread safety: Add() only before serving; Execute() may then run on many threads at once
// (handlers must be thread-safe, which they are when they only use a thread-safe Engine).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace stepdb {

// A handler gets the arguments (without the command name) and appends its reply lines.
using CommandHandler =
    std::function<void(const std::vector<std::string_view>& args, std::string* reply)>;

struct Command {
  std::string name;     // upper case, e.g. "SET"
  int min_args;         // arguments after the name
  int max_args;         // == min_args unless some are optional
  bool rest_of_line;    // the last argument takes the rest of the line
  std::string usage;    // "SET <key> <value>"
  std::string summary;  // "store value under key"
  CommandHandler handler;
};

class CommandTable {
 public:
  // The table starts with HELP, which lists every command added later.
  CommandTable();

  void Add(Command command);

  // Runs one request line (without its newline) and appends the reply to *reply.
  void Execute(std::string_view line, std::string* reply) const;

  const std::vector<Command>& commands() const { return commands_; }

 private:
  const Command* Find(std::string_view name) const;
  void Help(std::string* reply) const;

  std::vector<Command> commands_;
};

// Reply helpers, so every handler spells the protocol the same way.
void ReplyLine(std::string* reply, std::string_view line);
void ReplyError(std::string* reply, std::string_view message);

}  // namespace stepdb
