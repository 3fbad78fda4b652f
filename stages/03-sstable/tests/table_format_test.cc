// The file-level format: handles, footer, trailers, and the worked example of
// docs/formats/sstable.md pinned byte for byte.
#include "table_format.h"

#include <gtest/gtest.h>

#include "common/crc32c.h"
#include "common/testkit/build_paths.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

// `hexdump -C tiny.sst` of the table that testing::WriteTinyTable writes. The same text is
// in docs/formats/sstable.md; if the format changes, both change in one step.
constexpr std::string_view kTinyTableHexDump =
    R"(00000000  00 05 03 01 61 70 70 6c  65 72 65 64 02 05 06 01  |....applered....|
00000010  72 69 63 6f 74 6f 72 61  6e 67 65 00 06 00 00 62  |ricotorange....b|
00000020  61 6e 61 6e 61 00 00 00  00 1b 00 00 00 02 00 00  |anana...........|
00000030  00 00 18 4b f3 51 00 06  04 01 63 68 65 72 72 79  |...K.Q....cherry|
00000040  72 69 70 65 00 00 00 00  01 00 00 00 00 3c 10 d9  |ripe.........<..|
00000050  33 00 00 00 00 01 00 00  00 00 0f 07 f4 83 00 06  |3...............|
00000060  02 01 62 61 6e 61 6e 61  00 31 00 06 02 01 63 68  |..banana.1....ch|
00000070  65 72 72 79 36 16 00 00  00 00 0c 00 00 00 02 00  |erry6...........|
00000080  00 00 00 7d d6 93 bb 51  08 5e 24 00 00 00 00 00  |...}...Q.^$.....|
00000090  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
000000a0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01  |................|
000000b0  00 00 00 73 74 65 70 64  62 53 54                 |...stepdbST|
000000bb
)";

const std::string kSpecPath = std::string(testkit::kSourceDir) + "/docs/formats/sstable.md";

TEST(TableFormat, BlockHandleIsTwoVarints) {
  BlockHandle handle{300, 5};
  std::string encoded;
  handle.EncodeTo(&encoded);
  EXPECT_EQ(encoded, std::string("\xac\x02\x05", 3));
  std::string_view input = encoded;
  BlockHandle decoded;
  ASSERT_TRUE(decoded.DecodeFrom(&input));
  EXPECT_EQ(decoded.offset, 300u);
  EXPECT_EQ(decoded.size, 5u);
  EXPECT_TRUE(input.empty());

  BlockHandle big{~uint64_t{0}, ~uint64_t{0}};
  encoded.clear();
  big.EncodeTo(&encoded);
  EXPECT_EQ(encoded.size(), BlockHandle::kMaxEncodedLength);
  input = std::string_view(encoded).substr(0, 12);  // cut inside the second varint
  EXPECT_FALSE(decoded.DecodeFrom(&input));
}

TEST(TableFormat, FooterIsFixedSizeAndEndsWithTheMagic) {
  Footer footer;
  footer.meta_index = {1000, 20};
  footer.index = {1025, 300};
  std::string encoded;
  footer.EncodeTo(&encoded);
  ASSERT_EQ(encoded.size(), 52u);
  EXPECT_EQ(encoded.substr(44), "stepdbST");
  EXPECT_EQ(encoded.substr(40, 4), std::string("\x01\x00\x00\x00", 4));  // version 1
  Result<Footer> decoded = Footer::DecodeFrom(encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->meta_index.offset, 1000u);
  EXPECT_EQ(decoded->meta_index.size, 20u);
  EXPECT_EQ(decoded->index.offset, 1025u);
  EXPECT_EQ(decoded->index.size, 300u);
  EXPECT_EQ(decoded->format_version, 1u);
}

TEST(TableFormat, FooterRejectsWrongMagicAndUnknownVersion) {
  Footer footer;
  std::string encoded;
  footer.EncodeTo(&encoded);
  std::string bad_magic = encoded;
  bad_magic[51] = 'X';
  Status status = Footer::DecodeFrom(bad_magic).status();
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("bad magic number"), std::string::npos) << status.ToString();

  std::string version_two = encoded;
  version_two[40] = 2;
  status = Footer::DecodeFrom(version_two).status();
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("unsupported format version 2"), std::string::npos)
      << status.ToString();
}

TEST(TableFormat, BlockChecksumCoversContentsAndType) {
  EXPECT_EQ(BlockChecksum("abc", BlockType::kRaw), Crc32c(std::string("abc\0", 4)));
  EXPECT_NE(BlockChecksum("abc", BlockType::kRaw), BlockChecksum("abd", BlockType::kRaw));
  EXPECT_NE(BlockChecksum("abc", BlockType::kRaw), BlockChecksum("abc", BlockType{1}));
}

TEST(TableFormat, TinyTableBytesAreThoseOfTheSpec) {
  testkit::TempDir dir;
  const std::string path = dir.Join("tiny.sst");
  ASSERT_OK(testing::WriteTinyTable(path));
  EXPECT_EQ(testing::HexDump(testing::ReadFileBytes(path)), kTinyTableHexDump);
}

TEST(TableFormat, SpecShowsTheTinyTable) {
  EXPECT_EQ(testing::FencedBlockAfter(kSpecPath, "<!-- pinned: hexdump of tiny.sst -->"),
            kTinyTableHexDump)
      << "docs/formats/sstable.md must show the hex dump that the code writes";
}

}  // namespace
}  // namespace stepdb
