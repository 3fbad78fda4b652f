// BloomFilterPolicy: stage 04's FilterPolicy, one bloom filter per table.
//
// A bloom filter (Bloom, 1970) is an array of m bits and k bit positions per key. Adding a
// key sets its k bits; a lookup answers "certainly absent" iff one of the key's k bits is
// still 0. It never forgets a key that was added (no false negatives), and it answers
// "maybe" for an absent key with probability about
//
//   p = (1 - e^(-k n / m))^k        for n keys in m bits
//
// which is smallest for k = (m / n) ln 2. With b = m / n bits per key that is k = b ln 2
// and p ~ 0.6185^b: 10 bits per key (k = 7) give about 0.82%, 1.25 bytes per key for
// skipping more than 99% of the block reads of lookups that miss.
//
// The k positions come from one 64-bit hash (bloom_hash.h) split into two 32-bit halves h1
// and h2, combined as Kirsch and Mitzenmacher show loses nothing asymptotically ("Less
// Hashing, Same Performance: Building a Better Bloom Filter", ESA 2006):
//
//   bit_i = (h1 + i * h2) mod m        for i = 0 .. k-1
//
// So a key is hashed once, not k times; the filter builder keeps only the hashes.
//
// The filter's bytes (docs/formats/sstable.md, "The bloom filter block"):
//
//   filter := bits:byte[m / 8] k:uint8        bit j is (bits[j / 8] >> (j % 8)) & 1
//
// m is a multiple of 8 of at least 64, and k sits in the filter, so a reader needs neither
// the writer's bits per key nor its key count: tables written with any bits per key are read
// by any BloomFilterPolicy. A filter a reader cannot interpret (shorter than 2 bytes, k
// outside 1..30) answers "maybe" for every key, which is slow but never wrong.
//
// Thread safety: the policy is immutable and may be shared by every thread; a builder
// belongs to one table builder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "filter_policy.h"

namespace stepdb {

class BloomFilterPolicy final : public FilterPolicy {
 public:
  static constexpr int kDefaultBitsPerKey = 10;
  // k never goes above this; a stored k above it is reserved for other encodings.
  static constexpr int kMaxProbes = 30;
  // The smallest filter, so that a table of a few keys does not get a uselessly tiny one.
  static constexpr size_t kMinBits = 64;

  // REQUIRES: bits_per_key >= 1
  explicit BloomFilterPolicy(int bits_per_key = kDefaultBitsPerKey);

  // "bloom.v1": the meta-index names the filter block "filter.bloom.v1". It names the byte
  // format and the hash, not the bits per key. Never change it for this format.
  std::string_view Name() const override { return "bloom.v1"; }
  std::unique_ptr<FilterBuilder> NewBuilder() const override;
  bool KeyMayMatch(std::string_view key, std::string_view filter) const override;

  int bits_per_key() const { return bits_per_key_; }
  // k = round(bits_per_key * ln 2), clamped to [1, kMaxProbes].
  int num_probes() const { return num_probes_; }

  // k for a given number of bits per key (the rule above).
  static int ProbesFor(int bits_per_key);

 private:
  const int bits_per_key_;
  const int num_probes_;
};

// The builder BloomFilterPolicy::NewBuilder returns, public so that tests can build a filter
// without a table.
class BloomFilterBuilder final : public FilterBuilder {
 public:
  // REQUIRES: bits_per_key >= 1, 1 <= num_probes <= BloomFilterPolicy::kMaxProbes
  BloomFilterBuilder(int bits_per_key, int num_probes)
      : bits_per_key_(bits_per_key), num_probes_(num_probes) {}

  void AddKey(std::string_view key) override;
  // m = max(64, n * bits_per_key) rounded up to a multiple of 8; every key's k bits set;
  // then the byte k.
  std::string Finish() override;

 private:
  const int bits_per_key_;
  const int num_probes_;
  std::vector<uint64_t> hashes_;  // BloomHash64 of every key added
};

}  // namespace stepdb
