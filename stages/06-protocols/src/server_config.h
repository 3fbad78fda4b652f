// ServerConfig: the parameters CONFIG GET and CONFIG SET see, under Redis's names.
//
// Every parameter has a name, a value (as text, the way CONFIG GET prints it) and a kind that
// decides which values CONFIG SET accepts (a number in a range, yes/no, one of some words, a
// memory size such as "64mb", free text). Some parameters the server acts on (port, bind,
// requirepass, maxclients, dir, appendfsync, databases, proto-max-bulk-len,
// client-output-buffer-limit, memcached-max-item-size); the others exist so that tools which
// read or set them (redis-benchmark reads "save" and "appendonly") get Redis's answers, and
// are stored and reported without effect. Some can only be set at start (port, bind, dir,
// databases): CONFIG SET refuses them as Redis refuses an immutable parameter.
//
// The same names are the keys of the config file (server/: `port 6380` lines) and, upper-cased
// with STEPDB_ in front, of environment variables.
//
// Thread safety: not thread-safe; used on the server's loop thread (and before it starts).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace stepdb {

class ServerConfig {
 public:
  enum class Kind { kInteger, kBool, kEnum, kMemory, kText };
  struct Parameter {
    std::string name;
    std::string value;
    Kind kind = Kind::kText;
    int64_t min = 0;  // kInteger, kMemory
    int64_t max = 0;
    std::vector<std::string> choices;  // kEnum
    bool immutable = false;            // only at start-up (from flags or the config file)
  };

  // Every parameter with its default.
  ServerConfig();

  // The value of `name` (exact, lower case), or nullptr if there is no such parameter.
  const std::string* Get(std::string_view name) const;
  // The parameter named `name` (any case), or nullptr. CONFIG SET checks every name it is
  // given (unknown, immutable, twice) before it sets any.
  const Parameter* Lookup(std::string_view name) const { return Find(name); }
  // (name, value) of every parameter whose name matches the glob pattern, case-insensitively,
  // in name order.
  std::vector<std::pair<std::string, std::string>> Match(std::string_view pattern) const;

  // Sets a parameter, as CONFIG SET does (startup = false) or the config file does (true).
  // InvalidArgument with Redis's reason text ("argument couldn't be parsed into an integer",
  // "argument must be a memory value", "argument must be between 1 and 65535 inclusive",
  // "can't set immutable config") if the value does not fit its kind; NotFound if there is
  // no such parameter.
  Status Set(std::string_view name, std::string_view value, bool startup = false);

  // Typed reads of the parameters the server acts on.
  int64_t Integer(std::string_view name) const;  // kInteger and kMemory (bytes)
  bool Bool(std::string_view name) const;        // kBool: "yes"

  // Parses Redis's memory sizes: "100", "1k" (1000), "1kb" (1024), "5mb", "2gb"; case-insensitive.
  static bool ParseMemory(std::string_view text, int64_t* bytes);

 private:
  void Define(Parameter parameter);
  Parameter* Find(std::string_view name);
  const Parameter* Find(std::string_view name) const;

  std::map<std::string, Parameter, std::less<>> parameters_;
};

}  // namespace stepdb
