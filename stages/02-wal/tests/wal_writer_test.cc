// WalWriterTest: framing records into a log file (wal_writer.h, docs/formats/wal.md).
#include "wal_writer.h"

#include <gtest/gtest.h>

#include "common/coding.h"
#include "common/crc32c.h"
#include "common/testkit/status_matchers.h"
#include "mem_file_system.h"
#include "wal_test_util.h"

namespace stepdb {
namespace {

constexpr char kLog[] = "/db/wal.log";

class WalWriterTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(fs_.CreateDir("/db")); }

  std::unique_ptr<WalWriter> NewWriter(uint64_t offset = 0) {
    auto file = fs_.NewAppendableFile(kLog);
    EXPECT_OK(file);
    return std::make_unique<WalWriter>(std::move(file).value(), offset);
  }
  std::string LogBytes() {
    auto bytes = fs_.ReadFile(kLog);
    return bytes.ok() ? *bytes : "";
  }

  MemFileSystem fs_;
};

// The worked example of docs/formats/wal.md, byte for byte: if this test fails, either the
// code or the spec is wrong, and both must agree again.
TEST_F(WalWriterTest, WorkedExampleMatchesTheSpec) {
  auto writer = NewWriter();
  WriteBatch put;
  put.Put("city", "Zurich");
  WriteBatch del;
  del.Delete("city");
  WriteBatch batch;
  batch.Put("a", "1");
  batch.Delete("b");
  ASSERT_OK(writer->AddBatch(put));
  ASSERT_OK(writer->AddBatch(del));
  ASSERT_OK(writer->AddBatch(batch));
  ASSERT_OK(writer->Flush());
  const std::string expected = Unhex(
      // record 1 at offset 0: Put city=Zurich
      "0c 00 00 00  01  53 5c e5 2e  69 20 52 7e"
      "04 63 69 74 79 06 5a 75 72 69 63 68"
      // record 2 at offset 25: Delete city
      "05 00 00 00  02  40 4d 8a 31  02 b7 21 0d"
      "04 63 69 74 79"
      // record 3 at offset 43: Batch {Put a=1, Delete b}
      "09 00 00 00  03  c9 ee 80 14  db cd 7d 05"
      "02 01 01 61 01 31 02 01 62");
  EXPECT_EQ(Hex(LogBytes()), Hex(expected));
  EXPECT_EQ(writer->offset(), 65u);
}

TEST_F(WalWriterTest, HeaderFieldsAreLengthTypeAndTwoChecksums) {
  auto writer = NewWriter();
  const std::string payload = std::string("\x01k\x03v\0v", 6);
  ASSERT_OK(writer->AddRecord(WalRecordType::kPut, payload));
  ASSERT_OK(writer->Flush());
  const std::string bytes = LogBytes();
  ASSERT_EQ(bytes.size(), kWalHeaderBytes + payload.size());
  EXPECT_EQ(DecodeFixed32(bytes.data()), payload.size());
  EXPECT_EQ(bytes[4], 1);
  EXPECT_EQ(DecodeFixed32(bytes.data() + 5), Crc32c(std::string("\x01", 1) + payload));
  EXPECT_EQ(DecodeFixed32(bytes.data() + 9), Crc32c(std::string_view(bytes.data(), 9)));
  EXPECT_EQ(bytes.substr(kWalHeaderBytes), payload);
}

TEST_F(WalWriterTest, EmptyPayloadIsAHeaderOnly) {
  auto writer = NewWriter();
  ASSERT_OK(writer->AddRecord(WalRecordType::kBatch, ""));
  EXPECT_EQ(writer->offset(), kWalHeaderBytes);
}

TEST_F(WalWriterTest, OffsetContinuesFromTheExistingSize) {
  ASSERT_OK(fs_.SetContents(kLog, std::string(100, 'x')));
  auto writer = NewWriter(100);
  WriteBatch batch;
  batch.Put("k", "v");
  ASSERT_OK(writer->AddBatch(batch));
  EXPECT_EQ(writer->offset(), 100u + kWalHeaderBytes + 4);
  ASSERT_OK(writer->Flush());
  EXPECT_EQ(LogBytes().size(), writer->offset());
}

TEST_F(WalWriterTest, AFailedAppendStopsTheWriter) {
  auto writer = NewWriter();
  WriteBatch batch;
  batch.Put("key", "value");
  ASSERT_OK(writer->AddBatch(batch));
  const uint64_t good = writer->offset();
  fs_.FailWritesAfter(5);
  Status failed = writer->AddBatch(batch);
  EXPECT_TRUE(failed.IsIOError()) << failed.ToString();
  EXPECT_EQ(writer->offset(), good) << "a failed record does not count";
  EXPECT_EQ(LogBytes().size(), good + 5) << "the short write left a partial record";
  fs_.ClearFaults();
  EXPECT_TRUE(writer->AddBatch(batch).IsIOError()) << "nothing may follow a partial record";
  EXPECT_TRUE(writer->Sync().IsIOError());
  EXPECT_EQ(LogBytes().size(), good + 5);
  EXPECT_FALSE(writer->status().ok());
}

TEST_F(WalWriterTest, FlushAndSyncReachTheFile) {
  auto writer = NewWriter();
  WriteBatch batch;
  batch.Put("k", "v");
  ASSERT_OK(writer->AddBatch(batch));
  ASSERT_OK(writer->Flush());
  EXPECT_EQ(*fs_.FlushedSize(kLog), writer->offset());
  EXPECT_EQ(*fs_.SyncedSize(kLog), 0u);
  ASSERT_OK(writer->Sync());
  EXPECT_EQ(*fs_.SyncedSize(kLog), writer->offset());
  ASSERT_OK(writer->Close());
}

// Read back through the bytes, not WalReader, so that task 2 is checked before task 3.
TEST_F(WalWriterTest, ABigBatchIsOneRecord) {
  auto writer = NewWriter();
  WriteBatch batch;
  for (int i = 0; i < 10000; ++i) batch.Put("key" + std::to_string(i), std::string(20, 'v'));
  ASSERT_OK(writer->AddBatch(batch));
  ASSERT_OK(writer->Flush());
  const std::string bytes = LogBytes();
  ASSERT_GE(bytes.size(), kWalHeaderBytes);
  const uint32_t length = DecodeFixed32(bytes.data());
  EXPECT_EQ(bytes.size(), kWalHeaderBytes + length) << "one header, then its payload, nothing else";
  EXPECT_EQ(bytes[4], static_cast<char>(WalRecordType::kBatch));
  Result<WriteBatch> decoded =
      DecodeBatch(WalRecordType::kBatch, std::string_view(bytes).substr(kWalHeaderBytes));
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->size(), 10000u);
}

}  // namespace
}  // namespace stepdb
