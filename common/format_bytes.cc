#include "common/format_bytes.h"

#include <cstdio>
#include <iterator>

namespace stepdb {

std::string FormatBytes(uint64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  // Whole numbers as such (the settings: "4 MiB"), small ones with two decimals.
  const char* format = value == static_cast<double>(static_cast<uint64_t>(value)) ? "%.0f %s"
                       : value < 10                                               ? "%.2f %s"
                                                                                  : "%.1f %s";
  char text[32];
  std::snprintf(text, sizeof text, format, value, kUnits[unit]);
  return text;
}

}  // namespace stepdb
