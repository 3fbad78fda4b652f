// BloomFilterPolicy on its own: the number of probes, the filter's size, no false negatives
// ever, and a false-positive rate close to what the theory predicts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bloom_filter_policy.h"

namespace stepdb {
namespace {

std::string Key(const char* family, int i) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%s%08d", family, i);
  return buffer;
}

std::string BuildFilter(const BloomFilterPolicy& policy, const std::vector<std::string>& keys) {
  std::unique_ptr<FilterBuilder> builder = policy.NewBuilder();
  for (const std::string& key : keys) builder->AddKey(key);
  return builder->Finish();
}

std::vector<std::string> Keys(const char* family, int n) {
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i) keys.push_back(Key(family, i));
  return keys;
}

// (1 - e^(-k/b))^k: the false-positive rate for b bits per key and k probes.
double TheoreticalRate(int bits_per_key, int k) {
  return std::pow(1.0 - std::exp(-static_cast<double>(k) / bits_per_key), k);
}

TEST(BloomFilter, ProbesAreBitsPerKeyTimesLnTwoRoundedAndClamped) {
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(1), 1);    // 0.69
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(2), 1);    // 1.39
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(3), 2);    // 2.08
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(6), 4);    // 4.16
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(10), 7);   // 6.93
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(16), 11);  // 11.09
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(43), 30);  // 29.8
  EXPECT_EQ(BloomFilterPolicy::ProbesFor(100), 30);
  EXPECT_EQ(BloomFilterPolicy().bits_per_key(), 10);
  EXPECT_EQ(BloomFilterPolicy().num_probes(), 7);
}

TEST(BloomFilter, NameIsBloomV1WhateverTheBitsPerKey) {
  EXPECT_EQ(BloomFilterPolicy(10).Name(), "bloom.v1");
  EXPECT_EQ(BloomFilterPolicy(4).Name(), "bloom.v1");
}

TEST(BloomFilter, SizeIsBitsPerKeyTimesKeysAtLeast64BitsThenTheProbeCount) {
  const BloomFilterPolicy policy(10);
  std::string filter = BuildFilter(policy, Keys("k", 1000));  // 10000 bits
  ASSERT_EQ(filter.size(), 1250u + 1);
  EXPECT_EQ(filter.back(), 7);

  filter = BuildFilter(BloomFilterPolicy(3), Keys("k", 101));  // 303 bits -> 38 bytes
  ASSERT_EQ(filter.size(), 38u + 1);
  EXPECT_EQ(filter.back(), 2);

  filter = BuildFilter(policy, Keys("k", 2));  // 20 bits -> the minimum, 64
  ASSERT_EQ(filter.size(), 8u + 1);
}

TEST(BloomFilter, EmptyFilterRulesOutEveryKey) {
  const BloomFilterPolicy policy;
  const std::string filter = BuildFilter(policy, {});
  ASSERT_EQ(filter, std::string(8, '\0') + '\x07');
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(policy.KeyMayMatch(Key("k", i), filter));
}

TEST(BloomFilter, NoFalseNegatives) {
  for (int bits_per_key : {1, 2, 6, 10, 20}) {
    const BloomFilterPolicy policy(bits_per_key);
    for (int n : {1, 10, 1000, 20000}) {
      const std::vector<std::string> keys = Keys("present", n);
      const std::string filter = BuildFilter(policy, keys);
      for (const std::string& key : keys) {
        ASSERT_TRUE(policy.KeyMayMatch(key, filter))
            << key << " was added, with " << bits_per_key << " bits per key and " << n << " keys";
      }
    }
  }
}

// A filter of 100,000 keys, probed with 100,000 keys that were never added: the share of
// "maybe" answers is the false-positive rate. Two families of absent keys: other prefixes,
// and keys that sort between added keys (what a lookup of a missing key inside a table's
// range looks like).
void ExpectRateNearTheory(int bits_per_key) {
  constexpr int kKeys = 100000;
  const BloomFilterPolicy policy(bits_per_key);
  const std::string filter = BuildFilter(policy, Keys("key", kKeys));
  const double expected = TheoreticalRate(bits_per_key, policy.num_probes());
  for (const char* family : {"absent", "key."}) {
    int positives = 0;
    for (int i = 0; i < kKeys; ++i) {
      const std::string key = std::string(family) == "key." ? Key("key", i) + "." : Key(family, i);
      if (policy.KeyMayMatch(key, filter)) ++positives;
    }
    const double rate = static_cast<double>(positives) / kKeys;
    EXPECT_GT(rate, expected / 2) << family << ": " << bits_per_key << " bits per key";
    EXPECT_LT(rate, expected * 2) << family << ": " << bits_per_key << " bits per key";
    ::testing::Test::RecordProperty(std::string("false_positive_rate_") +
                                        std::to_string(bits_per_key) + "_" +
                                        (family[0] == 'a' ? "absent" : "between"),
                                    std::to_string(rate));
  }
}

TEST(BloomFilter, FalsePositiveRateAtTenBitsPerKeyIsAboutOnePercent) {
  ASSERT_NEAR(TheoreticalRate(10, 7), 0.0082, 0.0001);  // so the bounds are 0.41% .. 1.64%
  ExpectRateNearTheory(10);
}

TEST(BloomFilter, FalsePositiveRateAtSixBitsPerKeyIsAboutFivePercent) {
  ASSERT_NEAR(TheoreticalRate(6, 4), 0.0561, 0.0001);
  ExpectRateNearTheory(6);
}

TEST(BloomFilter, FalsePositiveRateAtSixteenBitsPerKeyIsAboutOnePerThousand) {
  ASSERT_NEAR(TheoreticalRate(16, 11), 0.00046, 0.00001);
  ExpectRateNearTheory(16);
}

// k and the number of bits live in the filter, so the reader's own bits per key do not
// matter: a table written with 4 bits per key is read right by a 20-bit policy.
TEST(BloomFilter, AnyPolicyReadsAFilterOfAnyBitsPerKey) {
  const std::vector<std::string> keys = Keys("key", 500);
  const std::string filter = BuildFilter(BloomFilterPolicy(4), keys);
  const BloomFilterPolicy reader(20);
  for (const std::string& key : keys) ASSERT_TRUE(reader.KeyMayMatch(key, filter)) << key;
  int positives = 0;
  for (int i = 0; i < 1000; ++i) positives += reader.KeyMayMatch(Key("absent", i), filter);
  EXPECT_LT(positives, 400) << "the filter should still rule most absent keys out";
}

// A filter the reader cannot interpret must never rule a key out: that would lose data.
TEST(BloomFilter, UnreadableFilterSaysMaybe) {
  const BloomFilterPolicy policy;
  for (const std::string& filter :
       {std::string(), std::string("\x07", 1), std::string(8, '\0') + '\0',  // k = 0
        std::string(8, '\0') + '\x1f',                                       // k = 31: reserved
        std::string(8, '\0') + '\xff'}) {
    EXPECT_TRUE(policy.KeyMayMatch("anything", filter)) << filter.size() << " bytes";
  }
}

}  // namespace
}  // namespace stepdb
