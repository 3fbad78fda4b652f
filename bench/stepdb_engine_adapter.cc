#include "bench/stepdb_engine_adapter.h"

#include <utility>

namespace stepdb::bench {

StepdbEngineAdapter::StepdbEngineAdapter(Opener open, TableBytesCounter table_bytes)
    : open_(std::move(open)), table_bytes_(std::move(table_bytes)) {}

Status StepdbEngineAdapter::Open(const std::string& dir, const EngineOptions& options) {
  STEPDB_ASSIGN_OR_RETURN(engine_, open_(dir, options));
  return Status::Ok();
}

Status StepdbEngineAdapter::Close() {
  engine_.reset();
  return Status::Ok();
}

Status StepdbEngineAdapter::Put(std::string_view key, std::string_view value) {
  return engine_->Put(key, value);
}

Status StepdbEngineAdapter::Delete(std::string_view key) { return engine_->Delete(key); }

Status StepdbEngineAdapter::Get(std::string_view key, std::string* value) {
  Result<std::string> result = engine_->Get(key);
  if (!result.ok()) return result.status();
  *value = std::move(result).value();
  return Status::Ok();
}

Status StepdbEngineAdapter::Scan(std::string_view start, size_t limit, const Visitor& visit) {
  return engine_->Scan(start, /*end=*/"", limit, visit);
}

std::optional<uint64_t> StepdbEngineAdapter::TableBytesWritten() {
  if (!table_bytes_ || !engine_) return std::nullopt;
  return table_bytes_(*engine_);
}

}  // namespace stepdb::bench
