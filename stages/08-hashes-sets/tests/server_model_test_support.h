// Test support for the property tests of a type's commands over the wire (Seeds/HashModel,
// Seeds/SetModel, Seeds/ListModel): a real server process (testkit::kStageBinary) with
// --fsync always, random commands on a few keys whose every reply is checked against a model
// the test keeps in memory, and clean restarts (SIGTERM) and kill -9 at random points, after
// which every key must hold exactly what the model says. Under --fsync always every
// acknowledged write is on disk before its reply, so neither kind of restart may lose one,
// and nothing deleted may come back.
//
// A model test keeps only its model and its steps:
//
//   class SetModel : public ServerModelTest {
//    protected:
//     SetModel() : ServerModelTest(/*keys=*/4) {}
//     void RandomStep() override;              // one random command, its reply checked,
//                                              // or RestartAndCheck(crash) now and then
//     void ExpectKeyMatches(const std::string& key) override;
//     size_t ModelKeys() const override;       // what DBSIZE must answer
//   };
//   TEST_P(SetModel, RandomCommandsMatchAModelAcrossRestartsAndKills) { RunSteps(300); }
//   INSTANTIATE_TEST_SUITE_P(Seeds, SetModel, ::testing::Values(1u, 2u, 3u), SeedName);
//
// The seed is the test's parameter and random_ the only source of chance, so a failure
// replays; a seed must both kill and cleanly restart the server at least once, or the test
// says to pick another.
//
// Thread safety: a fixture runs on the test's thread.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/testkit/test_client.h"
#include "redis_command_test_support.h"

namespace stepdb {

// "Seed<n>": the name of a model test's instance, after its seed.
inline std::string SeedName(const ::testing::TestParamInfo<uint32_t>& info) {
  return "Seed" + std::to_string(info.param);
}

class ServerModelTest : public Stage06ServerTest, public ::testing::WithParamInterface<uint32_t> {
 protected:
  // Keys are "k0" .. "k<keys - 1>".
  explicit ServerModelTest(int keys) : keys_(keys) {}

  std::vector<std::string> ServerFlags() const override { return {"--fsync", "always"}; }

  // One random step: a command whose reply is checked against the model (which follows it),
  // or now and then RestartAndCheck.
  virtual void RandomStep() = 0;
  // The server holds key exactly as the model does.
  virtual void ExpectKeyMatches(const std::string& key) = 0;
  // The number of keys the model holds, as DBSIZE counts them.
  virtual size_t ModelKeys() const = 0;

  // Connects, runs `steps` random steps, stopping at the first failure, then checks every key
  // and that the seed both killed and cleanly restarted the server.
  void RunSteps(int steps) {
    Connect();
    for (step_ = 0; step_ < steps; ++step_) {
      SCOPED_TRACE("step " + std::to_string(step_));
      RandomStep();
      if (HasFailure()) return;
    }
    ExpectAllMatch();
    EXPECT_GT(crashes_, 0) << "this seed never killed the server; pick another";
    EXPECT_GT(restarts_, 0) << "this seed never restarted the server; pick another";
  }

  // The step being run, counted from 0.
  int step() const { return step_; }

  std::string RandomKey() { return "k" + std::to_string(random_() % keys_); }

  // Sends request and checks that the reply is exactly `expected`.
  void Expect(const std::vector<std::string>& request, const std::string& expected) {
    ASSERT_TRUE(client_->Exchange(Resp(request), expected));
  }

  // Every key matches the model (ExpectKeyMatches), and DBSIZE counts the model's keys.
  void ExpectAllMatch() {
    for (int i = 0; i < keys_; ++i) {
      ExpectKeyMatches("k" + std::to_string(i));
      if (HasFatalFailure()) return;
    }
    Expect({"DBSIZE"}, Int(static_cast<long long>(ModelKeys())));
  }

  // Stops the server with kill -9 (crash) or cleanly (SIGTERM), starts it again on the same
  // data, reconnects, and checks that every key came back as the model has it.
  void RestartAndCheck(bool crash) {
    client_.reset();
    if (crash) {
      server().Kill();
      ++crashes_;
    } else {
      ASSERT_EQ(server().Stop(SIGTERM), 0) << server().log();
      ++restarts_;
    }
    Restart();
    Connect();
    SCOPED_TRACE(crash ? "after kill -9" : "after a clean restart");
    ExpectAllMatch();
  }

  testkit::TestClient& client() { return *client_; }

  std::mt19937 random_{GetParam()};

 private:
  void Connect() { client_ = std::make_unique<testkit::TestClient>(port()); }

  const int keys_;
  int step_ = 0;
  int crashes_ = 0;
  int restarts_ = 0;
  std::unique_ptr<testkit::TestClient> client_;
};

}  // namespace stepdb
