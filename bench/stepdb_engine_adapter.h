// StepdbEngineAdapter: any StepDB engine, through the Engine seam of stage 01, as an
// EngineAdapter.
//
// Every StepDB stage serves its storage through Engine (engine.h), so one adapter covers them
// all: an engine's adapter file only says how to open one (the Opener) and, if the engine
// counts them, how to read its table bytes written. Calls go through Engine's own Put and
// Delete helpers, which build a one-entry WriteBatch, exactly as the servers do; that cost is
// StepDB's and is measured as such.
//
// Thread safety: like every EngineAdapter, one caller at a time.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bench/engine_adapter.h"
#include "common/result.h"
#include "engine.h"

namespace stepdb::bench {

class StepdbEngineAdapter : public EngineAdapter {
 public:
  // Opens an engine in the existing, empty directory `dir` with the shared settings. The
  // engine's destructor must close it (flush what it must, stop its background threads).
  using Opener =
      std::function<Result<std::unique_ptr<Engine>>(const std::string& dir, const EngineOptions&)>;
  // The engine's count of bytes written to tables since it was opened, if it keeps one.
  using TableBytesCounter = std::function<std::optional<uint64_t>(Engine&)>;

  explicit StepdbEngineAdapter(Opener open, TableBytesCounter table_bytes = nullptr);

  Status Open(const std::string& dir, const EngineOptions& options) override;
  Status Close() override;
  Status Put(std::string_view key, std::string_view value) override;
  Status Delete(std::string_view key) override;
  Status Get(std::string_view key, std::string* value) override;
  Status Scan(std::string_view start, size_t limit, const Visitor& visit) override;
  std::optional<uint64_t> TableBytesWritten() override;

 private:
  Opener open_;
  TableBytesCounter table_bytes_;
  std::unique_ptr<Engine> engine_;  // null while closed
};

}  // namespace stepdb::bench
