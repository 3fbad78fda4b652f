// The runner's correctness checks, against engines that answer wrongly in one way each: a
// benchmark of an engine that loses writes must fail, not report a fast number.
#include "bench/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "bench/stepdb_engine_adapter.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "memtable_engine.h"

namespace stepdb::bench {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Stage 01's MemTableEngine, correct, with one fault that a test can switch on.
class FaultyEngine : public StepdbEngineAdapter {
 public:
  enum class Fault { kNone, kLosesOnePut, kFindsMissingKeys, kIgnoresOverwrites, kScanSkipsOne };

  explicit FaultyEngine(Fault fault)
      : StepdbEngineAdapter(
            [](const std::string&, const EngineOptions&) -> Result<std::unique_ptr<Engine>> {
              return std::unique_ptr<Engine>(std::make_unique<MemTableEngine>());
            }),
        fault_(fault) {}

  Status Put(std::string_view key, std::string_view value) override {
    if (fault_ == Fault::kLosesOnePut && key == Key(7)) return Status::Ok();
    if (fault_ == Fault::kIgnoresOverwrites) {
      std::string old;
      if (StepdbEngineAdapter::Get(key, &old).ok()) return Status::Ok();
    }
    return StepdbEngineAdapter::Put(key, value);
  }

  Status Get(std::string_view key, std::string* value) override {
    if (fault_ == Fault::kFindsMissingKeys && key.ends_with(".")) {
      *value = "phantom";
      return Status::Ok();
    }
    return StepdbEngineAdapter::Get(key, value);
  }

  Status Scan(std::string_view start, size_t limit, const Visitor& visit) override {
    if (fault_ != Fault::kScanSkipsOne) return StepdbEngineAdapter::Scan(start, limit, visit);
    return StepdbEngineAdapter::Scan(start, limit, [&](std::string_view key, std::string_view v) {
      return key == Key(3) ? true : visit(key, v);
    });
  }

 private:
  Fault fault_;
};

class BenchRunner : public ::testing::Test {
 protected:
  EngineReport RunWith(FaultyEngine::Fault fault, const std::vector<std::string>& names) {
    std::vector<const WorkloadSpec*> workloads;
    for (const std::string& name : names) workloads.push_back(FindWorkload(name));
    FaultyEngine engine(fault);
    EngineInfo info;
    info.name = "faulty";
    ProgressLog silent(nullptr);
    return RunEngine(engine, info, dir_.Join("db"), config_, workloads, silent);
  }

  const std::vector<std::string> kAll = {"fillseq",     "fillrandom", "overwrite",   "readrandom",
                                         "readmissing", "readseq",    "deleterandom"};
  BenchConfig config_{.num = 200, .value_size = 100, .seed = 301, .engine_options = {}};
  testkit::TempDir dir_;
};

TEST_F(BenchRunner, ACorrectEngineCompletesEveryWorkload) {
  EngineReport report = RunWith(FaultyEngine::Fault::kNone, kAll);
  ASSERT_OK(report.status);
  ASSERT_EQ(report.results.size(), kAll.size());
  for (const WorkloadResult& result : report.results) {
    EXPECT_EQ(result.ops, 200u) << result.spec->name;
    EXPECT_GT(result.seconds, 0) << result.spec->name;
  }
  // Three fills of 200 keys of 16 + 100 bytes, then 200 deletes of 16-byte keys.
  EXPECT_EQ(report.user_bytes_written, 3 * 200 * 116u + 200 * 16u);
  EXPECT_FALSE(report.table_bytes_written.has_value());
}

TEST_F(BenchRunner, AReadThatMissesAWrittenKeyFailsTheRun) {
  EngineReport report = RunWith(FaultyEngine::Fault::kLosesOnePut, kAll);
  ASSERT_TRUE(report.status.IsCorruption());
  EXPECT_THAT(report.status.message(),
              HasSubstr("readrandom: Get(0000000000000007) found nothing"));
  EXPECT_EQ(report.results.size(), 3u);  // the fills and overwrite, which cannot tell
}

TEST_F(BenchRunner, AMissingKeyThatIsFoundFailsTheRun) {
  EngineReport report = RunWith(FaultyEngine::Fault::kFindsMissingKeys, kAll);
  ASSERT_TRUE(report.status.IsCorruption());
  EXPECT_THAT(report.status.message(), HasSubstr("readmissing: Get("));
  EXPECT_THAT(report.status.message(), HasSubstr("found a value, but the key was never written"));
}

TEST_F(BenchRunner, AStaleValueAfterOverwriteFailsTheRun) {
  EngineReport report = RunWith(FaultyEngine::Fault::kIgnoresOverwrites, kAll);
  ASSERT_TRUE(report.status.IsCorruption());
  EXPECT_THAT(report.status.message(), HasSubstr("not the value written last"));
  EXPECT_THAT(report.status.message(), StartsWith("readrandom: "));
}

TEST_F(BenchRunner, AScanThatSkipsAKeyFailsTheRun) {
  EngineReport report = RunWith(FaultyEngine::Fault::kScanSkipsOne, {"fillrandom", "readseq"});
  ASSERT_TRUE(report.status.IsCorruption());
  EXPECT_THAT(report.status.message(),
              HasSubstr("readseq: Scan visited 0000000000000004 where 0000000000000003 was "
                        "expected"));
}

TEST_F(BenchRunner, AReadWorkloadOnItsOwnLoadsTheKeysFirst) {
  EngineReport report =
      RunWith(FaultyEngine::Fault::kNone, {"readrandom", "deleterandom", "readseq"});
  ASSERT_OK(report.status);
  ASSERT_EQ(report.results.size(), 3u);
  EXPECT_EQ(report.results[2].ops, 200u);  // readseq reloaded after the deletes
}

}  // namespace
}  // namespace stepdb::bench
