#include "bench/workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace stepdb::bench {
namespace {

TEST(BenchWorkload, KeysAreSixteenZeroPaddedDigitsLikeDbBench) {
  EXPECT_EQ(Key(0), "0000000000000000");
  EXPECT_EQ(Key(42), "0000000000000042");
  EXPECT_EQ(Key(9999999999999999), "9999999999999999");
}

TEST(BenchWorkload, MissingKeysSortBetweenTwoWrittenKeys) {
  EXPECT_EQ(MissingKey(7), "0000000000000007.");
  EXPECT_LT(Key(7), MissingKey(7));
  EXPECT_LT(MissingKey(7), Key(8));
}

TEST(BenchWorkload, ShuffledOrderIsAPermutationThatOnlyTheSeedAndStreamDecide) {
  const std::vector<uint64_t> order = ShuffledOrder(1000, 301, 1);
  std::vector<uint64_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (uint64_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);

  EXPECT_EQ(ShuffledOrder(1000, 301, 1), order);
  EXPECT_NE(ShuffledOrder(1000, 302, 1), order);
  EXPECT_NE(ShuffledOrder(1000, 301, 2), order);
  EXPECT_FALSE(std::is_sorted(order.begin(), order.end()));
}

TEST(BenchWorkload, ValuesHaveTheRequestedSizeAndDifferByKeyAndGeneration) {
  const ValueSource values(100, 301);
  EXPECT_EQ(values.Value(1, 1).size(), 100u);
  EXPECT_EQ(values.Value(1, 1), ValueSource(100, 301).Value(1, 1));
  std::set<std::string_view> distinct;
  for (uint64_t key = 0; key < 100; ++key) distinct.insert(values.Value(key, 1));
  EXPECT_EQ(distinct.size(), 100u);
  EXPECT_NE(values.Value(5, 1), values.Value(5, 2));
}

TEST(BenchWorkload, EveryWorkloadIsFoundByItsName) {
  ASSERT_EQ(AllWorkloads().size(), 7u);
  for (const WorkloadSpec& spec : AllWorkloads()) EXPECT_EQ(FindWorkload(spec.name), &spec);
  EXPECT_EQ(FindWorkload("readwhilewriting"), nullptr);
}

}  // namespace
}  // namespace stepdb::bench
