// BloomHash64: the 64-bit hash of the bloom filter. It is part of the on-disk format.
//
// A filter stores bits chosen by the hash of each key, so a table written today must be
// read with the very same function tomorrow, on another machine, by another build. That
// rules out std::hash (it differs between standard libraries and may be seeded per run)
// and anything that depends on the host's byte order. This function is specified byte for
// byte in docs/formats/sstable.md ("The bloom filter block"), with test vectors that a unit
// test pins; any change to it needs a new filter policy name.
//
//   h := 0x3436626470657473 xor (len * K1)                      ("stepdb64", little-endian)
//   for each 8-byte word w of the key, little-endian; a last partial word zero-padded:
//       h := rotl64(h xor (w * K2), 31) * K1
//   h := fmix64(h)                                              (MurmurHash3's finalizer)
//
//   K1 = 0x9E3779B97F4A7C15  (2^64 divided by the golden ratio, odd)
//   K2 = 0xC2B2AE3D27D4EB4F  (a large odd constant, also used by xxHash64)
//   arithmetic is modulo 2^64
//
// Every step of the loop is a bijection of h for a fixed word, and of the word for a fixed
// h (odd multipliers, xor, rotation), and so is fmix64: two different keys of one word and
// of the same length never collide. fmix64 spreads every input bit over all 64 output bits,
// so the two 32-bit halves that the filter uses as its two hashes are nearly independent
// (the false-positive tests measure it).
//
// Fmix64, its last step, serves the block cache too (lru_block_cache.cc), to spread block
// keys over the cache's shards: one finalizer in the code base, pinned by the test vectors.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace stepdb {

uint64_t BloomHash64(std::string_view key);

// MurmurHash3's 64-bit finalizer (Austin Appleby, public domain): a bijection of 64-bit
// values in which every input bit flips each output bit with a probability near 1/2. Part
// of BloomHash64, so part of the on-disk format: never change it.
constexpr uint64_t Fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace stepdb
