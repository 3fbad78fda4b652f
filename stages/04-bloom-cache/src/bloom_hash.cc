#include "bloom_hash.h"

#include "common/coding.h"

namespace stepdb {
namespace {

constexpr uint64_t kSeed = 0x3436626470657473ull;  // the bytes "stepdb64", little-endian
constexpr uint64_t kMul1 = 0x9E3779B97F4A7C15ull;
constexpr uint64_t kMul2 = 0xC2B2AE3D27D4EB4Full;

constexpr uint64_t Rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

constexpr uint64_t Round(uint64_t h, uint64_t word) {
  return Rotl64(h ^ (word * kMul2), 31) * kMul1;
}

}  // namespace

uint64_t BloomHash64(std::string_view key) {
  uint64_t h = kSeed ^ (static_cast<uint64_t>(key.size()) * kMul1);
  size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) h = Round(h, DecodeFixed64(key.data() + i));
  if (i < key.size()) {
    uint64_t word = 0;  // the tail, little-endian, zero-padded
    for (size_t j = key.size(); j > i; --j) word = (word << 8) | static_cast<uint8_t>(key[j - 1]);
    h = Round(h, word);
  }
  return Fmix64(h);
}

}  // namespace stepdb
