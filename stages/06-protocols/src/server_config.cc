#include "server_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "glob_match.h"
#include "redis_args.h"

namespace stepdb {
namespace {

using Kind = ServerConfig::Kind;

bool ParseInteger(std::string_view text, int64_t* value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end;
}

}  // namespace

ServerConfig::ServerConfig() {
  constexpr int64_t kMaxInt = INT32_MAX;
  constexpr bool kImmutable = true;
  auto integer = [this](const char* name, const char* value, int64_t min, int64_t max,
                        bool immutable = false) {
    Define({name, value, Kind::kInteger, min, max, {}, immutable});
  };
  auto memory = [this](const char* name, const char* value, int64_t min, int64_t max) {
    Define({name, value, Kind::kMemory, min, max, {}, false});
  };
  auto text = [this](const char* name, const char* value, bool immutable = false) {
    Define({name, value, Kind::kText, 0, 0, {}, immutable});
  };
  auto boolean = [this](const char* name, const char* value) {
    Define({name, value, Kind::kBool, 0, 0, {}, false});
  };
  auto choice = [this](const char* name, const char* value, std::vector<std::string> choices,
                       bool immutable = false) {
    Define({name, value, Kind::kEnum, 0, 0, std::move(choices), immutable});
  };
  // What the server acts on.
  integer("port", "6380", 0, 65535, kImmutable);
  text("bind", "127.0.0.1", kImmutable);
  text("dir", "./data", kImmutable);
  integer("databases", "16", 1, 1024, kImmutable);
  text("requirepass", "");
  integer("maxclients", "10000", 1, UINT32_MAX);
  choice("appendfsync", "everysec", {"always", "everysec", "no"}, kImmutable);
  memory("proto-max-bulk-len", "536870912", 1024 * 1024, INT64_MAX);
  memory("client-query-buffer-limit", "1073741824", 1024 * 1024, INT64_MAX);
  text("client-output-buffer-limit",
       "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  memory("memcached-max-item-size", "1048576", 1024, 1024 * 1024 * 1024);
  choice("loglevel", "notice", {"debug", "verbose", "notice", "warning"});
  // Stored and reported, without effect.
  boolean("appendonly", "yes");
  text("save", "");
  integer("timeout", "0", 0, kMaxInt);
  integer("tcp-keepalive", "300", 0, kMaxInt);
  memory("maxmemory", "0", 0, INT64_MAX);
  choice("maxmemory-policy", "noeviction",
         {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru",
          "allkeys-lfu", "allkeys-random", "noeviction"});
  integer("hz", "10", 0, kMaxInt);
  integer("slowlog-log-slower-than", "10000", -1, INT64_MAX);
  integer("slowlog-max-len", "128", 0, INT64_MAX);
  integer("latency-monitor-threshold", "0", 0, INT64_MAX);
  text("notify-keyspace-events", "");
  boolean("lazyfree-lazy-user-flush", "no");
  boolean("protected-mode", "yes");
  integer("tcp-backlog", "511", 0, kMaxInt, kImmutable);
  integer("hash-max-listpack-entries", "512", 0, INT64_MAX);
  memory("hash-max-listpack-value", "64", 0, INT64_MAX);
  integer("set-max-intset-entries", "512", 0, INT64_MAX);
  integer("zset-max-listpack-entries", "128", 0, INT64_MAX);
  memory("zset-max-listpack-value", "64", 0, INT64_MAX);
  integer("list-max-listpack-size", "-2", INT32_MIN, kMaxInt);
  boolean("active-expire-enabled", "yes");
}

void ServerConfig::Define(Parameter parameter) {
  std::string name = parameter.name;
  parameters_.emplace(std::move(name), std::move(parameter));
}

ServerConfig::Parameter* ServerConfig::Find(std::string_view name) {
  auto it = parameters_.find(AsciiLower(name));
  return it == parameters_.end() ? nullptr : &it->second;
}

const ServerConfig::Parameter* ServerConfig::Find(std::string_view name) const {
  auto it = parameters_.find(AsciiLower(name));
  return it == parameters_.end() ? nullptr : &it->second;
}

const std::string* ServerConfig::Get(std::string_view name) const {
  const Parameter* parameter = Find(name);
  return parameter == nullptr ? nullptr : &parameter->value;
}

std::vector<std::pair<std::string, std::string>> ServerConfig::Match(
    std::string_view pattern) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, parameter] : parameters_) {
    if (GlobMatch(pattern, name, /*nocase=*/true)) out.emplace_back(name, parameter.value);
  }
  return out;
}

bool ServerConfig::ParseMemory(std::string_view text, int64_t* bytes) {
  std::string lower = AsciiLower(text);
  int64_t unit = 1;
  static const std::pair<const char*, int64_t> kUnits[] = {{"gb", 1024LL * 1024 * 1024},
                                                           {"mb", 1024LL * 1024},
                                                           {"kb", 1024},
                                                           {"g", 1000000000},
                                                           {"m", 1000000},
                                                           {"k", 1000},
                                                           {"b", 1}};
  for (const auto& [suffix, factor] : kUnits) {
    const std::string_view s(suffix);
    if (lower.size() > s.size() && lower.ends_with(s)) {
      unit = factor;
      lower.resize(lower.size() - s.size());
      break;
    }
  }
  int64_t value = 0;
  if (!ParseInteger(lower, &value) || value < 0 || value > INT64_MAX / unit) return false;
  *bytes = value * unit;
  return true;
}

Status ServerConfig::Set(std::string_view name, std::string_view value, bool startup) {
  Parameter* parameter = Find(name);
  if (parameter == nullptr) return Status::NotFound(std::string(name));
  if (parameter->immutable && !startup) {
    return Status::InvalidArgument("can't set immutable config");
  }
  std::string stored(value);
  switch (parameter->kind) {
    case Kind::kInteger:
    case Kind::kMemory: {
      int64_t number = 0;
      const bool parsed = parameter->kind == Kind::kInteger ? ParseInteger(value, &number)
                                                            : ParseMemory(value, &number);
      if (!parsed) {
        return Status::InvalidArgument(parameter->kind == Kind::kInteger
                                           ? "argument couldn't be parsed into an integer"
                                           : "argument must be a memory value");
      }
      if (number < parameter->min || number > parameter->max) {
        return Status::InvalidArgument("argument must be between " +
                                       std::to_string(parameter->min) + " and " +
                                       std::to_string(parameter->max) + " inclusive");
      }
      stored = std::to_string(number);
      break;
    }
    case Kind::kBool: {
      const std::string lower = AsciiLower(value);
      if (lower != "yes" && lower != "no") {
        return Status::InvalidArgument("argument must be 'yes' or 'no'");
      }
      stored = lower;
      break;
    }
    case Kind::kEnum: {
      const std::string lower = AsciiLower(value);
      if (std::find(parameter->choices.begin(), parameter->choices.end(), lower) ==
          parameter->choices.end()) {
        return Status::InvalidArgument("argument(s) must be one of the following: " + [&] {
          std::string list;
          for (const std::string& choice : parameter->choices) {
            list += (list.empty() ? "" : ", ") + choice;
          }
          return list;
        }());
      }
      stored = lower;
      break;
    }
    case Kind::kText:
      break;
  }
  parameter->value = std::move(stored);
  return Status::Ok();
}

int64_t ServerConfig::Integer(std::string_view name) const {
  const Parameter* parameter = Find(name);
  int64_t value = 0;
  if (parameter != nullptr) (void)ParseInteger(parameter->value, &value);
  return value;
}

bool ServerConfig::Bool(std::string_view name) const {
  const Parameter* parameter = Find(name);
  return parameter != nullptr && parameter->value == "yes";
}

}  // namespace stepdb
