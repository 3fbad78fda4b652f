// WalRecord: how a WriteBatch becomes a record payload and back (wal_record.h).
#include "wal_record.h"

#include <gtest/gtest.h>

#include "common/testkit/escape.h"
#include "common/testkit/status_matchers.h"

namespace stepdb {
namespace {

using testkit::Escape;

// A batch as comparable text: "put k=v;del k;".
std::string Describe(const WriteBatch& batch) {
  std::string text;
  for (const WriteBatch::Entry& entry : batch.entries()) {
    text += entry.op == WriteBatch::Op::kPut
                ? "put " + Escape(entry.key) + "=" + Escape(entry.value)
                : "del " + Escape(entry.key);
    text += ";";
  }
  return text;
}

WriteBatch RoundTrip(const WriteBatch& batch, WalRecordType* type = nullptr) {
  WalRecordType encoded_type;
  std::string payload;
  Status status = EncodeBatch(batch, &encoded_type, &payload);
  EXPECT_OK(status);
  if (type != nullptr) *type = encoded_type;
  Result<WriteBatch> decoded = DecodeBatch(encoded_type, payload);
  EXPECT_OK(decoded);
  return decoded.ok() ? *decoded : WriteBatch();
}

TEST(WalRecord, OnePutIsAPutRecord) {
  WriteBatch batch;
  batch.Put("key", "value");
  WalRecordType type;
  std::string payload;
  ASSERT_OK(EncodeBatch(batch, &type, &payload));
  EXPECT_EQ(type, WalRecordType::kPut);
  EXPECT_EQ(payload, "\x03key\x05value");
}

TEST(WalRecord, OneDeleteIsADeleteRecord) {
  WriteBatch batch;
  batch.Delete("key");
  WalRecordType type;
  std::string payload;
  ASSERT_OK(EncodeBatch(batch, &type, &payload));
  EXPECT_EQ(type, WalRecordType::kDelete);
  EXPECT_EQ(payload, "\x03key");
}

TEST(WalRecord, LongerBatchIsOneBatchRecord) {
  WriteBatch batch;
  batch.Put("a", "1");
  batch.Delete("b");
  WalRecordType type;
  std::string payload;
  ASSERT_OK(EncodeBatch(batch, &type, &payload));
  EXPECT_EQ(type, WalRecordType::kBatch);
  EXPECT_EQ(payload, std::string("\x02\x01\x01"
                                 "a\x01"
                                 "1\x02\x01"
                                 "b",
                                 9));
}

TEST(WalRecord, RoundTripsBinaryKeysAndEmptyValues) {
  WriteBatch batch;
  batch.Put(std::string("\0k\xff", 3), "");
  batch.Put("", std::string("\r\n\0", 3));
  batch.Delete(std::string(1, '\0'));
  batch.Put("k", "");
  EXPECT_EQ(Describe(RoundTrip(batch)), Describe(batch));

  WriteBatch single;
  single.Put(std::string("\x80\x81", 2), "");
  WalRecordType type;
  EXPECT_EQ(Describe(RoundTrip(single, &type)), Describe(single));
  EXPECT_EQ(type, WalRecordType::kPut);
}

TEST(WalRecord, RoundTripsABigBatch) {
  WriteBatch batch;
  for (int i = 0; i < 5000; ++i) {
    const std::string key = "key" + std::to_string(i);
    if (i % 7 == 0) {
      batch.Delete(key);
    } else {
      batch.Put(key, std::string(static_cast<size_t>(i % 300), static_cast<char>('a' + i % 26)));
    }
  }
  batch.Put("large", std::string(200000, 'x'));  // lengths beyond one varint byte
  const WriteBatch decoded = RoundTrip(batch);
  ASSERT_EQ(decoded.size(), batch.size());
  EXPECT_EQ(Describe(decoded), Describe(batch));
}

TEST(WalRecord, EmptyBatchIsRejected) {
  WalRecordType type;
  std::string payload;
  EXPECT_TRUE(EncodeBatch(WriteBatch(), &type, &payload).IsInvalidArgument());
}

TEST(WalRecord, EveryTruncatedPayloadIsCorruption) {
  WriteBatch batch;
  batch.Put("alpha", "one");
  batch.Delete("beta");
  batch.Put("gamma", "");
  WalRecordType type;
  std::string payload;
  ASSERT_OK(EncodeBatch(batch, &type, &payload));
  for (size_t cut = 0; cut < payload.size(); ++cut) {
    EXPECT_TRUE(DecodeBatch(type, payload.substr(0, cut)).status().IsCorruption())
        << "cut at " << cut << ": " << Escape(payload.substr(0, cut));
  }
}

TEST(WalRecord, MalformedPayloadsAreCorruption) {
  auto corrupt = [](WalRecordType type, std::string_view payload) {
    return DecodeBatch(type, payload).status().IsCorruption();
  };
  EXPECT_TRUE(corrupt(WalRecordType::kPut, std::string("\x01k\x01v!", 5))) << "bytes left over";
  EXPECT_TRUE(corrupt(WalRecordType::kDelete, std::string("\x01k\x00", 3))) << "bytes left over";
  EXPECT_TRUE(corrupt(WalRecordType::kBatch, std::string("\x01\x07\x01k", 4))) << "unknown op";
  EXPECT_TRUE(corrupt(WalRecordType::kBatch, std::string("\x02\x02\x01k", 4))) << "count too big";
  EXPECT_TRUE(corrupt(WalRecordType::kBatch, std::string("\x00", 1))) << "empty batch";
  EXPECT_TRUE(corrupt(static_cast<WalRecordType>(9), "\x01k")) << "unknown type";
  EXPECT_TRUE(corrupt(WalRecordType::kPut, "\x05k")) << "key longer than the payload";
}

}  // namespace
}  // namespace stepdb
