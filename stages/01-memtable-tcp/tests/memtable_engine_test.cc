#include "memtable_engine.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "common/testkit/status_matchers.h"

namespace stepdb {
namespace {

std::vector<std::pair<std::string, std::string>> ScanAll(Engine& engine, std::string_view start,
                                                         std::string_view end,
                                                         size_t limit = SIZE_MAX) {
  std::vector<std::pair<std::string, std::string>> out;
  Status status = engine.Scan(start, end, limit, [&](std::string_view k, std::string_view v) {
    out.emplace_back(k, v);
    return true;
  });
  EXPECT_OK(status);
  return out;
}

TEST(MemTableEngine, GetReturnsWhatWasPut) {
  MemTableEngine engine;
  ASSERT_OK(engine.Put("k", "v"));
  auto value = engine.Get("k");
  ASSERT_OK(value);
  EXPECT_EQ(*value, "v");
}

TEST(MemTableEngine, MissingKeyIsNotFound) {
  MemTableEngine engine;
  EXPECT_TRUE(engine.Get("nothing").status().IsNotFound());
}

TEST(MemTableEngine, PutOverwrites) {
  MemTableEngine engine;
  ASSERT_OK(engine.Put("k", "old"));
  ASSERT_OK(engine.Put("k", "new"));
  EXPECT_EQ(*engine.Get("k"), "new");
  EXPECT_EQ(engine.size(), 1u);
}

TEST(MemTableEngine, DeleteRemovesAndIsIdempotent) {
  MemTableEngine engine;
  ASSERT_OK(engine.Put("k", "v"));
  ASSERT_OK(engine.Delete("k"));
  EXPECT_TRUE(engine.Get("k").status().IsNotFound());
  EXPECT_OK(engine.Delete("k"));
}

TEST(MemTableEngine, KeysAndValuesAreBinarySafe) {
  MemTableEngine engine;
  const std::string key("a\0b", 3);
  const std::string value("\x00\xff\r\n", 4);
  ASSERT_OK(engine.Put(key, value));
  EXPECT_EQ(*engine.Get(key), value);
  EXPECT_TRUE(engine.Get("a").status().IsNotFound());
}

TEST(MemTableEngine, BatchAppliesInOrder) {
  MemTableEngine engine;
  WriteBatch batch;
  batch.Put("a", "1");
  batch.Put("b", "2");
  batch.Delete("a");
  batch.Put("b", "3");
  ASSERT_OK(engine.Write(batch));
  EXPECT_TRUE(engine.Get("a").status().IsNotFound());
  EXPECT_EQ(*engine.Get("b"), "3");
}

TEST(MemTableEngine, ScanIsOrderedAndHalfOpen) {
  MemTableEngine engine;
  for (std::string k : {"d", "a", "c", "b", "e"}) ASSERT_OK(engine.Put(k, k + k));
  auto hits = ScanAll(engine, "b", "e");
  std::vector<std::pair<std::string, std::string>> expected = {
      {"b", "bb"}, {"c", "cc"}, {"d", "dd"}};
  EXPECT_EQ(hits, expected);
}

TEST(MemTableEngine, ScanHonoursLimitAndOpenEnd) {
  MemTableEngine engine;
  for (std::string k : {"a", "b", "c", "d"}) ASSERT_OK(engine.Put(k, "x"));
  EXPECT_EQ(ScanAll(engine, "b", "", 2).size(), 2u);
  EXPECT_EQ(ScanAll(engine, "b", "").size(), 3u);
  EXPECT_TRUE(ScanAll(engine, "z", "").empty());
}

TEST(MemTableEngine, ScanStopsWhenTheVisitorSaysSo) {
  MemTableEngine engine;
  for (std::string k : {"a", "b", "c"}) ASSERT_OK(engine.Put(k, "x"));
  int visits = 0;
  ASSERT_OK(engine.Scan("", "", SIZE_MAX, [&](auto, auto) { return ++visits < 2; }));
  EXPECT_EQ(visits, 2);
}

// Many threads writing disjoint keys at once lose nothing (run under TSan in the tsan preset).
TEST(MemTableEngine, ConcurrentWritersLoseNothing) {
  MemTableEngine engine;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&engine, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_OK(engine.Put(key, key));
        EXPECT_EQ(*engine.Get(key), key);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(engine.size(), static_cast<size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace stepdb
