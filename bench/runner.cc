#include "bench/runner.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "bench/io_stats.h"

namespace stepdb::bench {

void ProgressLog::Line(const std::string& line) {
  if (out_ == nullptr) return;
  std::fputs(line.c_str(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
  bytes_written_ += line.size() + 1;
}

namespace {

// Keys in messages: printable ASCII as is, anything else as \xNN (an engine that returns
// garbage should not garble the report).
std::string Printable(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    }
  }
  return out;
}

// The same status, its message prefixed with where it happened.
Status WithContext(const Status& status, const std::string& where) {
  std::string message = where + ": " + status.ToString();
  switch (status.code()) {
    case Status::Code::kOk:
      return status;
    case Status::Code::kNotFound:
      return Status::NotFound(message);
    case Status::Code::kCorruption:
      return Status::Corruption(message);
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(message);
    case Status::Code::kNotImplemented:
      return Status::NotImplemented(message);
    case Status::Code::kBusy:
      return Status::Busy(message);
    case Status::Code::kIOError:
      break;
  }
  return Status::IOError(message);
}

std::string Call(std::string_view workload, std::string_view op, std::string_view key) {
  return std::string(workload) + ": " + std::string(op) + "(" + Printable(key) + ")";
}

// One engine's run. Members hold the state of the database between workloads (see runner.h).
class Run {
 public:
  Run(EngineAdapter& engine, const EngineInfo& info, const std::string& db_dir,
      const BenchConfig& config, ProgressLog& progress)
      : engine_(engine),
        info_(info),
        db_dir_(db_dir),
        config_(config),
        progress_(progress),
        values_(config.value_size, config.seed) {}

  EngineReport Go(const std::vector<const WorkloadSpec*>& workloads);

 private:
  Status OpenFresh();
  Status Close();
  Status Execute(const WorkloadSpec& spec, uint64_t stream, WorkloadResult* result);

  // The timed loops. Each returns the first failure.
  Status Fill(std::string_view name, const std::vector<uint64_t>* order);  // null = 0, 1, ...
  Status ReadRandom(std::string_view name, const std::vector<uint64_t>& order);
  Status ReadMissing(std::string_view name, const std::vector<uint64_t>& order);
  Status ReadSeq(std::string_view name, uint64_t* visited);
  Status DeleteRandom(std::string_view name, const std::vector<uint64_t>& order);

  EngineAdapter& engine_;
  const EngineInfo& info_;
  const std::string db_dir_;
  const BenchConfig& config_;
  ProgressLog& progress_;
  const ValueSource values_;

  bool open_ = false;
  bool fresh_ = false;       // open, and nothing written since it was opened on an empty dir
  bool filled_ = false;      // every key is present (see runner.h)
  uint32_t generation_ = 0;  // the write generation whose values the database holds
  EngineReport report_;
  bool table_bytes_known_ = true;
  uint64_t table_bytes_ = 0;
};

EngineReport Run::Go(const std::vector<const WorkloadSpec*>& workloads) {
  report_.engine = info_.name;
  report_.in_memory = info_.in_memory;
  const uint64_t progress_before = progress_.bytes_written();
  const std::optional<uint64_t> wchar_before = ProcessWriteSyscallBytes();

  Status status = OpenFresh();
  for (size_t i = 0; status.ok() && i < workloads.size(); ++i) {
    WorkloadResult result;
    result.spec = workloads[i];
    status = Execute(*workloads[i], /*stream=*/i + 1, &result);
    if (!status.ok()) break;
    report_.results.push_back(result);
    report_.peak_disk_bytes = std::max(report_.peak_disk_bytes, DiskUsageBytes(db_dir_));
    char line[160];
    std::snprintf(line, sizeof line, "  %-16s %-13s %10" PRIu64 " ops %9.3f s %12.0f ops/s",
                  info_.name.c_str(), std::string(result.spec->name).c_str(), result.ops,
                  result.seconds, result.ops_per_sec());
    progress_.Line(line);
  }
  Status closed = Close();
  if (status.ok()) status = closed;

  const std::optional<uint64_t> wchar_after = ProcessWriteSyscallBytes();
  if (wchar_before && wchar_after) {
    uint64_t progress_bytes = progress_.bytes_written() - progress_before;
    uint64_t delta = *wchar_after - *wchar_before;
    report_.write_syscall_bytes = delta > progress_bytes ? delta - progress_bytes : 0;
  }
  if (table_bytes_known_) report_.table_bytes_written = table_bytes_;
  report_.final_disk_bytes = DiskUsageBytes(db_dir_);
  report_.peak_disk_bytes = std::max(report_.peak_disk_bytes, report_.final_disk_bytes);
  report_.status = status;
  if (!status.ok()) progress_.Line("  " + info_.name + " FAILED: " + status.ToString());
  return report_;
}

Status Run::OpenFresh() {
  STEPDB_RETURN_IF_ERROR(Close());
  std::error_code error;
  std::filesystem::remove_all(db_dir_, error);
  if (!error) std::filesystem::create_directories(db_dir_, error);
  if (error) return Status::IOError("cannot make a fresh " + db_dir_ + ": " + error.message());
  STEPDB_RETURN_IF_ERROR(WithContext(engine_.Open(db_dir_, config_.engine_options), "Open"));
  open_ = true;
  fresh_ = true;
  filled_ = false;
  return Status::Ok();
}

Status Run::Close() {
  if (!open_) return Status::Ok();
  // Counted before Close: an adapter's counters may not outlive its database.
  std::optional<uint64_t> table_bytes = engine_.TableBytesWritten();
  if (table_bytes) {
    table_bytes_ += *table_bytes;
  } else {
    table_bytes_known_ = false;
  }
  open_ = false;
  return WithContext(engine_.Close(), "Close");
}

Status Run::Execute(const WorkloadSpec& spec, uint64_t stream, WorkloadResult* result) {
  const WorkloadKind kind = spec.kind;
  if (kind == WorkloadKind::kFillSeq || kind == WorkloadKind::kFillRandom) {
    if (!fresh_) STEPDB_RETURN_IF_ERROR(OpenFresh());
  } else if (!filled_) {
    progress_.Line("  " + info_.name + " " + std::string(spec.name) + ": loading " +
                   std::to_string(config_.num) + " keys first (untimed fillseq)");
    STEPDB_RETURN_IF_ERROR(Fill("load", nullptr));
  }

  std::vector<uint64_t> order;
  if (kind != WorkloadKind::kFillSeq && kind != WorkloadKind::kReadSeq) {
    order = ShuffledOrder(config_.num, config_.seed, stream);
  }

  result->ops = config_.num;
  const auto start = std::chrono::steady_clock::now();
  Status status;
  switch (kind) {
    case WorkloadKind::kFillSeq:
      status = Fill(spec.name, nullptr);
      break;
    case WorkloadKind::kFillRandom:
    case WorkloadKind::kOverwrite:
      status = Fill(spec.name, &order);
      break;
    case WorkloadKind::kReadRandom:
      status = ReadRandom(spec.name, order);
      break;
    case WorkloadKind::kReadMissing:
      status = ReadMissing(spec.name, order);
      break;
    case WorkloadKind::kReadSeq:
      status = ReadSeq(spec.name, &result->ops);
      break;
    case WorkloadKind::kDeleteRandom:
      status = DeleteRandom(spec.name, order);
      break;
  }
  const auto end = std::chrono::steady_clock::now();
  result->seconds = std::chrono::duration<double>(end - start).count();
  return status;
}

Status Run::Fill(std::string_view name, const std::vector<uint64_t>* order) {
  ++generation_;
  fresh_ = false;
  char key[kKeyBytes];
  for (uint64_t i = 0; i < config_.num; ++i) {
    const uint64_t n = order != nullptr ? (*order)[i] : i;
    FormatKey(n, key);
    const std::string_view key_view(key, kKeyBytes);
    Status status = engine_.Put(key_view, values_.Value(n, generation_));
    if (!status.ok()) return WithContext(status, Call(name, "Put", key_view));
    report_.user_bytes_written += kKeyBytes + config_.value_size;
  }
  filled_ = true;
  return Status::Ok();
}

Status Run::ReadRandom(std::string_view name, const std::vector<uint64_t>& order) {
  char key[kKeyBytes];
  std::string value;
  for (uint64_t n : order) {
    FormatKey(n, key);
    const std::string_view key_view(key, kKeyBytes);
    Status status = engine_.Get(key_view, &value);
    if (status.IsNotFound()) {
      return Status::Corruption(Call(name, "Get", key_view) +
                                " found nothing, but the key was written");
    }
    if (!status.ok()) return WithContext(status, Call(name, "Get", key_view));
    if (value != values_.Value(n, generation_)) {
      return Status::Corruption(Call(name, "Get", key_view) + " returned " +
                                std::to_string(value.size()) +
                                " bytes that are not the value written last");
    }
  }
  return Status::Ok();
}

Status Run::ReadMissing(std::string_view name, const std::vector<uint64_t>& order) {
  char key[kMissingKeyBytes];
  std::string value;
  for (uint64_t n : order) {
    FormatMissingKey(n, key);
    const std::string_view key_view(key, kMissingKeyBytes);
    Status status = engine_.Get(key_view, &value);
    if (status.ok()) {
      return Status::Corruption(Call(name, "Get", key_view) +
                                " found a value, but the key was never written");
    }
    if (!status.IsNotFound()) return WithContext(status, Call(name, "Get", key_view));
  }
  return Status::Ok();
}

Status Run::ReadSeq(std::string_view name, uint64_t* visited) {
  const std::string where = std::string(name) + ": Scan";
  uint64_t count = 0;
  Status check;
  char expected[kKeyBytes];
  Status status = engine_.Scan(
      "", std::numeric_limits<size_t>::max(), [&](std::string_view key, std::string_view value) {
        if (count >= config_.num) {
          check = Status::Corruption(where + " visited key " + Printable(key) + " after all " +
                                     std::to_string(config_.num) + " written keys");
          return false;
        }
        FormatKey(count, expected);
        if (key != std::string_view(expected, kKeyBytes)) {
          check = Status::Corruption(where + " visited " + Printable(key) + " where " +
                                     std::string(expected, kKeyBytes) + " was expected");
          return false;
        }
        if (value != values_.Value(count, generation_)) {
          check = Status::Corruption(where + " visited " + Printable(key) +
                                     " with a value that is not the one written last");
          return false;
        }
        ++count;
        return true;
      });
  *visited = count;
  if (!status.ok()) return WithContext(status, where);
  if (!check.ok()) return check;
  if (count != config_.num) {
    return Status::Corruption(where + " visited " + std::to_string(count) + " keys, expected " +
                              std::to_string(config_.num));
  }
  return Status::Ok();
}

Status Run::DeleteRandom(std::string_view name, const std::vector<uint64_t>& order) {
  fresh_ = false;
  filled_ = false;  // from the first delete on, some keys are gone
  char key[kKeyBytes];
  for (uint64_t n : order) {
    FormatKey(n, key);
    const std::string_view key_view(key, kKeyBytes);
    Status status = engine_.Delete(key_view);
    if (!status.ok()) return WithContext(status, Call(name, "Delete", key_view));
    report_.user_bytes_written += kKeyBytes;
  }
  return Status::Ok();
}

}  // namespace

EngineReport RunEngine(EngineAdapter& engine, const EngineInfo& info, const std::string& db_dir,
                       const BenchConfig& config, const std::vector<const WorkloadSpec*>& workloads,
                       ProgressLog& progress) {
  return Run(engine, info, db_dir, config, progress).Go(workloads);
}

}  // namespace stepdb::bench
