// CRC32C (Castagnoli polynomial 0x1EDC6F41, reflected 0x82F63B78), the checksum of every WAL
// record and table block. It is the CRC that iSCSI, ext4 and LevelDB use. On x86-64 CPUs with
// SSE4.2 it is computed by the crc32 instruction; elsewhere by a portable table method
// (slicing-by-8), which gives the same values.
//
// Crc32c("123456789") == 0xE3069283 (the standard check value).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stepdb {

// The CRC32C of data[0, n) appended to a stream whose CRC so far is `crc`.
uint32_t Crc32cExtend(uint32_t crc, const char* data, size_t n);
// The same, always by the portable table method (tests compare the two).
uint32_t PortableCrc32cExtend(uint32_t crc, const char* data, size_t n);

inline uint32_t Crc32c(std::string_view data) { return Crc32cExtend(0, data.data(), data.size()); }

}  // namespace stepdb
