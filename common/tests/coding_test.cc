#include "common/coding.h"

#include <gtest/gtest.h>

#include <limits>

namespace stepdb {
namespace {

TEST(Coding, Fixed32IsLittleEndian) {
  std::string s;
  PutFixed32(&s, 0x04030201);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04", 4));
  std::string_view in = s;
  uint32_t v = 0;
  ASSERT_TRUE(GetFixed32(&in, &v));
  EXPECT_EQ(v, 0x04030201u);
  EXPECT_TRUE(in.empty());
}

TEST(Coding, Fixed64RoundTrips) {
  std::string s;
  PutFixed64(&s, 0x0807060504030201ull);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  std::string_view in = s;
  uint64_t v = 0;
  ASSERT_TRUE(GetFixed64(&in, &v));
  EXPECT_EQ(v, 0x0807060504030201ull);
}

TEST(Coding, BigEndian64PutsTheMostSignificantByteFirstAndRoundTrips) {
  std::string s;
  PutBigEndian64(&s, 0x0102030405060708ull);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(DecodeBigEndian64(s.data()), 0x0102030405060708ull);
  std::string top;
  PutBigEndian64(&top, UINT64_MAX);
  EXPECT_EQ(DecodeBigEndian64(top.data()), UINT64_MAX) << "every byte above 0x7f reads back";
  std::string low, high;
  PutBigEndian64(&low, 0x00ff);
  PutBigEndian64(&high, 0x0100);
  EXPECT_LT(low, high) << "byte order is numeric order";
}

TEST(Coding, VarintMatchesTheDocumentedExample) {
  std::string s;
  PutVarint32(&s, 300);
  EXPECT_EQ(s, "\xac\x02");
  EXPECT_EQ(VarintLength(300), 2);
}

TEST(Coding, VarintsRoundTripAtTheEdges) {
  constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
  constexpr uint64_t kMax64 = std::numeric_limits<uint64_t>::max();
  const uint64_t values[] = {0, 1, 127, 128, 16383, 16384, kMax32, kMax64};
  std::string s;
  for (uint64_t v : values) PutVarint64(&s, v);
  std::string_view in = s;
  for (uint64_t v : values) {
    uint64_t got = 0;
    ASSERT_TRUE(GetVarint64(&in, &got));
    EXPECT_EQ(got, v);
  }
  EXPECT_TRUE(in.empty());
}

TEST(Coding, Varint32sRoundTripOnBothSidesOfTheOneByteCase) {
  constexpr uint32_t kMax32 = std::numeric_limits<uint32_t>::max();
  const uint32_t values[] = {0, 1, 127, 128, 300, 16383, 16384, kMax32};
  std::string s;
  for (uint32_t v : values) PutVarint32(&s, v);
  std::string_view in = s;
  for (uint32_t v : values) {
    uint32_t got = 0;
    ASSERT_TRUE(GetVarint32(&in, &got)) << "reading " << v;
    EXPECT_EQ(got, v);
  }
  EXPECT_TRUE(in.empty());
}

TEST(Coding, Varint32FromEmptyInputIsRejected) {
  std::string_view in;
  uint32_t v = 0;
  EXPECT_FALSE(GetVarint32(&in, &v));
}

TEST(Coding, TruncatedVarintIsRejected) {
  std::string s;
  PutVarint32(&s, 1u << 30);
  std::string_view in(s.data(), s.size() - 1);
  uint32_t v = 0;
  EXPECT_FALSE(GetVarint32(&in, &v));
}

TEST(Coding, Varint32RejectsValuesAbove32Bits) {
  std::string s;
  PutVarint64(&s, 1ull << 40);
  std::string_view in = s;
  uint32_t v = 0;
  EXPECT_FALSE(GetVarint32(&in, &v));
}

TEST(Coding, LengthPrefixedRejectsShortInput) {
  std::string s;
  PutLengthPrefixed(&s, "hello");
  std::string_view in = s;
  std::string_view out;
  ASSERT_TRUE(GetLengthPrefixed(&in, &out));
  EXPECT_EQ(out, "hello");
  std::string_view short_in(s.data(), s.size() - 1);
  EXPECT_FALSE(GetLengthPrefixed(&short_in, &out));
}

}  // namespace
}  // namespace stepdb
