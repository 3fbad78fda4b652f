// CRC32C (Castagnoli polynomial 0x1EDC6F41, reflected 0x82F63B78), the checksum of every WAL
// record and table block. It is the CRC that iSCSI, ext4 and LevelDB use; x86 has an
// instruction for it (SSE4.2 crc32), which this portable table version does not need.
//
// Crc32c("123456789") == 0xE3069283 (the standard check value).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stepdb {

// The CRC32C of data[0, n) appended to a stream whose CRC so far is `crc`.
uint32_t Crc32cExtend(uint32_t crc, const char* data, size_t n);

inline uint32_t Crc32c(std::string_view data) { return Crc32cExtend(0, data.data(), data.size()); }

}  // namespace stepdb
