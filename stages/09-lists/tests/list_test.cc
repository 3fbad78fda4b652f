// List (list.h) on a keyspace over stage 05's engine: its reads against a std::deque model,
// its staged changes, the costs it promises, and the edges of the position space.
#include "list.h"

#include <gtest/gtest.h>

#include <deque>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "collection_encoding.h"
#include "common/coding.h"
#include "common/testkit/escape.h"
#include "common/testkit/status_matchers.h"
#include "engine_keyspace_test_support.h"
#include "list_encoding.h"
#include "stale_element_filter.h"

namespace stepdb {
namespace {

constexpr uint64_t kTop = UINT64_MAX;  // the last position of the space

using Model = std::deque<std::string>;

std::vector<std::string> AsVector(const Model& model) { return {model.begin(), model.end()}; }

// A keyspace on stage 05's engine with stage 07's expiry and the list-aware stale-element
// filter, as the server builds them; a small memtable, so that lists spread over tables.
class ListTest : public EngineKeyspaceTest {
 protected:
  ListTest() : EngineKeyspaceTest(ListOrCollectionVersion) {}

  List Load(std::string_view key) { return LoadAs<List>(key); }

  // Every element, read through the list (staged changes included).
  static std::vector<std::string> Elements(const List& list) {
    Result<std::vector<std::string>> all = list.Range(0, kTop);
    EXPECT_OK(all.status());
    return all.ok() ? *all : std::vector<std::string>();
  }

  // A committed list of these elements under key (pushed to the right).
  void Write(std::string_view key, const Model& elements) {
    List list = Load(key);
    for (const std::string& element : elements) ASSERT_OK(list.Push(List::End::kRight, element));
    ASSERT_OK(list.Commit());
  }

  // A list written by hand: its envelope with `meta` and one record per element from head on.
  void WriteByHand(std::string_view key, ListMeta meta, const std::vector<std::string>& elements) {
    ValueEnvelope envelope;
    envelope.type = ValueType::kList;
    EncodeListMeta(meta, &envelope.payload);
    Keyspace::Batch batch;
    batch.Put(0, key, envelope);
    for (size_t i = 0; i < elements.size(); ++i) {
      batch.PutRecord(0, key, ListElementSuffix(meta.version, meta.head + i), elements[i]);
    }
    ASSERT_OK(keyspace_->Apply(batch));
  }

  // The positions of the records stored under the list's version, in order.
  std::vector<uint64_t> StoredPositions(const List& list) {
    std::vector<uint64_t> positions;
    EXPECT_OK(keyspace_->ScanRecords(0, list.key(), ElementPrefix(list.meta().version), "", "",
                                     SIZE_MAX, [&](std::string_view suffix, std::string_view) {
                                       const std::optional<uint64_t> position =
                                           ParseListElementPosition(suffix);
                                       EXPECT_TRUE(position.has_value()) << testkit::Escape(suffix);
                                       if (position) positions.push_back(*position);
                                       return true;
                                     }));
    return positions;
  }

  // The stored list of key is the model's, and its version's records are exactly the
  // positions [head, head + size): nothing left behind, no gap.
  void ExpectStored(std::string_view key, const Model& model) {
    List list = Load(key);
    ASSERT_EQ(list.exists(), !model.empty()) << "key " << key;
    EXPECT_EQ(list.size(), model.size()) << "key " << key;
    EXPECT_EQ(Elements(list), AsVector(model)) << "key " << key;
    if (!list.exists()) return;
    std::vector<uint64_t> expected(model.size());
    std::iota(expected.begin(), expected.end(), list.meta().head);
    EXPECT_EQ(StoredPositions(list), expected) << "key " << key;
  }

  // Stages list's changes into a batch of their own, applies it and returns it, to count
  // the records written.
  Keyspace::Batch CommitCounting(List& list) {
    Keyspace::Batch batch;
    list.AddTo(&batch);
    EXPECT_OK(keyspace_->Apply(batch));
    return batch;
  }
};

TEST_F(ListTest, PushAndPopAtBothEnds) {
  List list = Load("l");
  EXPECT_FALSE(list.exists());
  ASSERT_OK(list.Push(List::End::kRight, "b"));
  ASSERT_OK(list.Push(List::End::kLeft, "a"));
  ASSERT_OK(list.Push(List::End::kRight, "c"));
  ASSERT_OK(list.Push(List::End::kRight, "d"));
  ASSERT_OK(list.Commit());
  EXPECT_EQ(keyspace_->KeyCount(0), 1u) << "a list is one key, whatever its size";
  ExpectStored("l", {"a", "b", "c", "d"});

  Reopen();
  List again = Load("l");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> right, again.Pop(List::End::kRight, 2));
  EXPECT_EQ(right, (std::vector<std::string>{"d", "c"})) << "from the right: the tail first";
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> left, again.Pop(List::End::kLeft, 1));
  EXPECT_EQ(left, std::vector<std::string>{"a"});
  ASSERT_OK(again.Commit());
  ExpectStored("l", {"b"});

  List last = Load("l");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> rest, last.Pop(List::End::kLeft, 10));
  EXPECT_EQ(rest, std::vector<std::string>{"b"}) << "a count above the size pops everything";
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> none, last.Pop(List::End::kLeft, 1));
  EXPECT_TRUE(none.empty());
  ASSERT_OK(last.Commit());
  ExpectStored("l", {});
}

// A few thousand random operations, several per object before a commit (so reads see staged
// changes), against a std::deque; after each commit the stored list equals the model.
TEST_F(ListTest, RandomOperationsMatchADequeModel) {
  std::mt19937_64 random(2024);
  auto below = [&](uint64_t n) {
    return std::uniform_int_distribution<uint64_t>(0, n - 1)(random);
  };
  Model model;
  uint64_t next = 0;
  int operations = 0;
  while (operations < 3000) {
    List list = Load("l");
    const uint64_t steps = 1 + below(4);
    for (uint64_t step = 0; step < steps; ++step, ++operations) {
      const uint64_t size = model.size();
      ASSERT_EQ(list.size(), size) << "after " << operations << " operations";
      const uint64_t choice = below(100);
      const std::string element = "e" + std::to_string(next++);
      SCOPED_TRACE("operation " + std::to_string(operations) + " choice " + std::to_string(choice) +
                   " size " + std::to_string(size));
      if (choice < 25 || size == 0) {
        // Pushes, more of them while the list is short.
        const bool left = below(2) == 0;
        const uint64_t count = size < 50 ? 1 + below(8) : 1;
        for (uint64_t i = 0; i < count; ++i) {
          ASSERT_OK(list.Push(left ? List::End::kLeft : List::End::kRight,
                              element + "." + std::to_string(i)));
          if (left) {
            model.push_front(element + "." + std::to_string(i));
          } else {
            model.push_back(element + "." + std::to_string(i));
          }
        }
      } else if (choice < 35) {
        const bool left = below(2) == 0;
        const uint64_t count = std::vector<uint64_t>{1, 2, 5, 50}[below(4)];
        ASSERT_OK_AND_ASSIGN(std::vector<std::string> popped,
                             list.Pop(left ? List::End::kLeft : List::End::kRight, count));
        std::vector<std::string> expected;
        for (uint64_t i = 0; i < count && !model.empty(); ++i) {
          if (left) {
            expected.push_back(model.front());
            model.pop_front();
          } else {
            expected.push_back(model.back());
            model.pop_back();
          }
        }
        EXPECT_EQ(popped, expected);
      } else if (choice < 45) {
        const uint64_t index = below(size + 2);
        ASSERT_OK_AND_ASSIGN(std::optional<std::string> at, list.At(index));
        EXPECT_EQ(at, index < size ? std::optional<std::string>(model[index]) : std::nullopt)
            << "At(" << index << ")";
      } else if (choice < 52) {
        const uint64_t index = below(size);
        ASSERT_OK(list.Set(index, element));
        model[index] = element;
      } else if (choice < 60) {
        const uint64_t first = below(size + 2);
        const uint64_t last = below(size + 2);
        ASSERT_OK_AND_ASSIGN(std::vector<std::string> range, list.Range(first, last));
        std::vector<std::string> expected;
        for (uint64_t i = first; i <= last && i < size; ++i) expected.push_back(model[i]);
        EXPECT_EQ(range, expected) << "Range(" << first << ", " << last << ")";
      } else if (choice < 68) {
        // A scan either way that stops after a few elements.
        const bool backward = below(2) == 0;
        const uint64_t a = below(size + 1);
        const uint64_t b = below(size + 1);
        const uint64_t stop_after = 1 + below(40);
        std::vector<std::pair<uint64_t, std::string>> seen;
        auto visit = [&](uint64_t index, std::string_view value) {
          seen.emplace_back(index, value);
          return seen.size() < stop_after;
        };
        std::vector<std::pair<uint64_t, std::string>> expected;
        if (backward) {
          ASSERT_OK(list.ScanBackward(std::max(a, b), std::min(a, b), visit));
          for (uint64_t i = std::min(std::max(a, b), size - 1) + 1;
               i-- > std::min(a, b) && expected.size() < stop_after;) {
            expected.emplace_back(i, model[i]);
          }
        } else {
          ASSERT_OK(list.Scan(std::min(a, b), std::max(a, b), visit));
          for (uint64_t i = std::min(a, b);
               i <= std::max(a, b) && i < size && expected.size() < stop_after; ++i) {
            expected.emplace_back(i, model[i]);
          }
        }
        EXPECT_EQ(seen, expected) << (backward ? "ScanBackward" : "Scan") << " between " << a
                                  << " and " << b << ", stopping after " << stop_after;
      } else if (choice < 78) {
        const uint64_t index = below(size + 1);
        ASSERT_OK(list.Insert(index, element));
        model.insert(model.begin() + static_cast<std::ptrdiff_t>(index), element);
      } else if (choice < 88) {
        // Each index removed with a chance that varies from call to call.
        const uint64_t chance = 1 + below(60);
        std::vector<uint64_t> indexes;
        for (uint64_t i = 0; i < size; ++i) {
          if (below(100) < chance) indexes.push_back(i);
        }
        ASSERT_OK(list.Remove(indexes));
        for (auto it = indexes.rbegin(); it != indexes.rend(); ++it) {
          model.erase(model.begin() + static_cast<std::ptrdiff_t>(*it));
        }
      } else if (choice < 97) {
        const uint64_t first = below(size / 2 + 2);
        const uint64_t last = size - below(size / 2 + 2);
        ASSERT_OK(list.Trim(first, last));
        Model kept;
        for (uint64_t i = first; i <= last && i < size; ++i) kept.push_back(model[i]);
        model = std::move(kept);
      } else {
        list.Clear();
        model.clear();
      }
      if (HasFatalFailure()) return;
    }
    EXPECT_EQ(Elements(list), AsVector(model)) << "staged, before the commit";
    ASSERT_OK(list.Commit());
    ASSERT_NO_FATAL_FAILURE(ExpectStored("l", model));
    if (below(50) == 0) Reopen();
  }
}

// A list longer than a scan's largest window, read both ways from tables and the memtable.
TEST_F(ListTest, ScansOfALargeListVisitEveryElementInOrder) {
  Model model;
  for (int i = 0; i < 3000; ++i) model.push_back("element" + std::to_string(i));
  ASSERT_NO_FATAL_FAILURE(Write("big", model));
  Reopen();
  List list = Load("big");
  EXPECT_EQ(Elements(list), AsVector(model));
  std::vector<std::string> backward;
  ASSERT_OK(list.ScanBackward(kTop, 0, [&](uint64_t index, std::string_view element) {
    EXPECT_EQ(element, model[index]);
    backward.emplace_back(element);
    return true;
  }));
  EXPECT_EQ(backward, std::vector<std::string>(model.rbegin(), model.rend()));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> middle, list.Range(1500, 2600));
  EXPECT_EQ(middle, std::vector<std::string>(model.begin() + 1500, model.begin() + 2601));
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> at, list.At(2999));
  EXPECT_EQ(at, std::optional<std::string>("element2999"));
}

// A long stored list with changes staged at the edges of the scans' windows (16, 32, ... from
// either end) and of the reads by lookup (one or two elements): every read merges the staged
// elements into the stored ones in order, whether it runs to its end or stops at any element.
TEST_F(ListTest, LongReadsMergeStagedChangesAtTheEdgesOfEveryWindow) {
  Model model;
  for (int i = 0; i < 3000; ++i) model.push_back("element" + std::to_string(i));
  ASSERT_NO_FATAL_FAILURE(Write("big", model));
  Reopen();
  List list = Load("big");
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(list.Push(List::End::kLeft, "left" + std::to_string(i)));
    model.push_front("left" + std::to_string(i));
    ASSERT_OK(list.Push(List::End::kRight, "right" + std::to_string(i)));
    model.push_back("right" + std::to_string(i));
  }
  // Moves the seven elements before it (staged and stored ones) one position left.
  ASSERT_OK(list.Insert(7, "inserted"));
  model.insert(model.begin() + 7, "inserted");
  const uint64_t size = model.size();
  ASSERT_EQ(list.size(), size);
  // The window ends: windows of 16, 32, ... up to 1024 elements, from either end.
  std::vector<uint64_t> window_ends;
  for (uint64_t end = 16, window = 32; end < size; end += window) {
    window_ends.push_back(end);
    window = std::min<uint64_t>(window * 2, 1024);
  }
  for (const uint64_t end : window_ends) {
    for (const uint64_t index : {end - 1, end, size - end, size - 1 - end}) {
      ASSERT_OK(list.Set(index, "set" + std::to_string(index)));
      model[index] = "set" + std::to_string(index);
    }
  }

  EXPECT_EQ(Elements(list), AsVector(model));
  for (const uint64_t first :
       {uint64_t{0}, uint64_t{5}, uint64_t{15}, uint64_t{16}, size - 3, size - 2}) {
    for (const uint64_t length : {1, 2, 3, 17}) {
      ASSERT_OK_AND_ASSIGN(std::vector<std::string> range, list.Range(first, first + length - 1));
      std::vector<std::string> expected;
      for (uint64_t i = first; i < first + length && i < size; ++i) expected.push_back(model[i]);
      EXPECT_EQ(range, expected) << "Range(" << first << ", " << first + length - 1 << ")";
    }
  }
  // A visitor that stops after `count` elements, around each window's edge.
  for (const uint64_t end : window_ends) {
    for (const uint64_t count : {end - 1, end, end + 1}) {
      std::vector<std::pair<uint64_t, std::string>> forward;
      ASSERT_OK(list.Scan(0, kTop, [&](uint64_t index, std::string_view element) {
        forward.emplace_back(index, element);
        return forward.size() < count;
      }));
      std::vector<std::pair<uint64_t, std::string>> backward;
      ASSERT_OK(list.ScanBackward(kTop, 0, [&](uint64_t index, std::string_view element) {
        backward.emplace_back(index, element);
        return backward.size() < count;
      }));
      ASSERT_EQ(forward.size(), count);
      ASSERT_EQ(backward.size(), count);
      for (uint64_t i = 0; i < count; ++i) {
        EXPECT_EQ(forward[i], std::make_pair(i, model[i]))
            << "Scan, the " << i << "th of " << count;
        EXPECT_EQ(backward[i], std::make_pair(size - 1 - i, model[size - 1 - i]))
            << "ScanBackward, the " << i << "th of " << count;
      }
    }
  }
  ASSERT_OK(list.Commit());
  ExpectStored("big", model);
}

// A list whose envelope counts an element that has no record (damage on disk): every read
// that meets the hole fails with Corruption, by lookup or by scan, and a read that ends or
// stops before it does not.
TEST_F(ListTest, AMissingRecordIsCorruptionWhicheverWayItIsRead) {
  const ListMeta meta{.version = 9, .head = kListStartPosition, .size = 6};
  ASSERT_NO_FATAL_FAILURE(WriteByHand("gap", meta, {"a", "b", "c", "d", "e", "f"}));
  Keyspace::Batch hole;
  hole.DeleteRecord(0, "gap", ListElementSuffix(meta.version, meta.head + 2));
  ASSERT_OK(keyspace_->Apply(hole));
  List gap = Load("gap");
  auto expect_corruption = [](const Status& status, const std::string& what) {
    EXPECT_TRUE(status.IsCorruption()) << what << ": " << status.ToString();
  };
  expect_corruption(gap.At(2).status(), "At(2)");
  expect_corruption(gap.Range(1, 2).status(), "Range(1, 2), by lookups");
  expect_corruption(gap.Range(0, 5).status(), "Range(0, 5), by a scan");
  expect_corruption(gap.Scan(0, kTop, [](uint64_t, std::string_view) { return true; }),
                    "Scan of all");
  expect_corruption(gap.ScanBackward(kTop, 0, [](uint64_t, std::string_view) { return true; }),
                    "ScanBackward of all");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> before, gap.Range(0, 1));
  EXPECT_EQ(before, (std::vector<std::string>{"a", "b"}));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> after, gap.Range(3, 5));
  EXPECT_EQ(after, (std::vector<std::string>{"d", "e", "f"}));
  std::vector<std::string> seen;
  ASSERT_OK(gap.Scan(0, kTop, [&](uint64_t, std::string_view element) {
    seen.emplace_back(element);
    return seen.size() < 2;
  })) << "a scan that stops before the hole";
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));

  // The last record missing: a scan ends before reaching its position.
  ASSERT_NO_FATAL_FAILURE(WriteByHand("short", meta, {"a", "b", "c", "d", "e"}));
  List short_list = Load("short");
  expect_corruption(short_list.Range(0, 5).status(), "Range(0, 5) of the short list");
  expect_corruption(short_list.Pop(List::End::kRight, 1).status(), "Pop of 1 from the right");
  expect_corruption(Load("short").Pop(List::End::kRight, 3).status(), "Pop of 3 from the right");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> popped, Load("short").Pop(List::End::kLeft, 5));
  EXPECT_EQ(popped, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

// Insert, Remove and Trim at every index (Remove: every set of indexes) of lists of up to
// seven elements, staged and then stored.
TEST_F(ListTest, InsertRemoveAndTrimAtEveryIndexOfSmallLists) {
  for (uint64_t n = 0; n <= 7; ++n) {
    Model original;
    for (uint64_t i = 0; i < n; ++i) original.push_back(std::string(1, static_cast<char>('a' + i)));
    auto check = [&](List& list, const Model& expected, const std::string& what) {
      SCOPED_TRACE(what + " on a list of " + std::to_string(n));
      EXPECT_EQ(Elements(list), AsVector(expected)) << "staged";
      ASSERT_OK(list.Commit());
      ExpectStored("l", expected);
      ASSERT_OK(keyspace_->Delete(0, "l").status());
    };
    for (uint64_t index = 0; index <= n; ++index) {
      ASSERT_NO_FATAL_FAILURE(Write("l", original));
      List list = Load("l");
      ASSERT_OK(list.Insert(index, "new"));
      Model expected = original;
      expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(index), "new");
      check(list, expected, "Insert at " + std::to_string(index));
    }
    for (uint64_t set = 1; set < (uint64_t{1} << n); ++set) {
      ASSERT_NO_FATAL_FAILURE(Write("l", original));
      List list = Load("l");
      std::vector<uint64_t> indexes;
      Model expected;
      for (uint64_t i = 0; i < n; ++i) {
        if (set & (uint64_t{1} << i)) {
          indexes.push_back(i);
        } else {
          expected.push_back(original[i]);
        }
      }
      ASSERT_OK(list.Remove(indexes));
      check(list, expected, "Remove of set " + std::to_string(set));
    }
    for (uint64_t first = 0; first <= n + 1; ++first) {
      for (uint64_t last = 0; last <= n + 1; ++last) {
        ASSERT_NO_FATAL_FAILURE(Write("l", original));
        List list = Load("l");
        ASSERT_OK(list.Trim(first, last));
        Model expected;
        for (uint64_t i = first; i <= last && i < n; ++i) expected.push_back(original[i]);
        check(list, expected, "Trim(" + std::to_string(first) + ", " + std::to_string(last) + ")");
      }
    }
    if (HasFatalFailure()) return;
  }
}

// Changes are staged in the object: it reads them, a second object on the same key does not
// until the commit.
TEST_F(ListTest, ReadsSeeStagedChangesBeforeTheCommit) {
  ASSERT_NO_FATAL_FAILURE(Write("l", {"a", "b", "c"}));
  List list = Load("l");
  ASSERT_OK(list.Set(1, "B"));
  ASSERT_OK(list.Push(List::End::kLeft, "z"));
  ASSERT_OK(list.Insert(2, "x"));
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> at, list.At(3));
  EXPECT_EQ(at, std::optional<std::string>("B"));
  EXPECT_EQ(Elements(list), (std::vector<std::string>{"z", "a", "x", "B", "c"}));
  EXPECT_EQ(Elements(Load("l")), (std::vector<std::string>{"a", "b", "c"}))
      << "the stored list, before the commit";
  ASSERT_OK(list.Commit());
  ExpectStored("l", {"z", "a", "x", "B", "c"});
  // The object goes on from the committed state.
  ASSERT_OK(list.Pop(List::End::kRight, 1).status());
  ASSERT_OK(list.Commit());
  ExpectStored("l", {"z", "a", "x", "B"});
}

// LMOVE of a list onto itself: a pop and a push through one object, one commit.
TEST_F(ListTest, PopThenPushOnOneObjectRotatesTheList) {
  ASSERT_NO_FATAL_FAILURE(Write("l", {"a", "b", "c"}));
  List list = Load("l");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> popped, list.Pop(List::End::kRight, 1));
  ASSERT_EQ(popped, std::vector<std::string>{"c"});
  ASSERT_OK(list.Push(List::End::kLeft, popped[0]));
  ASSERT_OK(list.Commit());
  ExpectStored("l", {"c", "a", "b"});

  // A list of one element: the pop empties it, the push fills it again; the key stays.
  ASSERT_NO_FATAL_FAILURE(Write("one", {"x"}));
  List one = Load("one");
  const uint64_t version = one.meta().version;
  ASSERT_OK_AND_ASSIGN(popped, one.Pop(List::End::kLeft, 1));
  ASSERT_EQ(popped, std::vector<std::string>{"x"});
  ASSERT_OK(one.Push(List::End::kRight, popped[0]));
  ASSERT_OK(one.Commit());
  ExpectStored("one", {"x"});
  EXPECT_EQ(Load("one").meta().version, version);

  // Two lists changed in one batch (LMOVE between keys).
  List source = Load("l");
  List destination = Load("d");
  ASSERT_OK_AND_ASSIGN(popped, source.Pop(List::End::kLeft, 1));
  ASSERT_EQ(popped, std::vector<std::string>{"c"});
  ASSERT_OK(destination.Push(List::End::kRight, popped[0]));
  Keyspace::Batch batch;
  source.AddTo(&batch);
  destination.AddTo(&batch);
  ASSERT_OK(keyspace_->Apply(batch));
  ExpectStored("l", {"a", "b"});
  ExpectStored("d", {"c"});
}

// After Clear, the elements pushed live under a new version: the old records, still on disk,
// are never read again. The key keeps its expiry.
TEST_F(ListTest, ClearThenPushStartsANewVersion) {
  ASSERT_NO_FATAL_FAILURE(Write("l", {"a", "b", "c"}));
  ASSERT_OK_AND_ASSIGN(std::optional<ValueEnvelope> envelope, keyspace_->Get(0, "l"));
  ASSERT_TRUE(envelope.has_value());
  envelope->expire_at_ms = kStart + 60'000;
  ASSERT_OK(keyspace_->Put(0, "l", *envelope));
  List list = Load("l");
  const uint64_t old_version = list.meta().version;
  list.Clear();
  EXPECT_EQ(list.size(), 0u);
  ASSERT_OK(list.Push(List::End::kRight, "x"));
  EXPECT_EQ(Elements(list), std::vector<std::string>{"x"});
  ASSERT_OK(list.Commit());
  List read = Load("l");
  EXPECT_NE(read.meta().version, old_version);
  EXPECT_EQ(read.meta().head, kListStartPosition);
  ExpectStored("l", {"x"});
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> second, read.At(1));
  EXPECT_FALSE(second.has_value());
  EXPECT_EQ(RecordsOnDisk(), 4u) << "the old version's three records stay until compaction";
  ASSERT_TRUE(read.envelope().has_value());
  EXPECT_EQ(read.envelope()->expire_at_ms, kStart + 60'000);

  // A list made again after a DEL starts over too.
  ASSERT_OK(keyspace_->Delete(0, "l").status());
  ASSERT_NO_FATAL_FAILURE(Write("l", {"y"}));
  EXPECT_NE(Load("l").meta().version, read.meta().version);
  ExpectStored("l", {"y"});
}

// Empty lists do not exist: a commit that leaves none deletes the key, whichever way it
// emptied; and an untouched missing list writes nothing.
TEST_F(ListTest, ACommitThatLeavesNoElementDeletesTheKey) {
  auto expect_gone = [&](const std::string& how) {
    ASSERT_OK_AND_ASSIGN(bool exists, keyspace_->Exists(0, "l"));
    EXPECT_FALSE(exists) << how;
    EXPECT_EQ(keyspace_->KeyCount(0), 0u) << how;
  };
  ASSERT_NO_FATAL_FAILURE(Write("l", {"a", "b"}));
  List popped = Load("l");
  ASSERT_OK(popped.Pop(List::End::kLeft, 2).status());
  ASSERT_OK(popped.Commit());
  expect_gone("after popping every element");
  EXPECT_FALSE(popped.exists());

  ASSERT_NO_FATAL_FAILURE(Write("l", {"a", "b"}));
  List trimmed = Load("l");
  ASSERT_OK(trimmed.Trim(5, 9));
  ASSERT_OK(trimmed.Commit());
  expect_gone("after a Trim that keeps nothing");

  ASSERT_NO_FATAL_FAILURE(Write("l", {"a", "b"}));
  List removed = Load("l");
  const std::vector<uint64_t> both = {0, 1};
  ASSERT_OK(removed.Remove(both));
  ASSERT_OK(removed.Commit());
  expect_gone("after removing every element");

  ASSERT_NO_FATAL_FAILURE(Write("l", {"a"}));
  List cleared = Load("l");
  cleared.Clear();
  ASSERT_OK(cleared.Commit());
  expect_gone("after Clear");

  List missing = Load("l");
  missing.Clear();
  ASSERT_OK(missing.Pop(List::End::kRight, 3).status());
  Keyspace::Batch batch;
  missing.AddTo(&batch);
  EXPECT_TRUE(batch.empty()) << "a missing list that stays empty writes nothing";
}

// The position space has edges: a list at the bottom (head 1) or the top (last position
// 2^64 - 2) takes one more element there, then refuses instead of wrapping around.
TEST_F(ListTest, ThePositionSpaceRunsOutWithoutWrappingAround) {
  WriteByHand("low", {5, 1, 2}, {"a", "b"});
  List low = Load("low");
  ASSERT_OK(low.Push(List::End::kLeft, "z"));
  EXPECT_EQ(low.meta().head, 0u);
  Status status = low.Push(List::End::kLeft, "no");
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(status.message(), "list position space exhausted");
  status = low.Insert(1, "no");  // the left side is the shorter one, and cannot move
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  ASSERT_OK(low.Insert(2, "x"));  // the right side moves
  ASSERT_OK(low.Commit());
  ExpectStored("low", {"z", "a", "x", "b"});

  WriteByHand("high", {6, kTop - 2, 2}, {"a", "b"});
  List high = Load("high");
  ASSERT_OK(high.Push(List::End::kRight, "c"));  // at position 2^64 - 1
  status = high.Push(List::End::kRight, "no");
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(status.message(), "list position space exhausted");
  status = high.Insert(2, "no");
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  ASSERT_OK(high.Insert(1, "x"));
  ASSERT_OK(high.Commit());
  ExpectStored("high", {"a", "x", "b", "c"});
  List top = Load("high");
  EXPECT_EQ(top.meta().head + (top.meta().size - 1), kTop);
  std::vector<std::string> backward;
  ASSERT_OK(top.ScanBackward(kTop, 0, [&](uint64_t, std::string_view element) {
    backward.emplace_back(element);
    return true;
  }));
  EXPECT_EQ(backward, (std::vector<std::string>{"c", "b", "x", "a"}));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> popped, top.Pop(List::End::kRight, 1));
  EXPECT_EQ(popped, std::vector<std::string>{"c"});
  ASSERT_OK(top.Push(List::End::kRight, "d"));
  ASSERT_OK(top.Commit());
  ExpectStored("high", {"a", "x", "b", "d"});

  // Metadata whose positions would pass the top is damaged.
  ValueEnvelope beyond;
  beyond.type = ValueType::kList;
  EncodeListMeta({7, kTop, 2}, &beyond.payload);
  ASSERT_OK(keyspace_->Put(0, "beyond", beyond));
  ASSERT_OK_AND_ASSIGN(std::optional<ValueEnvelope> stored, keyspace_->Get(0, "beyond"));
  Result<List> damaged = List::Load(*keyspace_, 0, "beyond", stored);
  EXPECT_TRUE(damaged.status().IsCorruption()) << damaged.status().ToString();
}

// The costs list.h promises, counted in the records a commit writes.
TEST_F(ListTest, EachChangeWritesTheRecordsItsCostRuleSays) {
  Model ten;
  for (int i = 0; i < 10; ++i) ten.push_back("v" + std::to_string(i));
  auto record_writes = [](const Keyspace::Batch& batch, size_t* puts, size_t* deletes) {
    *puts = 0;
    *deletes = 0;
    for (const Keyspace::Batch::RecordOp& op : batch.record_ops()) ++*(op.value ? puts : deletes);
  };
  size_t puts = 0;
  size_t deletes = 0;
  struct TrimCase {
    uint64_t first, last;
    size_t puts, deletes;
    bool new_version;
  };
  // Keep 7 of 10: delete 3. Keep 5: a tie, deleted. Keep 2: write 2 under a new version.
  for (const TrimCase& c : {TrimCase{0, 6, 0, 3, false}, TrimCase{3, 7, 0, 5, false},
                            TrimCase{4, 5, 2, 0, true}, TrimCase{9, 9, 1, 0, true}}) {
    SCOPED_TRACE("Trim(" + std::to_string(c.first) + ", " + std::to_string(c.last) + ")");
    ASSERT_NO_FATAL_FAILURE(Write("l", ten));
    List list = Load("l");
    const uint64_t version = list.meta().version;
    ASSERT_OK(list.Trim(c.first, c.last));
    const Keyspace::Batch batch = CommitCounting(list);
    record_writes(batch, &puts, &deletes);
    EXPECT_EQ(batch.ops().size(), 1u) << "the envelope";
    EXPECT_EQ(puts, c.puts);
    EXPECT_EQ(deletes, c.deletes);
    EXPECT_EQ(Load("l").meta().version != version, c.new_version);
    ExpectStored("l", Model(ten.begin() + static_cast<std::ptrdiff_t>(c.first),
                            ten.begin() + static_cast<std::ptrdiff_t>(c.last) + 1));
    ASSERT_OK(keyspace_->Delete(0, "l").status());
  }

  struct InsertCase {
    uint64_t index;
    size_t puts;  // the moved elements and the new one
  };
  for (const InsertCase& c : {InsertCase{2, 3}, InsertCase{5, 6}, InsertCase{7, 4},
                              InsertCase{0, 1}, InsertCase{10, 1}}) {
    SCOPED_TRACE("Insert at " + std::to_string(c.index));
    ASSERT_NO_FATAL_FAILURE(Write("l", ten));
    List list = Load("l");
    ASSERT_OK(list.Insert(c.index, "new"));
    record_writes(CommitCounting(list), &puts, &deletes);
    EXPECT_EQ(puts, c.puts);
    EXPECT_EQ(deletes, 0u);
    ASSERT_OK(keyspace_->Delete(0, "l").status());
  }

  // Remove: the survivors beside the longest run of survivors move, the emptied end
  // positions are deleted. Removing 1 and 8 of 10: 0 moves right, 9 moves left.
  ASSERT_NO_FATAL_FAILURE(Write("l", ten));
  List list = Load("l");
  const std::vector<uint64_t> indexes = {1, 8};
  ASSERT_OK(list.Remove(indexes));
  record_writes(CommitCounting(list), &puts, &deletes);
  EXPECT_EQ(puts, 2u);
  EXPECT_EQ(deletes, 2u);
  ExpectStored("l", {"v0", "v2", "v3", "v4", "v5", "v6", "v7", "v9"});

  // Push, Set: one record each; Pop(n): n deletes; Clear: only the envelope.
  List more = Load("l");
  ASSERT_OK(more.Push(List::End::kLeft, "p"));
  ASSERT_OK(more.Set(4, "s"));
  record_writes(CommitCounting(more), &puts, &deletes);
  EXPECT_EQ(puts, 2u);
  EXPECT_EQ(deletes, 0u);
  ASSERT_OK(more.Pop(List::End::kRight, 3).status());
  record_writes(CommitCounting(more), &puts, &deletes);
  EXPECT_EQ(deletes, 3u);
  more.Clear();
  const Keyspace::Batch cleared = CommitCounting(more);
  EXPECT_EQ(cleared.record_ops().size(), 0u);
  EXPECT_EQ(cleared.ops().size(), 1u);
}

// After DEL, an overwrite by a string, an expiry and a Trim that rewrote the kept elements
// under a new version, a full compaction leaves only the live records on disk; the live list
// reads back whole.
TEST_F(ListTest, CompactionKeepsLiveListsAndDropsTheRecordsOfEndedOnes) {
  Model two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred.push_back("element" + std::to_string(i));
  for (std::string key : {"deleted", "overwritten", "expiring", "trimmed", "live"}) {
    ASSERT_NO_FATAL_FAILURE(Write(key, two_hundred));
  }
  ASSERT_OK(engine_->CompactAll());
  EXPECT_EQ(RecordsOnDisk(), 1000u);
  EXPECT_EQ(filter_->dropped_elements(), 0u) << "every list is live";

  ASSERT_OK(keyspace_->Delete(0, "deleted").status());
  ValueEnvelope string;
  string.payload = "now a string";
  ASSERT_OK(keyspace_->Put(0, "overwritten", string));
  ASSERT_OK_AND_ASSIGN(std::optional<ValueEnvelope> expiring, keyspace_->Get(0, "expiring"));
  ASSERT_TRUE(expiring.has_value());
  expiring->expire_at_ms = kStart + 10;
  ASSERT_OK(keyspace_->Put(0, "expiring", *expiring));
  List trimmed = Load("trimmed");
  ASSERT_OK(trimmed.Trim(20, 29));  // keeps 10 of 200: rewritten under a new version
  ASSERT_OK(trimmed.Commit());
  clock_.Advance(10);

  ASSERT_OK(engine_->CompactAll());
  EXPECT_EQ(RecordsOnDisk(), 210u) << "the live list's 200 and the trimmed one's 10";
  EXPECT_EQ(filter_->dropped_elements(), 800u);
  Reopen();
  ExpectStored("live", two_hundred);
  ExpectStored("trimmed", Model(two_hundred.begin() + 20, two_hundred.begin() + 30));
}

// Stage 08's filter, which knows hashes and sets only, takes a list's envelope for a string's
// and would drop a live list's records; the server's filter asks ListOrCollectionVersion.
TEST_F(ListTest, OnlyAListAwareFilterKeepsALiveListsRecords) {
  ASSERT_NO_FATAL_FAILURE(Write("l", {"a"}));
  const std::string record =
      Keyspace::RecordKey(1, "l", ListElementSuffix(Load("l").meta().version, kListStartPosition));
  ASSERT_OK_AND_ASSIGN(std::string element, engine_->Get(record));
  ASSERT_EQ(element, "a") << "database 0 has id 1 in a fresh keyspace";
  StaleElementFilter hashes_and_sets(nullptr, &clock_);
  hashes_and_sets.set_engine(engine_.get());
  EXPECT_TRUE(hashes_and_sets.ShouldDrop(1, record, element));
  StaleElementFilter with_lists(nullptr, &clock_, ListOrCollectionVersion);
  with_lists.set_engine(engine_.get());
  EXPECT_FALSE(with_lists.ShouldDrop(1, record, element));
}

// The worked example of docs/formats/keyspace.md ("Lists"): RPUSH l a b on a fresh database,
// byte by byte, the version and the cas apart (they come from the clock).
TEST_F(ListTest, WorkedExampleFromTheSpec) {
  List list = Load("l");
  ASSERT_OK(list.Push(List::End::kRight, "a"));
  ASSERT_OK(list.Push(List::End::kRight, "b"));
  ASSERT_OK(list.Commit());
  const uint64_t version = Load("l").meta().version;

  const std::string key = Keyspace::EngineKey(1, "l");
  EXPECT_EQ(testkit::Escape(key), testkit::Escape(std::string("K\0\0\0\0\0\0\0\x01l", 10)));
  ASSERT_OK_AND_ASSIGN(std::string envelope, engine_->Get(key));
  std::string_view rest = envelope;
  ASSERT_GE(rest.size(), 2u);
  EXPECT_EQ(testkit::Escape(rest.substr(0, 2)), testkit::Escape(std::string("\x03\0", 2)))
      << "type 3 (list), nothing optional";
  rest.remove_prefix(2);
  uint64_t cas = 0;
  ASSERT_TRUE(GetVarint64(&rest, &cas)) << testkit::Escape(envelope);
  EXPECT_EQ(cas, version + 1) << "the version is taken first, then the envelope's cas";
  std::string payload;
  PutVarint64(&payload, version);
  payload.append("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10);  // head 2^63
  payload.append("\x02");                                          // size 2
  EXPECT_EQ(testkit::Escape(rest), testkit::Escape(payload));

  // 'S', the database id, the key's length and name, the version, the position; the element.
  for (const auto& [position, element] :
       {std::pair<std::string, std::string>{std::string("\x80\0\0\0\0\0\0\0", 8), "a"},
        std::pair<std::string, std::string>{std::string("\x80\0\0\0\0\0\0\x01", 8), "b"}}) {
    std::string record("S\0\0\0\0\0\0\0\x01\0\0\0\x01l", 14);
    for (int shift = 56; shift >= 0; shift -= 8) {
      record.push_back(static_cast<char>(version >> shift));
    }
    record.append(position);
    ASSERT_EQ(record.size(), 30u);
    ASSERT_OK_AND_ASSIGN(std::string value, engine_->Get(record));
    EXPECT_EQ(value, element) << testkit::Escape(record);
  }
  EXPECT_EQ(RecordsOnDisk(), 2u);
}

}  // namespace
}  // namespace stepdb
