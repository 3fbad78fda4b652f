#include "common/crc32c.h"

#include <array>
#include <cstring>

namespace stepdb {
namespace {

// Slicing-by-8 (Intel, Kounavis & Berry 2005): eight 256-entry tables let the loop consume
// eight bytes per step instead of one, about 4x faster than the byte-at-a-time table.
constexpr uint32_t kPolynomial = 0x82F63B78;

constexpr std::array<std::array<uint32_t, 256>, 8> MakeTables() {
  std::array<std::array<uint32_t, 256>, 8> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? kPolynomial : 0);
    t[0][i] = crc;
  }
  for (uint32_t i = 0; i < 256; ++i) {
    for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
  }
  return t;
}

constexpr auto kTables = MakeTables();

#if defined(__x86_64__)
// SSE4.2's crc32 instruction computes CRC32C eight bytes at a time. It takes three cycles but
// can start one per cycle, so a single stream of data waits on itself; three streams over
// three stripes of the buffer keep the unit busy (Intel's "Fast CRC computation for iSCSI
// polynomial using CRC32 instruction", 2011). The stripes' CRCs are then combined:
//
//   crc(A B C) = shift(shift(crc(A)) ^ crc'(B)) ^ crc'(C)
//
// where crc' starts from 0 and shift(x) is the register x after one stripe of zero bytes, a
// linear map of x, applied through four 256-entry tables (one per byte of x).
__attribute__((target("sse4.2"))) uint32_t RawCrcOfZeros(uint32_t crc, size_t n) {
  uint64_t c = crc;
  for (; n >= 8; n -= 8) c = __builtin_ia32_crc32di(c, 0);
  auto c32 = static_cast<uint32_t>(c);
  for (; n > 0; --n) c32 = __builtin_ia32_crc32qi(c32, 0);
  return c32;
}

// shift() for stripes of kStripe bytes.
template <size_t kStripe>
class ZeroShift {
 public:
  ZeroShift() {
    for (int k = 0; k < 4; ++k) {
      for (uint32_t b = 0; b < 256; ++b) table_[k][b] = RawCrcOfZeros(b << (8 * k), kStripe);
    }
  }
  uint32_t operator()(uint32_t x) const {
    return table_[0][x & 0xff] ^ table_[1][(x >> 8) & 0xff] ^ table_[2][(x >> 16) & 0xff] ^
           table_[3][x >> 24];
  }

 private:
  std::array<std::array<uint32_t, 256>, 4> table_;
};

__attribute__((target("sse4.2"))) uint64_t Word(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}

// Consumes as many blocks of three kStripe-byte stripes as fit. `c` is the raw register.
template <size_t kStripe>
__attribute__((target("sse4.2"))) uint32_t ThreeStripes(uint32_t c, const char** data, size_t* n) {
  static const ZeroShift<kStripe> shift;
  while (*n >= 3 * kStripe) {
    const char* p = *data;
    uint64_t c0 = c, c1 = 0, c2 = 0;
    for (size_t i = 0; i < kStripe; i += 8) {
      c0 = __builtin_ia32_crc32di(c0, Word(p + i));
      c1 = __builtin_ia32_crc32di(c1, Word(p + kStripe + i));
      c2 = __builtin_ia32_crc32di(c2, Word(p + 2 * kStripe + i));
    }
    c = shift(shift(static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c1)) ^
        static_cast<uint32_t>(c2);
    *data += 3 * kStripe;
    *n -= 3 * kStripe;
  }
  return c;
}

__attribute__((target("sse4.2"))) uint32_t HardwareCrc32cExtend(uint32_t crc, const char* data,
                                                                size_t n) {
  uint32_t c = ~crc;
  c = ThreeStripes<1024>(c, &data, &n);
  c = ThreeStripes<128>(c, &data, &n);
  uint64_t c64 = c;
  for (; n >= 8; n -= 8, data += 8) c64 = __builtin_ia32_crc32di(c64, Word(data));
  c = static_cast<uint32_t>(c64);
  for (; n > 0; --n) c = __builtin_ia32_crc32qi(c, static_cast<unsigned char>(*data++));
  return ~c;
}

const bool kHasHardwareCrc = __builtin_cpu_supports("sse4.2");
#endif

}  // namespace

uint32_t Crc32cExtend(uint32_t crc, const char* data, size_t n) {
#if defined(__x86_64__)
  if (kHasHardwareCrc) return HardwareCrc32cExtend(crc, data, n);
#endif
  return PortableCrc32cExtend(crc, data, n);
}

uint32_t PortableCrc32cExtend(uint32_t crc, const char* data, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  uint32_t c = ~crc;
  while (n >= 8) {
    const uint32_t lo =
        c ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
    c = kTables[7][lo & 0xff] ^ kTables[6][(lo >> 8) & 0xff] ^ kTables[5][(lo >> 16) & 0xff] ^
        kTables[4][lo >> 24] ^ kTables[3][p[4]] ^ kTables[2][p[5]] ^ kTables[1][p[6]] ^
        kTables[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) c = (c >> 8) ^ kTables[0][(c ^ *p++) & 0xff];
  return ~c;
}

}  // namespace stepdb
