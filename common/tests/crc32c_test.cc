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

// Crc32cExtend may use the CPU's crc32 instruction; it must agree with the table method for
// every length, alignment and starting CRC.
TEST(Crc32c, FastPathMatchesThePortableMethod) {
  std::string data;
  for (int i = 0; i < 12000; ++i) data.push_back(static_cast<char>((i * 131 + 7) % 251));
  // Lengths around the fast path's strides: three stripes of 1024 and of 128 bytes, 8 bytes.
  for (size_t offset : {0, 1, 3, 7}) {
    for (size_t n :
         {0, 1, 7, 8, 9, 63, 64, 65, 383, 384, 385, 3071, 3072, 3073, 3456, 4096, 4990, 11000}) {
      const uint32_t seed = static_cast<uint32_t>(n * 2654435761u);
      EXPECT_EQ(Crc32cExtend(seed, data.data() + offset, n),
                PortableCrc32cExtend(seed, data.data() + offset, n))
          << "offset " << offset << ", " << n << " bytes";
    }
  }
}

}  // namespace
}  // namespace stepdb
