// FormatBytes: a byte count for people to read, in binary units.
#pragma once

#include <cstdint>
#include <string>

namespace stepdb {

// "0 B", "512 B", "4 KiB", "3.50 MiB", "220.3 MiB", "1.24 GiB": whole numbers as such, values
// below 10 with two decimals, larger ones with one.
std::string FormatBytes(uint64_t bytes);

}  // namespace stepdb
