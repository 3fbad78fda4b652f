#include "bench/io_stats.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace stepdb::bench {

uint64_t DiskUsageBytes(const std::string& dir) {
  namespace fs = std::filesystem;
  auto allocated = [](const fs::path& path) -> uint64_t {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return 0;  // vanished since it was listed
    return static_cast<uint64_t>(st.st_blocks) * 512;
  };
  std::error_code error;
  if (!fs::is_directory(dir, error)) return 0;
  uint64_t total = allocated(dir);
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    total += allocated(it->path());
  }
  return total;
}

std::optional<uint64_t> ProcessWriteSyscallBytes() {
  std::ifstream in("/proc/self/io");
  std::string field;
  uint64_t number = 0;
  while (in >> field >> number) {
    if (field == "wchar:") return number;
  }
  return std::nullopt;
}

}  // namespace stepdb::bench
