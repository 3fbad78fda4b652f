// A property test of the set commands over a real stepdb-stage08 process: random SADD, SREM,
// SPOP, SMOVE, SINTERSTORE, SUNIONSTORE, DEL, SMEMBERS and SCARD on a few keys, each reply
// checked against a std::map model, with clean restarts (SIGTERM) and kill -9 at random points.
// The server runs with --fsync always, so every acknowledged write is on disk before its
// reply: after either kind of restart every key must equal the model. Fixed seeds, so a
// failure replays.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "redis_command_test_support.h"
#include "server_model_test_support.h"

namespace stepdb {
namespace {

using Model = std::map<std::string, std::set<std::string>>;  // key -> members; no empty sets

constexpr int kKeys = 4;
constexpr int kMembers = 24;

class SetModel : public ServerModelTest {
 protected:
  SetModel() : ServerModelTest(kKeys) {}

  std::string RandomMember() { return "m" + std::to_string(random_() % kMembers); }
  const std::set<std::string>& Members(const std::string& key) {
    static const std::set<std::string> kEmpty;
    auto it = model_.find(key);
    return it == model_.end() ? kEmpty : it->second;
  }
  void Store(const std::string& key, std::set<std::string> members) {
    if (members.empty()) {
      model_.erase(key);
    } else {
      model_[key] = std::move(members);
    }
  }

  // Sends request and returns the members of its array reply.
  std::vector<std::string> Items(const std::vector<std::string>& request) {
    EXPECT_TRUE(client().Send(Resp(request)));
    const Reply reply = ReadReply(client());
    EXPECT_EQ(reply.type, '*') << request[0] << " " << reply.text;
    return Texts(reply);
  }

  // SMEMBERS and SCARD of key agree with the model.
  void ExpectKeyMatches(const std::string& key) override {
    const std::set<std::string>& want = Members(key);
    std::vector<std::string> got = Items({"SMEMBERS", key});
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, std::vector<std::string>(want.begin(), want.end())) << "SMEMBERS " << key;
    Expect({"SCARD", key}, Int(static_cast<long long>(want.size())));
  }
  size_t ModelKeys() const override { return model_.size(); }

  void RandomStep() override {
    const uint32_t dice = random_() % 100;
    const std::string key = RandomKey();
    if (dice < 25) {  // SADD key m [m]
      std::vector<std::string> request = {"SADD", key};
      std::set<std::string> members = Members(key);
      long long added = 0;
      for (uint32_t n = 1 + random_() % 3; n > 0; --n) {
        request.push_back(RandomMember());
        added += members.insert(request.back()).second ? 1 : 0;
      }
      Expect(request, Int(added));
      Store(key, std::move(members));
    } else if (dice < 40) {  // SREM key m [m]
      std::vector<std::string> request = {"SREM", key};
      std::set<std::string> members = Members(key);
      long long removed = 0;
      for (uint32_t n = 1 + random_() % 3; n > 0; --n) {
        request.push_back(RandomMember());
        removed += static_cast<long long>(members.erase(request.back()));
      }
      Expect(request, Int(removed));
      Store(key, std::move(members));
    } else if (dice < 50) {  // SPOP key count: the server chooses; the model follows
      const uint32_t count = random_() % 5;
      const std::vector<std::string> popped = Items({"SPOP", key, std::to_string(count)});
      std::set<std::string> members = Members(key);
      ASSERT_EQ(popped.size(), std::min<size_t>(count, members.size())) << "SPOP " << key;
      for (const std::string& member : popped) {
        ASSERT_EQ(members.erase(member), 1u) << "SPOP " << key << " popped " << member;
      }
      Store(key, std::move(members));
    } else if (dice < 62) {  // SMOVE key other m
      const std::string destination = RandomKey();
      const std::string member = RandomMember();
      std::set<std::string> from = Members(key);
      const bool moved = from.count(member) > 0;
      Expect({"SMOVE", key, destination, member}, Int(moved ? 1 : 0));
      if (moved && destination != key) {
        std::set<std::string> to = Members(destination);
        from.erase(member);
        to.insert(member);
        Store(key, std::move(from));
        Store(destination, std::move(to));
      }
    } else if (dice < 70) {  // SINTERSTORE key a b (key may be a or b)
      const std::string a = RandomKey();
      const std::string b = RandomKey();
      std::set<std::string> result;
      for (const std::string& member : Members(a)) {
        if (Members(b).count(member)) result.insert(member);
      }
      Expect({"SINTERSTORE", key, a, b}, Int(static_cast<long long>(result.size())));
      Store(key, std::move(result));
    } else if (dice < 78) {  // SUNIONSTORE key a b
      const std::string a = RandomKey();
      const std::string b = RandomKey();
      std::set<std::string> result = Members(a);
      result.insert(Members(b).begin(), Members(b).end());
      Expect({"SUNIONSTORE", key, a, b}, Int(static_cast<long long>(result.size())));
      Store(key, std::move(result));
    } else if (dice < 82) {  // DEL key
      Expect({"DEL", key}, Int(model_.erase(key) > 0 ? 1 : 0));
    } else if (dice < 92) {
      ExpectKeyMatches(key);
    } else if (dice < 97) {
      Expect({"SCARD", key}, Int(static_cast<long long>(Members(key).size())));
    } else {
      RestartAndCheck(/*crash=*/dice < 99);
    }
  }

  Model model_;
};

TEST_P(SetModel, RandomCommandsMatchAModelAcrossRestartsAndKills) { RunSteps(300); }

INSTANTIATE_TEST_SUITE_P(Seeds, SetModel, ::testing::Values(1u, 2u, 3u), SeedName);

}  // namespace
}  // namespace stepdb
