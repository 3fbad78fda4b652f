// The value envelope: its bytes (the worked example of docs/formats/keyspace.md), round trips
// of every field, and the corruption it refuses.
#include "value_envelope.h"

#include <gtest/gtest.h>

#include <string>

#include "common/escape_bytes.h"

namespace stepdb {
namespace {

TEST(ValueEnvelope, WorkedExampleBytes) {
  ValueEnvelope envelope;
  envelope.cas = 300;
  envelope.payload = "abc";
  EXPECT_EQ(EncodeEnvelope(envelope), std::string("\x00\x00\xac\x02"
                                                  "abc",
                                                  7));
}

TEST(ValueEnvelope, OptionalFieldsAreWrittenOnlyWhenSet) {
  ValueEnvelope envelope;
  envelope.payload = "v";
  const size_t plain = EncodeEnvelope(envelope).size();
  envelope.client_flags = 7;
  EXPECT_EQ(EncodeEnvelope(envelope).size(), plain + 4);
  envelope.expire_at_ms = 1'700'000'000'000;
  EXPECT_EQ(EncodeEnvelope(envelope).size(), plain + 12);
}

TEST(ValueEnvelope, EveryFieldRoundTrips) {
  for (ValueType type : {ValueType::kString, ValueType::kHash, ValueType::kSet, ValueType::kList,
                         ValueType::kZSet}) {
    ValueEnvelope in;
    in.type = type;
    in.expire_at_ms = 1'893'456'000'123;
    in.client_flags = 0xdeadbeef;
    in.cas = UINT64_MAX;
    in.payload = std::string("\0\r\n\xff binary", 11);
    Result<ValueEnvelope> out = DecodeEnvelope(EncodeEnvelope(in));
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out->type, in.type);
    EXPECT_EQ(out->expire_at_ms, in.expire_at_ms);
    EXPECT_EQ(out->client_flags, in.client_flags);
    EXPECT_EQ(out->cas, in.cas);
    EXPECT_EQ(out->payload, in.payload);
  }
}

TEST(ValueEnvelope, TypeNamesAreRedis) {
  EXPECT_STREQ(ValueTypeName(ValueType::kString), "string");
  EXPECT_STREQ(ValueTypeName(ValueType::kHash), "hash");
  EXPECT_STREQ(ValueTypeName(ValueType::kSet), "set");
  EXPECT_STREQ(ValueTypeName(ValueType::kList), "list");
  EXPECT_STREQ(ValueTypeName(ValueType::kZSet), "zset");
}

TEST(ValueEnvelope, DamagedBytesAreCorruption) {
  const std::string cases[] = {
      std::string(""),                     // no header
      std::string("\x00", 1),              // half a header
      std::string("\x09\x00\x01", 3),      // unknown type
      std::string("\x00\x04\x01", 3),      // unknown present bit
      std::string("\x00\x01\x01\x02", 4),  // expiry cut short
      std::string("\x00\x02\x01", 3),      // flags cut short
      std::string("\x00\x00\x80", 3),      // cas varint cut short
  };
  for (const std::string& bytes : cases) {
    Result<ValueEnvelope> out = DecodeEnvelope(bytes);
    EXPECT_TRUE(!out.ok() && out.status().IsCorruption())
        << "bytes \"" << EscapeBytes(bytes) << "\" decoded to "
        << (out.ok() ? std::string("an envelope") : out.status().ToString());
  }
}

}  // namespace
}  // namespace stepdb
