// A property test over the wire: random HSET, HSETNX, HDEL, HINCRBY, DEL, HGETALL, HLEN and
// HGET on a few keys of a stepdb-stage08 server running with --fsync always, against a model
// of what each key holds, with clean restarts (SIGTERM) and kill -9 at random points. Every
// reply must be the model's, and after every restart every key must hold exactly what the
// model says: an acknowledged write is never lost, and a deleted field or hash never comes
// back. Fixed seeds, so a failure replays.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "redis_args.h"
#include "redis_command_test_support.h"
#include "server_model_test_support.h"

namespace stepdb {
namespace {

constexpr int kKeys = 4;
constexpr int kFields = 8;
constexpr int kSteps = 400;

using Hash = std::map<std::string, std::string>;

class HashModel : public ServerModelTest {
 protected:
  HashModel() : ServerModelTest(kKeys) {}

  // HGETALL key, as (field, value) pairs sorted by field.
  Hash ReadHash(const std::string& key) {
    EXPECT_TRUE(client().Send(Resp({"HGETALL", key})));
    const Reply reply = ReadReply(client());
    EXPECT_EQ(reply.type, '*') << "HGETALL " << key << " replied " << reply.text;
    Hash hash;
    for (size_t i = 0; i + 1 < reply.items.size(); i += 2) {
      EXPECT_TRUE(hash.emplace(reply.items[i].text, reply.items[i + 1].text).second)
          << "HGETALL " << key << " gave " << reply.items[i].text << " twice";
    }
    return hash;
  }

  void ExpectKeyMatches(const std::string& key) override {
    const auto it = model_.find(key);
    const Hash expected = it == model_.end() ? Hash() : it->second;
    EXPECT_EQ(ReadHash(key), expected) << key;
    Expect({"HLEN", key}, Int(static_cast<long long>(expected.size())));
    Expect({"EXISTS", key}, Int(expected.empty() ? 0 : 1));
  }
  size_t ModelKeys() const override { return model_.size(); }

  void RandomStep() override {
    const std::string key = RandomKey();
    const std::string field = "f" + std::to_string(random_() % kFields);
    // Half the values are integers, so HINCRBY both succeeds and meets words (and the
    // "o"-prefixed values of HSET's second field).
    const std::string value = random_() % 2 == 0
                                  ? std::to_string(static_cast<int>(random_() % 2000) - 1000)
                                  : "w" + std::to_string(step());
    const uint32_t dice = random_() % 100;
    if (dice >= 98) {
      RestartAndCheck(/*crash=*/dice == 99);
      return;
    }
    Hash& hash = model_[key];
    if (dice < 28) {
      const std::string other = "f" + std::to_string(random_() % kFields);
      const long long added = !hash.contains(field) + (other != field && !hash.contains(other));
      Expect({"HSET", key, field, value, other, "o" + value}, Int(added));
      hash[field] = value;
      hash[other] = "o" + value;
    } else if (dice < 36) {
      const bool is_new = !hash.contains(field);
      Expect({"HSETNX", key, field, value}, Int(is_new ? 1 : 0));
      if (is_new) hash[field] = value;
    } else if (dice < 50) {
      const std::string other = "f" + std::to_string(random_() % kFields);
      const long long deleted = hash.erase(field) + (other != field ? hash.erase(other) : 0);
      Expect({"HDEL", key, field, other}, Int(deleted));
    } else if (dice < 62) {
      const int64_t increment = static_cast<int64_t>(random_() % 100) - 50;
      int64_t number = 0;  // a missing field counts as 0
      const auto it = hash.find(field);
      if (it != hash.end() && !StringToInt64(it->second, &number)) {
        Expect({"HINCRBY", key, field, std::to_string(increment)},
               Err("ERR hash value is not an integer"));
      } else {
        number += increment;
        Expect({"HINCRBY", key, field, std::to_string(increment)}, Int(number));
        hash[field] = std::to_string(number);
      }
    } else if (dice < 66) {
      Expect({"DEL", key}, Int(hash.empty() ? 0 : 1));
      hash.clear();
    } else if (dice < 76) {
      EXPECT_EQ(ReadHash(key), hash) << key;
    } else if (dice < 84) {
      Expect({"HLEN", key}, Int(static_cast<long long>(hash.size())));
    } else {
      const auto it = hash.find(field);
      Expect({"HGET", key, field}, it == hash.end() ? kNil : Bulk(it->second));
    }
    if (hash.empty()) model_.erase(key);
  }

  std::map<std::string, Hash> model_;  // only non-empty hashes, as the server keeps them
};

TEST_P(HashModel, AcknowledgedHashWritesSurviveRestartsAndKillDashNine) { RunSteps(kSteps); }

INSTANTIATE_TEST_SUITE_P(Seeds, HashModel, ::testing::Values(1u, 2u, 3u), SeedName);

}  // namespace
}  // namespace stepdb
