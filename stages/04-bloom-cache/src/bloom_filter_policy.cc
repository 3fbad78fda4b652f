#include "bloom_filter_policy.h"

#include <algorithm>
#include <cmath>

#include "bloom_hash.h"

namespace stepdb {

int BloomFilterPolicy::ProbesFor(int bits_per_key) {
  const long k = std::lround(bits_per_key * std::log(2.0));
  return static_cast<int>(std::clamp(k, 1L, static_cast<long>(kMaxProbes)));
}

BloomFilterPolicy::BloomFilterPolicy(int bits_per_key)
    : bits_per_key_(std::max(bits_per_key, 1)), num_probes_(ProbesFor(bits_per_key_)) {}

std::unique_ptr<FilterBuilder> BloomFilterPolicy::NewBuilder() const {
  return std::make_unique<BloomFilterBuilder>(bits_per_key_, num_probes_);
}

void BloomFilterBuilder::AddKey(std::string_view key) { hashes_.push_back(BloomHash64(key)); }

std::string BloomFilterBuilder::Finish() {
  // BEGIN SOLUTION
  // STARTER: return std::string();
  size_t bits = hashes_.size() * static_cast<size_t>(bits_per_key_);
  bits = std::max(bits, BloomFilterPolicy::kMinBits);
  const size_t bytes = (bits + 7) / 8;
  bits = bytes * 8;

  // filter := bits:byte[m / 8] k:uint8
  std::string filter(bytes, '\0');
  for (uint64_t hash : hashes_) {
    const uint64_t h1 = hash & 0xffffffffu;
    const uint64_t h2 = hash >> 32;
    for (int i = 0; i < num_probes_; ++i) {
      const uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) % bits;
      filter[bit / 8] = static_cast<char>(filter[bit / 8] | (1 << (bit % 8)));
    }
  }
  filter.push_back(static_cast<char>(num_probes_));
  hashes_.clear();
  return filter;
  // END SOLUTION
}

bool BloomFilterPolicy::KeyMayMatch(std::string_view key, std::string_view filter) const {
  // BEGIN SOLUTION
  // STARTER: (void)key, (void)filter;
  // STARTER: return true;  // "maybe": never wrong, but it saves no block read
  if (filter.size() < 2) return true;  // not a filter this code wrote: never rule a key out
  const int k = static_cast<uint8_t>(filter.back());
  if (k < 1 || k > kMaxProbes) return true;  // reserved encodings
  const uint64_t bits = (filter.size() - 1) * 8;

  const uint64_t hash = BloomHash64(key);
  const uint64_t h1 = hash & 0xffffffffu;
  const uint64_t h2 = hash >> 32;
  for (int i = 0; i < k; ++i) {
    const uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) % bits;
    if ((static_cast<uint8_t>(filter[bit / 8]) & (1 << (bit % 8))) == 0) return false;
  }
  return true;
  // END SOLUTION
}

}  // namespace stepdb
