// The list layout (list_encoding.h): the metadata's bytes, the element records' suffixes, and
// the order that big-endian positions give them.
#include "list_encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "collection_encoding.h"
#include "common/testkit/escape.h"
#include "common/testkit/status_matchers.h"
#include "keyspace.h"

namespace stepdb {
namespace {

constexpr uint64_t kTop = UINT64_MAX;  // the last position of the space

TEST(ListEncoding, MetadataRoundTrips) {
  for (const ListMeta meta :
       {ListMeta{1, kListStartPosition, 1}, ListMeta{300, 0, 0},
        ListMeta{1'700'000'000'000'000, kListStartPosition - 5, 12}, ListMeta{kTop, 0, kTop},
        ListMeta{kTop, kTop, 1}, ListMeta{7, 1, kTop}}) {
    std::string bytes;
    EncodeListMeta(meta, &bytes);
    ASSERT_OK_AND_ASSIGN(ListMeta back, DecodeListMeta(bytes));
    EXPECT_EQ(back.version, meta.version) << testkit::Escape(bytes);
    EXPECT_EQ(back.head, meta.head) << testkit::Escape(bytes);
    EXPECT_EQ(back.size, meta.size) << testkit::Escape(bytes);
  }
  // version 300, head 2^63, size 2: three varints.
  std::string bytes;
  EncodeListMeta({300, kListStartPosition, 2}, &bytes);
  EXPECT_EQ(
      testkit::Escape(bytes),
      testkit::Escape(std::string("\xac\x02\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01\x02", 13)));
}

TEST(ListEncoding, DamagedMetadataIsCorruption) {
  std::string bytes;
  EncodeListMeta({300, kListStartPosition, 2}, &bytes);
  std::vector<std::string> damaged = {
      "",
      bytes + "x",                          // a trailing byte
      bytes.substr(0, bytes.size() - 1),    // the size missing
      bytes.substr(0, 2),                   // only the version
      std::string("\x01\x80\x80", 3),       // a varint cut short
      std::string(11, '\xff') + "\x01\x01"  // a varint longer than 64 bits
  };
  // Positions [head, head + size) that leave the 64-bit space.
  for (const ListMeta meta :
       {ListMeta{1, kTop, 2}, ListMeta{1, 2, kTop}, ListMeta{1, kTop - 9, 11}}) {
    std::string beyond;
    EncodeListMeta(meta, &beyond);
    damaged.push_back(beyond);
  }
  for (const std::string& payload : damaged) {
    Result<ListMeta> meta = DecodeListMeta(payload);
    ASSERT_FALSE(meta.ok()) << "accepted " << testkit::Escape(payload);
    EXPECT_TRUE(meta.status().IsCorruption()) << meta.status().ToString();
    EXPECT_EQ(meta.status().message(), "list metadata: damaged");
  }
  // The edges themselves fit: the last position is 2^64 - 1.
  for (const ListMeta meta : {ListMeta{1, kTop - 9, 10}, ListMeta{1, 1, kTop}}) {
    std::string edge;
    EncodeListMeta(meta, &edge);
    EXPECT_OK(DecodeListMeta(edge)) << testkit::Escape(edge);
  }
}

TEST(ListEncoding, SuffixIsVersionThenPositionBigEndianAndParsesBack) {
  const std::string suffix = ListElementSuffix(0x0102030405060708, 0x8000000000000001);
  EXPECT_EQ(testkit::Escape(suffix), testkit::Escape(std::string("\x01\x02\x03\x04\x05\x06\x07\x08"
                                                                 "\x80\x00\x00\x00\x00\x00\x00\x01",
                                                                 16)));
  EXPECT_TRUE(suffix.starts_with(ElementPrefix(0x0102030405060708)));
  EXPECT_EQ(ParseListElementPosition(suffix), std::optional<uint64_t>(0x8000000000000001));
  for (uint64_t position : {uint64_t{0}, uint64_t{1}, kListStartPosition, kTop}) {
    EXPECT_EQ(ParseListElementPosition(ListElementSuffix(9, position)),
              std::optional<uint64_t>(position));
  }
  EXPECT_FALSE(ParseListElementPosition(suffix.substr(0, 15)).has_value());
  EXPECT_FALSE(ParseListElementPosition(suffix + "x").has_value())
      << "a hash or set element's suffix (longer than 16 bytes) is not a list position";
  EXPECT_FALSE(ParseListElementPosition("").has_value());
}

// Byte order of the record keys is list order, across the middle of the space (where the top
// bit flips) and at both edges; and every record of one version sorts before the next one's.
TEST(ListEncoding, BigEndianPositionsSortInListOrder) {
  const std::vector<uint64_t> positions = {0,
                                           1,
                                           2,
                                           255,
                                           256,
                                           65535,
                                           65536,
                                           kListStartPosition - 256,
                                           kListStartPosition - 2,
                                           kListStartPosition - 1,
                                           kListStartPosition,
                                           kListStartPosition + 1,
                                           kListStartPosition + 255,
                                           kListStartPosition + 256,
                                           kTop - 256,
                                           kTop - 1,
                                           kTop};
  for (size_t i = 1; i < positions.size(); ++i) {
    const uint64_t before = positions[i - 1];
    const uint64_t after = positions[i];
    EXPECT_LT(ListElementSuffix(7, before), ListElementSuffix(7, after))
        << before << " and " << after;
    EXPECT_LT(Keyspace::RecordKey(1, "l", ListElementSuffix(7, before)),
              Keyspace::RecordKey(1, "l", ListElementSuffix(7, after)))
        << before << " and " << after;
  }
  EXPECT_LT(ListElementSuffix(7, kTop), ListElementSuffix(8, 0));
  EXPECT_LT(ListElementSuffix(7, kTop), ElementPrefix(8));
}

}  // namespace
}  // namespace stepdb
