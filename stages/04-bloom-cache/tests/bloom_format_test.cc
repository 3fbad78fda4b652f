// The bloom filter block's bytes: the worked example of docs/formats/sstable.md ("The bloom
// filter block") is computed here and compared with the spec, so the two cannot drift apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bloom_filter_policy.h"
#include "bloom_hash.h"
#include "common/testkit/build_paths.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

const std::string kSpecPath = std::string(testkit::kSourceDir) + "/docs/formats/sstable.md";

// The keys of tiny.sst, the table of the spec's worked example; "banana" is a tombstone
// there, and a filter holds tombstones too.
const std::vector<std::string> kTinyKeys = {"apple", "apricot", "banana", "cherry"};
constexpr uint64_t kTinyBits = 64;

std::string Format(const char* format, auto... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof(buffer), format, args...);
  return buffer;
}

std::vector<uint64_t> Probes(std::string_view key, uint64_t bits, int k) {
  const uint64_t hash = BloomHash64(key);
  const uint64_t h1 = hash & 0xffffffffu, h2 = hash >> 32;
  std::vector<uint64_t> probes;
  for (int i = 0; i < k; ++i) probes.push_back((h1 + i * h2) % bits);
  return probes;
}

bool BitSet(std::string_view filter, uint64_t bit) {
  return (static_cast<uint8_t>(filter[bit / 8]) >> (bit % 8)) & 1;
}

std::string Hex(std::string_view bytes) {
  std::string out;
  for (char c : bytes) out += Format(out.empty() ? "%02x" : " %02x", static_cast<uint8_t>(c));
  return out;
}

std::string TinyFilter() {
  std::unique_ptr<FilterBuilder> builder = BloomFilterPolicy(10).NewBuilder();
  for (const std::string& key : kTinyKeys) builder->AddKey(key);
  return builder->Finish();
}

// The walk through the filter of tiny.sst, as the spec prints it.
std::string WorkedExample() {
  const std::string filter = TinyFilter();
  std::string out = "key      BloomHash64       h1        h2        bits (h1 + i*h2) mod 64\n";
  for (const std::string& key : kTinyKeys) {
    const uint64_t hash = BloomHash64(key);
    out +=
        Format("%-8s %016llx  %08llx  %08llx ", key.c_str(), static_cast<unsigned long long>(hash),
               static_cast<unsigned long long>(hash & 0xffffffffu),
               static_cast<unsigned long long>(hash >> 32));
    for (uint64_t bit : Probes(key, kTinyBits, 7)) out += Format(" %2d", static_cast<int>(bit));
    out += "\n";
  }
  out += "\nbyte  hex  bits set\n";
  for (size_t byte = 0; byte + 1 < filter.size(); ++byte) {
    out += Format("%4d  %02x  ", static_cast<int>(byte), static_cast<uint8_t>(filter[byte]));
    for (uint64_t bit = byte * 8; bit < byte * 8 + 8; ++bit) {
      if (BitSet(filter, bit)) out += Format(" %d", static_cast<int>(bit));
    }
    out += "\n";
  }
  out += Format("%4d  %02x   k = %d\n", static_cast<int>(filter.size() - 1),
                static_cast<uint8_t>(filter.back()), filter.back());
  out += "\nlookup     bits probed               answer\n";
  for (const std::string key : {"cherry", "blueberry", "apples"}) {
    const bool added = std::find(kTinyKeys.begin(), kTinyKeys.end(), key) != kTinyKeys.end();
    std::string probed, answer = added ? "maybe: present" : "maybe: a false positive";
    bool ruled_out = false;
    for (uint64_t bit : Probes(key, kTinyBits, 7)) {
      probed += Format(probed.empty() ? "%d" : " %d", static_cast<int>(bit));
      if (!ruled_out && !BitSet(filter, bit)) {
        ruled_out = true;
        answer = Format("certainly absent: bit %d is 0", static_cast<int>(bit));
      }
    }
    out += Format("%-10s %-25s %s\n", key.c_str(), probed.c_str(), answer.c_str());
  }
  return out;
}

TEST(BloomFormat, FilterOfTheTinyTableIsThatOfTheSpec) {
  EXPECT_EQ(Hex(TinyFilter()), "01 c5 4d 41 5c 31 13 94 07");
  EXPECT_EQ(testing::FencedBlockAfter(kSpecPath, "<!-- pinned: bloom filter of tiny.sst -->"),
            WorkedExample())
      << "docs/formats/sstable.md must show the worked example that the code computes";
}

TEST(BloomFormat, LookupsOfTheWorkedExample) {
  const BloomFilterPolicy policy;
  const std::string filter = TinyFilter();
  for (const std::string& key : kTinyKeys) EXPECT_TRUE(policy.KeyMayMatch(key, filter)) << key;
  EXPECT_FALSE(policy.KeyMayMatch("blueberry", filter));
  EXPECT_TRUE(policy.KeyMayMatch("apples", filter)) << "the spec's false positive";
}

// tiny.sst written with the bloom filter: the filter block sits after the data blocks and
// the meta-index names it "filter.bloom.v1".
TEST(BloomFormat, TinyTableWithFilterBytesAreThoseOfTheSpec) {
  testkit::TempDir dir;
  const std::string path = dir.Join("tiny.sst");
  EntryMap map = {{"apple", {EntryKind::kValue, "red"}},
                  {"apricot", {EntryKind::kValue, "orange"}},
                  {"banana", {EntryKind::kDeletion, ""}},
                  {"cherry", {EntryKind::kValue, "ripe"}}};
  TableOptions options;
  options.block_size = 48;
  options.block_restart_interval = 2;
  options.filter_policy = std::make_shared<BloomFilterPolicy>(10);
  ASSERT_OK(testing::WriteTable(path, map, options));
  const std::string bytes = testing::ReadFileBytes(path);
  EXPECT_EQ(Hex(std::string_view(bytes).substr(81, 9)), Hex(TinyFilter()))
      << "the filter block follows the two data blocks (54 + 27 bytes)";
  EXPECT_EQ(testing::FencedBlockAfter(kSpecPath,
                                      "<!-- pinned: hexdump of tiny.sst with a bloom filter -->"),
            testing::HexDump(bytes))
      << "docs/formats/sstable.md must show the hex dump that the code writes";

  Result<std::shared_ptr<Table>> table = testing::OpenTable(path, options);
  ASSERT_OK(table);
  EXPECT_TRUE((*table)->has_filter());
}

}  // namespace
}  // namespace stepdb
