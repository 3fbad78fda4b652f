// A property test of the list commands over a real stepdb-stage09 process: random LPUSH,
// RPUSH, LPOP, RPOP (with and without a count), LSET, LINSERT, LREM, LTRIM, LMOVE, DEL,
// LRANGE, LINDEX and LLEN on a few keys, each reply checked against a std::deque model, with
// clean restarts (SIGTERM) and kill -9 at random points. The server runs with --fsync always,
// so every acknowledged write is on disk before its reply: after either kind of restart every
// list must equal the model. Fixed seeds, so a failure replays.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "redis_command_test_support.h"
#include "server_model_test_support.h"

namespace stepdb {
namespace {

using List = std::deque<std::string>;
using Model = std::map<std::string, List>;  // key -> elements; no empty lists

constexpr int kKeys = 3;
constexpr int kValues = 8;  // few distinct elements, so that LREM and LINSERT find them

// Redis's index rule (LINDEX, LSET): a negative index counts from the tail. Returns the index
// from the head, or -1 if it is out of range.
long long IndexFromHead(long long index, size_t size) {
  const auto length = static_cast<long long>(size);
  if (index < 0) index += length;
  return index >= 0 && index < length ? index : -1;
}

// Redis's range rule (LRANGE, LTRIM): the elements of [start, stop] after negative bounds
// count from the tail and both are clamped; empty if nothing is left.
List Slice(const List& list, long long start, long long stop) {
  const auto length = static_cast<long long>(list.size());
  if (start < 0) start = std::max(0LL, start + length);
  if (stop < 0) stop += length;
  stop = std::min(stop, length - 1);
  if (start > stop || start >= length) return {};
  return List(list.begin() + start, list.begin() + stop + 1);
}

class ListModel : public ServerModelTest {
 protected:
  ListModel() : ServerModelTest(kKeys) {}

  std::string RandomValue() { return "v" + std::to_string(random_() % kValues); }
  bool Coin() { return random_() % 2 == 0; }
  // An index or a range bound, negative about a third of the time, sometimes out of range.
  long long RandomIndex(const std::string& key) {
    const auto size = static_cast<long long>(Elements(key).size());
    const long long index = static_cast<long long>(random_() % (size + 3));
    return random_() % 3 == 0 ? -index - 1 : index;
  }
  const List& Elements(const std::string& key) {
    static const List kEmpty;
    auto it = model_.find(key);
    return it == model_.end() ? kEmpty : it->second;
  }
  void Store(const std::string& key, List elements) {
    if (elements.empty()) {
      model_.erase(key);
    } else {
      model_[key] = std::move(elements);
    }
  }

  // LRANGE 0 -1 and LLEN of key agree with the model.
  void ExpectKeyMatches(const std::string& key) override {
    Expect({"LRANGE", key, "0", "-1"}, BulkArray(Elements(key)));
    Expect({"LLEN", key}, Int(static_cast<long long>(Elements(key).size())));
  }
  size_t ModelKeys() const override { return model_.size(); }

  void Push(const std::string& key) {
    const bool left = Coin();
    std::vector<std::string> request = {left ? "LPUSH" : "RPUSH", key};
    List elements = Elements(key);
    for (uint32_t n = 1 + random_() % 4; n > 0; --n) {
      request.push_back(RandomValue());
      if (left) {
        elements.push_front(request.back());
      } else {
        elements.push_back(request.back());
      }
    }
    Expect(request, Int(static_cast<long long>(elements.size())));
    Store(key, std::move(elements));
  }

  void Pop(const std::string& key) {
    const bool left = Coin();
    const std::string command = left ? "LPOP" : "RPOP";
    List elements = Elements(key);
    auto take = [&] {
      std::string element = left ? elements.front() : elements.back();
      if (left) {
        elements.pop_front();
      } else {
        elements.pop_back();
      }
      return element;
    };
    if (Coin()) {
      Expect({command, key}, elements.empty() ? kNil : Bulk(take()));
    } else {
      const size_t count = random_() % 4;
      if (elements.empty()) {
        Expect({command, key, std::to_string(count)}, "*-1\r\n");
        return;
      }
      List popped;
      while (popped.size() < count && !elements.empty()) popped.push_back(take());
      Expect({command, key, std::to_string(count)}, BulkArray(popped));
    }
    Store(key, std::move(elements));
  }

  void Set(const std::string& key) {
    const long long index = RandomIndex(key);
    const std::string value = RandomValue();
    List elements = Elements(key);
    const long long at = IndexFromHead(index, elements.size());
    if (elements.empty()) {
      Expect({"LSET", key, std::to_string(index), value}, Err("ERR no such key"));
    } else if (at < 0) {
      Expect({"LSET", key, std::to_string(index), value}, Err("ERR index out of range"));
    } else {
      Expect({"LSET", key, std::to_string(index), value}, kOk);
      elements[static_cast<size_t>(at)] = value;
      Store(key, std::move(elements));
    }
  }

  void Insert(const std::string& key) {
    const bool before = Coin();
    const std::string pivot = RandomValue();
    const std::string value = RandomValue();
    List elements = Elements(key);
    const std::vector<std::string> request = {"LINSERT", key, before ? "BEFORE" : "AFTER", pivot,
                                              value};
    if (elements.empty()) {
      Expect(request, Int(0));
      return;
    }
    auto it = std::find(elements.begin(), elements.end(), pivot);
    if (it == elements.end()) {
      Expect(request, Int(-1));
      return;
    }
    elements.insert(before ? it : it + 1, value);
    Expect(request, Int(static_cast<long long>(elements.size())));
    Store(key, std::move(elements));
  }

  void Remove(const std::string& key) {
    const long long count = static_cast<long long>(random_() % 5) - 2;
    const std::string value = RandomValue();
    List elements = Elements(key);
    List kept;
    long long removed = 0;
    const long long limit = count == 0 ? LLONG_MAX : std::abs(count);
    if (count >= 0) {
      for (const std::string& element : elements) {
        if (element == value && removed < limit) {
          ++removed;
        } else {
          kept.push_back(element);
        }
      }
    } else {
      for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
        if (*it == value && removed < limit) {
          ++removed;
        } else {
          kept.push_front(*it);
        }
      }
    }
    Expect({"LREM", key, std::to_string(count), value}, Int(removed));
    Store(key, std::move(kept));
  }

  void Trim(const std::string& key) {
    const long long start = RandomIndex(key);
    const long long stop = RandomIndex(key);
    Expect({"LTRIM", key, std::to_string(start), std::to_string(stop)}, kOk);
    Store(key, Slice(Elements(key), start, stop));
  }

  void Move(const std::string& source) {
    const std::string destination = RandomKey();
    const bool from_left = Coin();
    const bool to_left = Coin();
    List from = Elements(source);
    const std::vector<std::string> request = {
        "LMOVE", source, destination, from_left ? "LEFT" : "RIGHT", to_left ? "LEFT" : "RIGHT"};
    if (from.empty()) {
      Expect(request, kNil);
      return;
    }
    const std::string element = from_left ? from.front() : from.back();
    if (from_left) {
      from.pop_front();
    } else {
      from.pop_back();
    }
    Store(source, std::move(from));
    List to = Elements(destination);
    if (to_left) {
      to.push_front(element);
    } else {
      to.push_back(element);
    }
    Store(destination, std::move(to));
    Expect(request, Bulk(element));
  }

  void RandomStep() override {
    const uint32_t dice = random_() % 100;
    const std::string key = RandomKey();
    if (dice < 22) {
      Push(key);
    } else if (dice < 34) {
      Pop(key);
    } else if (dice < 40) {
      Set(key);
    } else if (dice < 47) {
      Insert(key);
    } else if (dice < 53) {
      Remove(key);
    } else if (dice < 57) {
      Trim(key);
    } else if (dice < 65) {
      Move(key);
    } else if (dice < 68) {
      Expect({"DEL", key}, Int(model_.erase(key) > 0 ? 1 : 0));
    } else if (dice < 78) {
      const long long start = RandomIndex(key);
      const long long stop = RandomIndex(key);
      Expect({"LRANGE", key, std::to_string(start), std::to_string(stop)},
             BulkArray(Slice(Elements(key), start, stop)));
    } else if (dice < 88) {
      const long long index = RandomIndex(key);
      const long long at = IndexFromHead(index, Elements(key).size());
      Expect({"LINDEX", key, std::to_string(index)},
             at < 0 ? kNil : Bulk(Elements(key)[static_cast<size_t>(at)]));
    } else if (dice < 97) {
      ExpectKeyMatches(key);
    } else {
      RestartAndCheck(/*crash=*/dice < 99);
    }
  }

  Model model_;
};

TEST_P(ListModel, RandomCommandsMatchAModelAcrossRestartsAndKills) { RunSteps(300); }

INSTANTIATE_TEST_SUITE_P(Seeds, ListModel, ::testing::Values(1u, 2u, 3u), SeedName);

}  // namespace
}  // namespace stepdb
