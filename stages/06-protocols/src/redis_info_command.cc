#include "redis_info_command.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "leveled_engine.h"
#include "redis_args.h"
#include "server_runner.h"

namespace stepdb {
namespace {

// The sections, in the order INFO prints them.
enum Section : uint32_t {
  kServer = 1u << 0,
  kClients = 1u << 1,
  kMemory = 1u << 2,
  kPersistence = 1u << 3,
  kStats = 1u << 4,
  kReplication = 1u << 5,
  kCpu = 1u << 6,
  kModules = 1u << 7,
  kCommandStats = 1u << 8,
  kCluster = 1u << 9,
  kKeyspace = 1u << 10,
  kStorage = 1u << 11,
};
constexpr uint32_t kEverySection = (kStorage << 1) - 1;
constexpr uint32_t kDefaultSections = kEverySection & ~kCommandStats;

constexpr std::pair<std::string_view, Section> kSectionNames[] = {
    {"server", kServer},
    {"clients", kClients},
    {"memory", kMemory},
    {"persistence", kPersistence},
    {"stats", kStats},
    {"replication", kReplication},
    {"cpu", kCpu},
    {"modules", kModules},
    {"commandstats", kCommandStats},
    {"cluster", kCluster},
    {"keyspace", kKeyspace},
    {"storage", kStorage},
};

uint32_t SelectedSections(const std::vector<std::string>& argv) {
  if (argv.size() == 1) return kDefaultSections;
  uint32_t sections = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& name = argv[i];
    if (EqualsIgnoreCase(name, "default")) {
      sections |= kDefaultSections;
    } else if (EqualsIgnoreCase(name, "all") || EqualsIgnoreCase(name, "everything")) {
      sections |= kEverySection;
    }
    for (const auto& [section_name, section] : kSectionNames) {
      if (EqualsIgnoreCase(name, section_name)) sections |= section;
    }
  }
  return sections;
}

// Appends sections and "name:value" lines, separating sections with an empty line.
class InfoText {
 public:
  void Section(std::string_view title) {
    if (!text_.empty()) text_ += "\r\n";
    text_ += "# ";
    text_ += title;
    text_ += "\r\n";
  }
  void Field(std::string_view name, std::string_view value) {
    text_ += name;
    text_ += ':';
    text_ += value;
    text_ += "\r\n";
  }
  void Field(std::string_view name, uint64_t value) { Field(name, std::to_string(value)); }
  void Field(std::string_view name, int64_t value) { Field(name, std::to_string(value)); }
  void Field(std::string_view name, int value) { Field(name, std::to_string(value)); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

std::string FormatDouble(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), format, value);
  return buffer;
}

// 40 random hex digits, as Redis's run_id and master_replid.
std::string RandomHexId() {
  std::random_device random;
  std::string hex;
  for (int i = 0; i < 40; ++i) hex += "0123456789abcdef"[random() % 16];
  return hex;
}

// They name this run of the process, so each is drawn once and kept.
const std::string& RunId() {
  static const std::string id = RandomHexId();
  return id;
}
const std::string& ReplicationId() {
  static const std::string id = RandomHexId();
  return id;
}

int64_t NowMicros() {
  timeval now{};
  gettimeofday(&now, nullptr);
  return static_cast<int64_t>(now.tv_sec) * 1000000 + now.tv_usec;
}

std::string CpuSeconds(const timeval& time) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%ld.%06ld", static_cast<long>(time.tv_sec),
                static_cast<long>(time.tv_usec));
  return buffer;
}

void AddServer(CommandContext& ctx, InfoText& info) {
  const ServerConfig& config = *ctx.server.config;
  utsname name{};
  uname(&name);
  const int64_t now_us = NowMicros();
  const int64_t uptime = (now_us / 1000 - ctx.server.stats->start_ms) / 1000;
  std::error_code ignored;
  const std::string executable = std::filesystem::read_symlink("/proc/self/exe", ignored);
  info.Section("Server");
  info.Field("redis_version", kRedisCompatibleVersion);
  info.Field("stepdb_version", kStepdbVersion);
  info.Field("redis_mode", "standalone");
  info.Field("os", std::string(name.sysname) + " " + name.release + " " + name.machine);
  info.Field("arch_bits", static_cast<int>(sizeof(void*) * 8));
  info.Field("multiplexing_api", "epoll");
  info.Field("gcc_version", std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
                                std::to_string(__GNUC_PATCHLEVEL__));
  info.Field("process_id", static_cast<int64_t>(getpid()));
  info.Field("run_id", RunId());
  info.Field("tcp_port", config.Integer("port"));
  info.Field("server_time_usec", now_us);
  info.Field("uptime_in_seconds", uptime);
  info.Field("uptime_in_days", uptime / 86400);
  info.Field("hz", config.Integer("hz"));
  info.Field("configured_hz", config.Integer("hz"));
  info.Field("executable", executable);
  info.Field("config_file", "");
}

void AddClients(CommandContext& ctx, InfoText& info) {
  uint64_t max_input = 0;
  uint64_t max_output = 0;
  const std::vector<ClientState*> clients = ctx.server.services->Clients();
  for (const ClientState* client : clients) {
    max_input = std::max(max_input, client->input_buffer_bytes);
    max_output = std::max(max_output, client->output_buffer_bytes);
  }
  info.Section("Clients");
  info.Field("connected_clients", static_cast<uint64_t>(clients.size()));
  info.Field("cluster_connections", 0);
  info.Field("maxclients", ctx.server.config->Integer("maxclients"));
  info.Field("client_recent_max_input_buffer", max_input);
  info.Field("client_recent_max_output_buffer", max_output);
  const BlockingService* blocking = ctx.server.blocking;
  info.Field("blocked_clients",
             static_cast<uint64_t>(blocking != nullptr ? blocking->blocked_clients() : 0));
  info.Field("tracking_clients", 0);
  info.Field("clients_in_timeout_table", 0);
}

void AddMemory(CommandContext& ctx, InfoText& info) {
  const uint64_t resident = ctx.server.services->resident_bytes();
  const auto maxmemory = static_cast<uint64_t>(ctx.server.config->Integer("maxmemory"));
  const auto system_memory =
      static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  info.Section("Memory");
  info.Field("used_memory", resident);
  info.Field("used_memory_human", BytesToHuman(resident));
  info.Field("used_memory_rss", resident);
  info.Field("used_memory_rss_human", BytesToHuman(resident));
  info.Field("total_system_memory", system_memory);
  info.Field("total_system_memory_human", BytesToHuman(system_memory));
  info.Field("maxmemory", maxmemory);
  info.Field("maxmemory_human", BytesToHuman(maxmemory));
  info.Field("maxmemory_policy", *ctx.server.config->Get("maxmemory-policy"));
  info.Field("mem_allocator", "libc");
}

void AddPersistence(CommandContext& ctx, InfoText& info) {
  info.Section("Persistence");
  info.Field("loading", 0);
  info.Field("async_loading", 0);
  info.Field("rdb_bgsave_in_progress", 0);
  info.Field("rdb_last_save_time", ctx.server.services->last_save_unix());
  info.Field("rdb_last_bgsave_status", "ok");
  info.Field("aof_enabled", 1);
  info.Field("aof_rewrite_in_progress", 0);
  info.Field("aof_rewrite_scheduled", 0);
  info.Field("aof_last_write_status", "ok");
}

void AddStats(CommandContext& ctx, InfoText& info) {
  const ServerStats& stats = *ctx.server.stats;
  // The table counts the errors of known commands (rejected before the handler or failed in
  // it); stats.total_error_replies holds any counted elsewhere.
  uint64_t errors = stats.total_error_replies;
  const RedisCommandTable& table = *ctx.server.commands;
  for (const RedisCommand& command : table.commands()) {
    const CommandCounters& counters = table.counters(command);
    errors += counters.rejected_calls + counters.failed_calls;
  }
  info.Section("Stats");
  info.Field("total_connections_received", stats.total_connections_received);
  info.Field("total_commands_processed", stats.total_commands_processed);
  info.Field("instantaneous_ops_per_sec", 0);
  info.Field("total_net_input_bytes", stats.total_net_input_bytes);
  info.Field("total_net_output_bytes", stats.total_net_output_bytes);
  info.Field("instantaneous_input_kbps", "0.00");
  info.Field("instantaneous_output_kbps", "0.00");
  info.Field("rejected_connections", stats.rejected_connections);
  info.Field("expired_keys", stats.expired_keys);
  info.Field("evicted_keys", stats.evicted_keys);
  info.Field("keyspace_hits", stats.keyspace_hits);
  info.Field("keyspace_misses", stats.keyspace_misses);
  info.Field("pubsub_channels", 0);
  info.Field("pubsub_patterns", 0);
  info.Field("total_error_replies", errors);
  info.Field("client_query_buffer_limit_disconnections",
             stats.client_query_buffer_limit_disconnections);
  info.Field("client_output_buffer_limit_disconnections",
             stats.client_output_buffer_limit_disconnections);
  info.Field("log_syncs", stats.log_syncs);
}

void AddReplication(InfoText& info) {
  info.Section("Replication");
  info.Field("role", "master");
  info.Field("connected_slaves", 0);
  info.Field("master_failover_state", "no-failover");
  info.Field("master_replid", ReplicationId());
  info.Field("master_replid2", std::string(40, '0'));
  info.Field("master_repl_offset", 0);
  info.Field("second_repl_offset", -1);
  info.Field("repl_backlog_active", 0);
  info.Field("repl_backlog_size", 1048576);
  info.Field("repl_backlog_first_byte_offset", 0);
  info.Field("repl_backlog_histlen", 0);
}

void AddCpu(InfoText& info) {
  rusage self{};
  rusage children{};
  rusage thread{};  // the loop's thread, which runs INFO: Redis's "main thread"
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  getrusage(RUSAGE_THREAD, &thread);
  info.Section("CPU");
  info.Field("used_cpu_sys", CpuSeconds(self.ru_stime));
  info.Field("used_cpu_user", CpuSeconds(self.ru_utime));
  info.Field("used_cpu_sys_children", CpuSeconds(children.ru_stime));
  info.Field("used_cpu_user_children", CpuSeconds(children.ru_utime));
  info.Field("used_cpu_sys_main_thread", CpuSeconds(thread.ru_stime));
  info.Field("used_cpu_user_main_thread", CpuSeconds(thread.ru_utime));
}

void AddCommandStats(CommandContext& ctx, InfoText& info) {
  const RedisCommandTable& table = *ctx.server.commands;
  info.Section("Commandstats");
  for (const RedisCommand& command : table.commands()) {
    const CommandCounters& c = table.counters(command);
    if (c.calls == 0 && c.rejected_calls == 0 && c.failed_calls == 0) continue;
    const double per_call = c.calls == 0 ? 0 : static_cast<double>(c.usec) / c.calls;
    info.Field("cmdstat_" + command.name,
               "calls=" + std::to_string(c.calls) + ",usec=" + std::to_string(c.usec) +
                   ",usec_per_call=" + FormatDouble("%.2f", per_call) +
                   ",rejected_calls=" + std::to_string(c.rejected_calls) +
                   ",failed_calls=" + std::to_string(c.failed_calls));
  }
}

void AddKeyspace(CommandContext& ctx, InfoText& info) {
  const Keyspace& keyspace = ctx.keyspace();
  info.Section("Keyspace");
  for (int db = 0; db < keyspace.databases(); ++db) {
    const uint64_t keys = keyspace.KeyCount(db);
    if (keys == 0) continue;
    info.Field("db" + std::to_string(db),
               "keys=" + std::to_string(keys) +
                   ",expires=" + std::to_string(keyspace.VolatileKeyCount(db)) +
                   ",avg_ttl=" + std::to_string(keyspace.AverageTtlMs(db)));
  }
}

void AddStorage(CommandContext& ctx, InfoText& info) {
  info.Section("Storage");
  const LeveledEngine* engine = ctx.server.services->engine();
  if (engine == nullptr) return;
  for (const Stat& stat : engine->Stats()) info.Field(stat.name, stat.value);
}

}  // namespace

std::string BytesToHuman(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + "B";
  double scaled = static_cast<double>(bytes);
  for (char unit : {'K', 'M', 'G', 'T', 'P'}) {
    scaled /= 1024;
    if (scaled < 1024) return FormatDouble("%.2f", scaled) + unit;
  }
  return std::to_string(bytes) + "B";  // Redis's fallback, from 1024 P up
}

void InfoCommand(CommandContext& ctx) {
  const uint32_t sections = SelectedSections(ctx.argv);
  InfoText info;
  if (sections & kServer) AddServer(ctx, info);
  if (sections & kClients) AddClients(ctx, info);
  if (sections & kMemory) AddMemory(ctx, info);
  if (sections & kPersistence) AddPersistence(ctx, info);
  if (sections & kStats) AddStats(ctx, info);
  if (sections & kReplication) AddReplication(info);
  if (sections & kCpu) AddCpu(info);
  if (sections & kModules) info.Section("Modules");
  if (sections & kCommandStats) AddCommandStats(ctx, info);
  if (sections & kCluster) {
    info.Section("Cluster");
    info.Field("cluster_enabled", 0);
  }
  if (sections & kKeyspace) AddKeyspace(ctx, info);
  if (sections & kStorage) AddStorage(ctx, info);
  ctx.reply.Verbatim(info.text());
}

void AddRedisInfoCommand(RedisCommandTable& table) {
  table.Add({"info",
             -1,
             kCmdLoading | kCmdStale,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Get information and statistics about the server",
             InfoCommand,
             {}});
}

}  // namespace stepdb
