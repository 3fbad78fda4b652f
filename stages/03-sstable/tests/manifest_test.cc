#include "manifest.h"

#include <gtest/gtest.h>

#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "file_names.h"

namespace stepdb {
namespace {

ManifestState Sample() {
  ManifestState state;
  state.next_file_number = 42;
  state.log_number = 40;
  state.levels.resize(2);
  state.levels[0].push_back({12, 4096, "apple", "melon"});
  state.levels[0].push_back({9, 100, std::string("\0a", 2), "zz"});
  state.levels[1].push_back({3, 1 << 20, "a", "k"});
  state.bytes_flushed = 123456;
  state.bytes_compacted = 7;
  return state;
}

TEST(Manifest, RoundTrips) {
  const ManifestState state = Sample();
  auto decoded = DecodeManifest(EncodeManifest(state), "MANIFEST");
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, state);
}

// The worked example of docs/formats/manifest.md, byte for byte.
TEST(Manifest, WorkedExampleFromTheSpec) {
  ManifestState state;
  state.next_file_number = 5;
  state.log_number = 4;
  state.levels.resize(1);
  state.levels[0].push_back({3, 1042, "apple", "melon"});
  state.bytes_flushed = 1042;
  // clang-format off
  const std::string expected(
      "STEPDBMF\x01\x25\x02\xbb\xba\x1a\x00\x00\x00"
      "\x01\x05\x02\x04\x03\x00\x03\x92\x08\x05" "apple" "\x05" "melon"
      "\x04\x92\x08\x05\x00",
      43);
  // clang-format on
  EXPECT_EQ(EncodeManifest(state), expected);
}

TEST(Manifest, EmptyStateRoundTrips) {
  auto decoded = DecodeManifest(EncodeManifest(ManifestState{}), "MANIFEST");
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, ManifestState{});
}

TEST(Manifest, EveryTruncationIsCorruption) {
  const std::string bytes = EncodeManifest(Sample());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    auto decoded = DecodeManifest(bytes.substr(0, cut), "db/MANIFEST");
    ASSERT_FALSE(decoded.ok()) << "cut at " << cut;
    EXPECT_TRUE(decoded.status().IsCorruption());
    EXPECT_NE(decoded.status().message().find("db/MANIFEST"), std::string::npos);
  }
}

TEST(Manifest, EveryFlippedByteIsCorruption) {
  const std::string bytes = EncodeManifest(Sample());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] ^= 0x01;
    EXPECT_FALSE(DecodeManifest(bad, "MANIFEST").ok()) << "flip at " << i;
  }
}

TEST(Manifest, StoreThenLoadThroughTheFileSystem) {
  testkit::TempDir dir;
  FileSystem& fs = *DefaultFileSystem();
  EXPECT_TRUE(LoadManifest(fs, dir.path()).status().IsNotFound());
  ASSERT_OK(StoreManifest(fs, dir.path(), Sample()));
  ManifestState changed = Sample();
  changed.levels[0].erase(changed.levels[0].begin());
  ASSERT_OK(StoreManifest(fs, dir.path(), changed));
  auto loaded = LoadManifest(fs, dir.path());
  ASSERT_OK(loaded);
  EXPECT_EQ(*loaded, changed);
  EXPECT_FALSE(fs.FileExists(ManifestFileName(dir.path()) + ".tmp"));
}

TEST(FileNames, NamesParseBack) {
  uint64_t number = 0;
  EXPECT_EQ(TableFileName("d", 7), "d/000007.sst");
  EXPECT_EQ(LogFileName("d", 1234567), "d/1234567.log");
  EXPECT_EQ(ParseFileName("000007.sst", &number), FileKind::kTable);
  EXPECT_EQ(number, 7u);
  EXPECT_EQ(ParseFileName("1234567.log", &number), FileKind::kLog);
  EXPECT_EQ(number, 1234567u);
  EXPECT_EQ(ParseFileName("MANIFEST", &number), FileKind::kManifest);
  EXPECT_EQ(ParseFileName("MANIFEST.tmp", &number), FileKind::kTemp);
  EXPECT_EQ(ParseFileName("LOCK", &number), FileKind::kOther);
  EXPECT_EQ(ParseFileName("12a.sst", &number), FileKind::kOther);
  EXPECT_EQ(ParseFileName(".sst", &number), FileKind::kOther);
}

}  // namespace
}  // namespace stepdb
