// What the benchmark measures outside the engines: disk usage and bytes written by the process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace stepdb::bench {

// The space allocated to `dir` and everything under it, as `du -s --block-size=1` counts it
// (st_blocks * 512 per file and directory; an engine that preallocates its log files is
// charged for the preallocation). Files that vanish while it counts (an engine deleting
// compacted tables) are skipped; 0 if dir does not exist.
uint64_t DiskUsageBytes(const std::string& dir);

// The bytes this process has passed to write(2) and its relatives (pwrite, writev) so far, in
// all its threads: "wchar" in /proc/self/io. nullopt where that file does not exist (not
// Linux). It counts what an engine hands the kernel, whether or not it reaches the disk yet,
// and does not count writes through mmap (neither LevelDB nor RocksDB writes that way by
// default).
std::optional<uint64_t> ProcessWriteSyscallBytes();

}  // namespace stepdb::bench
