// WalReaderTest: reading records back and telling a clean end, a torn tail and corruption
// apart (wal_reader.h lists the rules these tests walk through).
#include "wal_reader.h"

#include <gtest/gtest.h>

#include "common/testkit/status_matchers.h"
#include "mem_file_system.h"
#include "wal_test_util.h"
#include "wal_writer.h"

namespace stepdb {
namespace {

constexpr char kLog[] = "/db/wal.log";

class WalReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(fs_.CreateDir("/db")); }

  // Writes one record per payload (type Put, payload as given) and returns their offsets.
  std::vector<uint64_t> WriteLog(const std::vector<std::string>& payloads) {
    auto file = fs_.NewWritableFile(kLog);
    EXPECT_OK(file);
    WalWriter writer(std::move(file).value());
    std::vector<uint64_t> offsets;
    for (const std::string& payload : payloads) {
      offsets.push_back(writer.offset());
      EXPECT_OK(writer.AddRecord(WalRecordType::kPut, payload));
    }
    offsets.push_back(writer.offset());
    EXPECT_OK(writer.Close());
    return offsets;
  }
  void CutLog(uint64_t size) { ASSERT_OK(fs_.Truncate(kLog, size)); }
  void AppendRaw(std::string_view bytes) {
    auto file = fs_.NewAppendableFile(kLog);
    ASSERT_OK(file);
    ASSERT_OK((*file)->Append(bytes));
  }
  void ExpectCorruptionAt(const ReadLog& log, uint64_t offset) {
    EXPECT_TRUE(log.status.IsCorruption()) << log.status.ToString();
    EXPECT_NE(log.status.message().find(kLog), std::string::npos) << log.status.message();
    EXPECT_NE(log.status.message().find("at offset " + std::to_string(offset) + ":"),
              std::string::npos)
        << log.status.message();
  }

  MemFileSystem fs_;
};

TEST_F(WalReaderTest, EmptyLogIsACleanEnd) {
  WriteLog({});
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_OK(log.status);
  EXPECT_TRUE(log.records.empty());
  EXPECT_EQ(log.end, WalReader::Outcome::kCleanEnd);
}

TEST_F(WalReaderTest, RoundTripsRecordsOfManySizes) {
  std::vector<std::string> payloads;
  for (size_t size : {0, 1, 12, 13, 100, 4095, 65535, 65536, 65537, 200000, 3}) {
    std::string payload(size, '\0');
    for (size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(i * 31 + size);
    payloads.push_back(payload);
  }
  const std::vector<uint64_t> offsets = WriteLog(payloads);
  ReadLog log = ReadWholeLog(fs_, kLog);
  ASSERT_OK(log.status);
  ASSERT_EQ(log.records.size(), payloads.size());
  for (size_t i = 0; i < payloads.size(); ++i) {
    EXPECT_EQ(log.records[i].second, payloads[i]) << "record " << i;
    EXPECT_EQ(log.offsets[i], offsets[i]) << "record " << i;
  }
  EXPECT_EQ(log.end, WalReader::Outcome::kCleanEnd);
  EXPECT_EQ(log.end_offset, offsets.back());
}

TEST_F(WalReaderTest, IncompleteHeaderIsATornTail) {
  const auto offsets = WriteLog({"first", "second"});
  CutLog(offsets[1] + 5);
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_OK(log.status);
  EXPECT_EQ(log.records.size(), 1u);
  EXPECT_EQ(log.end, WalReader::Outcome::kTornTail);
  EXPECT_EQ(log.end_offset, offsets[1]);
}

TEST_F(WalReaderTest, IncompletePayloadIsATornTail) {
  const auto offsets = WriteLog({"first", std::string(100000, 'p')});
  CutLog(offsets[2] - 1);
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_OK(log.status);
  EXPECT_EQ(log.records.size(), 1u);
  EXPECT_EQ(log.end, WalReader::Outcome::kTornTail);
  EXPECT_EQ(log.end_offset, offsets[1]);
}

TEST_F(WalReaderTest, ZeroFilledTailIsATornTail) {
  const auto offsets = WriteLog({"first"});
  AppendRaw(std::string(4096, '\0'));  // the size grew, the data never came
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_OK(log.status);
  EXPECT_EQ(log.records.size(), 1u);
  EXPECT_EQ(log.end, WalReader::Outcome::kTornTail);
  EXPECT_EQ(log.end_offset, offsets[1]);
}

TEST_F(WalReaderTest, BadPayloadInTheLastRecordIsATornTail) {
  const auto offsets = WriteLog({"first", "second"});
  ASSERT_OK(fs_.FlipBits(kLog, offsets[1] + kWalHeaderBytes + 2, 0x04));
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_OK(log.status);
  EXPECT_EQ(log.records.size(), 1u);
  EXPECT_EQ(log.end, WalReader::Outcome::kTornTail);
  EXPECT_EQ(log.end_offset, offsets[1]);
}

TEST_F(WalReaderTest, BadPayloadFollowedByARecordIsCorruption) {
  const auto offsets = WriteLog({"first", "second", "third"});
  ASSERT_OK(fs_.FlipBits(kLog, offsets[1] + kWalHeaderBytes, 0x01));
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_EQ(log.records.size(), 1u);
  ExpectCorruptionAt(log, offsets[1]);
  EXPECT_NE(log.status.message().find("the " + std::to_string(offsets[3] - offsets[1]) + " bytes"),
            std::string::npos)
      << log.status.message();
  EXPECT_EQ(log.end_offset, offsets[1]);
}

TEST_F(WalReaderTest, BadHeaderIsCorruptionEvenInTheLastRecord) {
  const auto offsets = WriteLog({"first", "second"});
  ASSERT_OK(fs_.FlipBits(kLog, offsets[1] + 4, 0x02));  // the type byte
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_EQ(log.records.size(), 1u);
  ExpectCorruptionAt(log, offsets[1]);
}

// The reason the header has its own checksum: a length that grows past the end of the file
// must not make the rest of the log look like a torn tail.
TEST_F(WalReaderTest, DamagedLengthInTheMiddleIsCorruptionNotATornTail) {
  const auto offsets = WriteLog({"first", "second", "third"});
  ASSERT_OK(fs_.FlipBits(kLog, offsets[1] + 2, 0x10));  // length += 1 MiB
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_EQ(log.records.size(), 1u);
  ExpectCorruptionAt(log, offsets[1]);
}

TEST_F(WalReaderTest, UnknownTypeWithValidChecksumsIsCorruption) {
  auto file = fs_.NewWritableFile(kLog);
  ASSERT_OK(file);
  WalWriter writer(std::move(file).value());
  ASSERT_OK(writer.AddRecord(WalRecordType::kPut, "fine"));
  ASSERT_OK(writer.AddRecord(static_cast<WalRecordType>(42), "from the future"));
  ASSERT_OK(writer.Close());
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_EQ(log.records.size(), 1u);
  ExpectCorruptionAt(log, kWalHeaderBytes + 4);
  EXPECT_NE(log.status.message().find("unknown record type 42"), std::string::npos);
}

TEST_F(WalReaderTest, GarbageAfterTheLastRecordIsCorruption) {
  const auto offsets = WriteLog({"first"});
  AppendRaw("this is not a record, and it is long enough to hold a header");
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_EQ(log.records.size(), 1u);
  ExpectCorruptionAt(log, offsets[1]);
}

}  // namespace
}  // namespace stepdb
