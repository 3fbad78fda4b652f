// BloomHash64 is on disk: its values are pinned here and in docs/formats/sstable.md, so a
// change to it cannot go unnoticed.
#include "bloom_hash.h"

#include <gtest/gtest.h>

#include <bit>
#include <set>
#include <string>

namespace stepdb {
namespace {

// The test vectors of docs/formats/sstable.md ("The hash").
TEST(BloomHash, TestVectorsOfTheSpec) {
  EXPECT_EQ(BloomHash64(""), 0x3ba8df1ad4083de7u);
  EXPECT_EQ(BloomHash64("a"), 0xf94e00cb8451c322u);
  EXPECT_EQ(BloomHash64("apple"), 0xb4803b5936880aa6u);
  EXPECT_EQ(BloomHash64("stepdb64"), 0xeab97ec73e9fb659u);          // exactly one word
  EXPECT_EQ(BloomHash64("banana split"), 0xca3097b8f765b30cu);      // a word and a tail
  EXPECT_EQ(BloomHash64("0000000000000042"), 0xfb6727383abdb686u);  // two words
}

TEST(BloomHash, ReadsOnlyTheBytesOfTheView) {
  const std::string text = "apple pie";
  EXPECT_EQ(BloomHash64(std::string_view(text).substr(0, 5)), BloomHash64("apple"));
}

// Zero padding of the last word must not make "a" and "a\0" collide: the length is mixed in.
TEST(BloomHash, KeysOfZeroBytesDifferByLength) {
  std::set<uint64_t> seen;
  for (size_t n = 0; n <= 24; ++n) seen.insert(BloomHash64(std::string(n, '\0')));
  EXPECT_EQ(seen.size(), 25u);
}

TEST(BloomHash, NoCollisionsAmongManyShortKeys) {
  std::set<uint64_t> seen;
  constexpr int kKeys = 200000;
  for (int i = 0; i < kKeys; ++i) seen.insert(BloomHash64("key" + std::to_string(i)));
  EXPECT_EQ(seen.size(), static_cast<size_t>(kKeys));
}

// Flipping one input bit flips about half of the output bits, in both 32-bit halves (the
// filter's h1 and h2): the two halves must each depend on every byte.
TEST(BloomHash, OneInputBitChangesBothHalves) {
  const std::string base = "0000000000000042";
  double total = 0;
  int trials = 0;
  for (size_t byte = 0; byte < base.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = base;
      flipped[byte] = static_cast<char>(flipped[byte] ^ (1 << bit));
      const uint64_t diff = BloomHash64(base) ^ BloomHash64(flipped);
      EXPECT_GT(std::popcount(diff & 0xffffffffu), 4) << "byte " << byte << " bit " << bit;
      EXPECT_GT(std::popcount(diff >> 32), 4) << "byte " << byte << " bit " << bit;
      total += std::popcount(diff);
      ++trials;
    }
  }
  EXPECT_NEAR(total / trials, 32.0, 3.0);
}

}  // namespace
}  // namespace stepdb
