// Black-box tests of stepdb-sst: the real binary on real table files.
#include <gtest/gtest.h>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class SstTool : public ::testing::Test {
 protected:
  int Run(const std::vector<std::string>& args, std::string* output) {
    return ServerProcess::RunToExit(testkit::kSstBinary, args, output, std::chrono::seconds(20));
  }

  testkit::TempDir dir_;
};

TEST_F(SstTool, DumpOfTinyTableMatchesTheSpec) {
  const std::string path = dir_.Join("tiny.sst");
  ASSERT_OK(testing::WriteTinyTable(path));
  std::string output;
  ASSERT_EQ(Run({"dump", path}, &output), 0) << output;
  output = Replace(output, path, "tiny.sst");
  EXPECT_EQ(output,
            testing::FencedBlockAfter(std::string(testkit::kSourceDir) + "/docs/formats/sstable.md",
                                      "<!-- pinned: stepdb-sst dump tiny.sst -->"));
}

// A table of 301 entries in several blocks; returns the handles of its data blocks (none if
// it could not be written).
std::vector<BlockHandle> WriteBiggerTable(const std::string& path) {
  EntryMap map;
  for (int i = 0; i < 300; ++i) {
    map[testing::Key(i)] = {i % 3 == 2 ? EntryKind::kDeletion : EntryKind::kValue,
                            i % 3 == 2 ? "" : std::string(40, static_cast<char>('a' + i % 26))};
  }
  map[std::string("z\0\xff key", 7)] = {EntryKind::kValue, "binary key"};
  TableOptions options;
  options.block_size = 1024;
  std::vector<BlockHandle> blocks;
  Status written = testing::WriteTable(path, map, options);
  EXPECT_OK(written);
  Result<std::shared_ptr<Table>> table = testing::OpenTable(path);
  EXPECT_OK(table);
  if (!table.ok()) return blocks;
  BlockIterator it(&(*table)->index_block());
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    std::string_view encoded = it.value();
    BlockHandle handle;
    EXPECT_TRUE(handle.DecodeFrom(&encoded));
    blocks.push_back(handle);
  }
  return blocks;
}

TEST_F(SstTool, DumpShowsEveryBlockAndCutsLongValues) {
  const std::string path = dir_.Join("000004.sst");
  std::vector<BlockHandle> blocks = WriteBiggerTable(path);
  ASSERT_GT(blocks.size(), 3u);
  std::string output;
  ASSERT_EQ(Run({"dump", path, "--max-value", "8"}, &output), 0) << output;
  EXPECT_NE(output.find("footer at offset"), std::string::npos) << output;
  for (size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_NE(output.find("data block " + std::to_string(i) + " at offset " +
                          std::to_string(blocks[i].offset) + ": " + std::to_string(blocks[i].size) +
                          " bytes"),
              std::string::npos)
        << "block " << i;
  }
  EXPECT_NE(output.find("value    \"key000000\" = \"aaaaaaaa\"... (40 bytes)"), std::string::npos)
      << output;
  EXPECT_NE(output.find("deletion \"key000002\""), std::string::npos);
  EXPECT_NE(output.find("\"z\\x00\\xff\\x20key\""), std::string::npos) << "keys are escaped";
  EXPECT_NE(output.find("ok: " + std::to_string(blocks.size()) + " data blocks, 301 entries"),
            std::string::npos);
}

TEST_F(SstTool, KeysListsEveryKeyInOrderAndMarksTombstones) {
  const std::string path = dir_.Join("tiny.sst");
  ASSERT_OK(testing::WriteTinyTable(path));
  std::string output;
  ASSERT_EQ(Run({"keys", path}, &output), 0) << output;
  EXPECT_EQ(output, "apple\napricot\nbanana (deletion)\ncherry\n");
}

TEST_F(SstTool, CheckPassesAnIntactTable) {
  const std::string path = dir_.Join("000004.sst");
  std::vector<BlockHandle> blocks = WriteBiggerTable(path);
  ASSERT_GT(blocks.size(), 3u);
  std::string output;
  EXPECT_EQ(Run({"check", path}, &output), 0) << output;
  EXPECT_EQ(output, "ok: " + std::to_string(blocks.size()) +
                        " data blocks, 301 entries, every checksum matches\n");
}

TEST_F(SstTool, CheckNamesEachDamagedBlockAndFails) {
  const std::string path = dir_.Join("000004.sst");
  std::vector<BlockHandle> blocks = WriteBiggerTable(path);
  ASSERT_GT(blocks.size(), 3u);
  testing::DamageByte(path, blocks[1].offset + 7);
  testing::DamageByte(path, blocks[3].offset + blocks[3].size + 2);  // inside the stored crc
  std::string output;
  EXPECT_EQ(Run({"check", path}, &output), 1) << output;
  for (size_t damaged : {1, 3}) {
    EXPECT_NE(output.find("corrupt: table " + path + ": block at offset " +
                          std::to_string(blocks[damaged].offset) + ": checksum mismatch"),
              std::string::npos)
        << output;
  }
  EXPECT_EQ(output.find("block at offset " + std::to_string(blocks[2].offset) + ":"),
            std::string::npos)
      << "an intact block is not reported";
  EXPECT_NE(output.find("FAILED: 2 problem(s)"), std::string::npos) << output;

  // dump reports the damage too, and keys stops at it.
  EXPECT_EQ(Run({"dump", path}, &output), 1) << output;
  EXPECT_EQ(Run({"keys", path}, &output), 1) << output;
  EXPECT_NE(output.find("checksum mismatch"), std::string::npos) << output;
}

TEST_F(SstTool, CheckReportsAHandlePastTheEndWithoutReadingIt) {
  const std::string path = dir_.Join("tiny.sst");
  ASSERT_OK(testing::WriteTinyTable(path));
  std::string bytes = testing::ReadFileBytes(path);
  Footer footer;
  footer.meta_index = {81, 8};
  footer.index = {94, uint64_t{1} << 40};  // a terabyte: must be refused, not allocated
  std::string encoded;
  footer.EncodeTo(&encoded);
  bytes.replace(bytes.size() - encoded.size(), encoded.size(), encoded);
  testing::WriteFileBytes(path, bytes);
  std::string output;
  EXPECT_EQ(Run({"check", path}, &output), 1) << output;
  EXPECT_NE(output.find("block at offset 94: index block of 1099511627776 bytes would end past "
                        "the last block"),
            std::string::npos)
      << output;
}

TEST_F(SstTool, FilesThatAreNoTablesFail) {
  const std::string path = dir_.Join("notes.txt");
  testing::WriteFileBytes(path, std::string(100, 'x'));
  std::string output;
  EXPECT_EQ(Run({"check", path}, &output), 1) << output;
  EXPECT_NE(output.find("bad magic number"), std::string::npos) << output;

  testing::WriteFileBytes(path, "short");
  EXPECT_EQ(Run({"dump", path}, &output), 1) << output;
  EXPECT_NE(output.find("shorter than the 52-byte footer"), std::string::npos) << output;

  EXPECT_EQ(Run({"check", dir_.Join("missing.sst")}, &output), 1) << output;
  EXPECT_NE(output.find("missing.sst"), std::string::npos) << output;
}

TEST_F(SstTool, BadUsageExitsWithTwo) {
  std::string output;
  EXPECT_EQ(Run({}, &output), 2) << output;
  EXPECT_EQ(Run({"frobnicate", "x"}, &output), 2) << output;
  EXPECT_EQ(Run({"check"}, &output), 2) << output;
  EXPECT_EQ(Run({"--help"}, &output), 0) << output;
  EXPECT_NE(output.find("dump"), std::string::npos) << output;
}

}  // namespace
}  // namespace stepdb
