#include "command_table.h"

#include <algorithm>
#include <cctype>

#include "protocol_limits.h"

namespace stepdb {
namespace {

std::string Upper(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// Cuts the next space-separated word off the front of *rest; "" when nothing is left.
std::string_view NextWord(std::string_view* rest) {
  const size_t start = rest->find_first_not_of(' ');
  if (start == std::string_view::npos) {
    *rest = {};
    return {};
  }
  rest->remove_prefix(start);
  const size_t end = std::min(rest->find(' '), rest->size());
  std::string_view word = rest->substr(0, end);
  rest->remove_prefix(end);
  return word;
}

}  // namespace

void ReplyLine(std::string* reply, std::string_view line) {
  reply->append(line);
  reply->push_back('\n');
}

void ReplyError(std::string* reply, std::string_view message) {
  reply->append("ERROR ");
  ReplyLine(reply, message);
}

CommandTable::CommandTable() {
  Add({"HELP", 0, 0, false, "HELP", "list the commands",
       [this](const std::vector<std::string_view>&, std::string* reply) { Help(reply); }});
}

void CommandTable::Add(Command command) { commands_.push_back(std::move(command)); }

const Command* CommandTable::Find(std::string_view name) const {
  const std::string upper = Upper(name);
  for (const Command& command : commands_) {
    if (command.name == upper) return &command;
  }
  return nullptr;
}

void CommandTable::Help(std::string* reply) const {
  for (const Command& command : commands_) {
    std::string line = command.usage;
    line.resize(std::max<size_t>(line.size() + 2, 28), ' ');
    ReplyLine(reply, line + command.summary);
  }
  ReplyLine(reply, "END");
}

void CommandTable::Execute(std::string_view line, std::string* reply) const {
  std::string_view rest = line;
  const std::string_view name = NextWord(&rest);
  if (name.empty()) return;
  const Command* command = Find(name);
  if (command == nullptr) {
    ReplyError(reply, "unknown command '" + std::string(name) + "', try HELP");
    return;
  }

  std::vector<std::string_view> args;
  while (static_cast<int>(args.size()) < command->max_args) {
    const bool last = static_cast<int>(args.size()) == command->max_args - 1;
    if (last && command->rest_of_line) {
      // rest is "" (no value given) or " <value>": one space separates the value.
      if (!rest.empty()) args.push_back(rest.substr(1));
      rest = {};
      break;
    }
    const std::string_view word = NextWord(&rest);
    if (word.empty()) break;
    args.push_back(word);
  }
  const bool extra = rest.find_first_not_of(' ') != std::string_view::npos;
  if (static_cast<int>(args.size()) < command->min_args || extra) {
    ReplyError(reply,
               "wrong number of arguments for '" + command->name + "', usage: " + command->usage);
    return;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const bool is_rest = command->rest_of_line && static_cast<int>(i) == command->max_args - 1;
    if (!is_rest && args[i].size() > kMaxKeyBytes) {
      ReplyError(reply, "key too long (limit " + std::to_string(kMaxKeyBytes) + " bytes)");
      return;
    }
  }
  command->handler(args, reply);
}

}  // namespace stepdb
