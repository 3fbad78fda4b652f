#include "common/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace stepdb {
namespace {

TEST(Crc32c, StandardCheckValue) { EXPECT_EQ(Crc32c("123456789"), 0xE3069283u); }

// Test vectors from RFC 3720 (iSCSI), appendix B.4.
TEST(Crc32c, Rfc3720Vectors) {
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc32c(ascending), 0x46DD794Eu);
}

TEST(Crc32c, ExtendEqualsWhole) {
  std::string data = "hello, write-ahead log and sorted tables";
  for (size_t cut = 0; cut <= data.size(); ++cut) {
    uint32_t first = Crc32cExtend(0, data.data(), cut);
    EXPECT_EQ(Crc32cExtend(first, data.data() + cut, data.size() - cut), Crc32c(data));
  }
}

TEST(Crc32c, OneFlippedBitChangesTheSum) {
  std::string data(100, 'x');
  uint32_t before = Crc32c(data);
  data[57] ^= 0x10;
  EXPECT_NE(Crc32c(data), before);
}

}  // namespace
}  // namespace stepdb
