#include "server_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "glob_match.h"

namespace stepdb {
namespace {

using Kind = ServerConfig::Kind;

bool ParseInteger(std::string_view text, int64_t* value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

ServerConfig::ServerConfig() {
  constexpr int64_t kMaxInt = INT32_MAX;
  // What the server acts on.
  Define({"port", "6380", Kind::kInteger, 0, 65535, {}, true});
  Define({"bind", "127.0.0.1", Kind::kText, 0, 0, {}, true});
  Define({"dir", "./data", Kind::kText, 0, 0, {}, true});
  Define({"databases", "16", Kind::kInteger, 1, 1024, {}, true});
  Define({"requirepass", "", Kind::kText});
  Define({"maxclients", "10000", Kind::kInteger, 1, kMaxInt});
  Define({"appendfsync", "everysec", Kind::kEnum, 0, 0, {"always", "everysec", "no"}, true});
  Define({"proto-max-bulk-len", "536870912", Kind::kMemory, 1024 * 1024, INT64_MAX});
  Define({"client-query-buffer-limit", "1073741824", Kind::kMemory, 1024 * 1024, INT64_MAX});
  Define({"client-output-buffer-limit",
          "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", Kind::kText});
  Define({"memcached-max-item-size", "1048576", Kind::kMemory, 1024, 1024 * 1024 * 1024});
  Define({"loglevel", "notice", Kind::kEnum, 0, 0, {"debug", "verbose", "notice", "warning"}});
  // Stored and reported, without effect.
  Define({"appendonly", "yes", Kind::kBool});
  Define({"save", "", Kind::kText});
  Define({"timeout", "0", Kind::kInteger, 0, kMaxInt});
  Define({"tcp-keepalive", "300", Kind::kInteger, 0, kMaxInt});
  Define({"maxmemory", "0", Kind::kMemory, 0, INT64_MAX});
  Define({"maxmemory-policy", "noeviction", Kind::kEnum, 0, 0,
          {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru",
           "allkeys-lfu", "allkeys-random", "noeviction"}});
  Define({"hz", "10", Kind::kInteger, 1, 500});
  Define({"slowlog-log-slower-than", "10000", Kind::kInteger, -1, INT64_MAX});
  Define({"slowlog-max-len", "128", Kind::kInteger, 0, INT64_MAX});
  Define({"latency-monitor-threshold", "0", Kind::kInteger, 0, INT64_MAX});
  Define({"notify-keyspace-events", "", Kind::kText});
  Define({"lazyfree-lazy-user-flush", "no", Kind::kBool});
  Define({"protected-mode", "yes", Kind::kBool});
  Define({"tcp-backlog", "511", Kind::kInteger, 0, kMaxInt, {}, true});
  Define({"hash-max-listpack-entries", "128", Kind::kInteger, 0, INT64_MAX});
  Define({"hash-max-listpack-value", "64", Kind::kInteger, 0, INT64_MAX});
  Define({"set-max-intset-entries", "512", Kind::kInteger, 0, INT64_MAX});
  Define({"zset-max-listpack-entries", "128", Kind::kInteger, 0, INT64_MAX});
  Define({"zset-max-listpack-value", "64", Kind::kInteger, 0, INT64_MAX});
  Define({"list-max-listpack-size", "-2", Kind::kInteger, INT32_MIN, kMaxInt});
  Define({"active-expire-enabled", "yes", Kind::kBool});
}

void ServerConfig::Define(Parameter parameter) {
  std::string name = parameter.name;
  parameters_.emplace(std::move(name), std::move(parameter));
}

ServerConfig::Parameter* ServerConfig::Find(std::string_view name) {
  auto it = parameters_.find(Lower(name));
  return it == parameters_.end() ? nullptr : &it->second;
}

const ServerConfig::Parameter* ServerConfig::Find(std::string_view name) const {
  auto it = parameters_.find(Lower(name));
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
  std::string lower = Lower(text);
  int64_t unit = 1;
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"gb", 1024LL * 1024 * 1024}, {"mb", 1024LL * 1024}, {"kb", 1024}, {"g", 1000000000},
      {"m", 1000000},               {"k", 1000},           {"b", 1}};
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
      if (!parsed) return Status::InvalidArgument("argument couldn't be parsed into an integer");
      if (number < parameter->min || number > parameter->max) {
        return Status::InvalidArgument("argument must be between " +
                                       std::to_string(parameter->min) + " and " +
                                       std::to_string(parameter->max) + " inclusive");
      }
      stored = std::to_string(number);
      break;
    }
    case Kind::kBool: {
      const std::string lower = Lower(value);
      if (lower != "yes" && lower != "no") {
        return Status::InvalidArgument("argument must be 'yes' or 'no'");
      }
      stored = lower;
      break;
    }
    case Kind::kEnum: {
      const std::string lower = Lower(value);
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
