// The names of the files in a data directory.
//
//   000005.log    a write-ahead log; its number says which memtable it feeds
//   000007.sst    a sorted table
//   MANIFEST      the set of live tables (manifest.h)
//   *.tmp         a file being written; never read, removed at start-up
//
// Files are numbered from one counter (ManifestState::next_file_number), so a larger number
// is always a newer file: among tables that hold the same key, the newest one wins.
#pragma once

#include <cstdint>
#include <string>

namespace stepdb {

enum class FileKind { kLog, kTable, kManifest, kTemp, kOther };

std::string LogFileName(const std::string& dir, uint64_t number);
std::string TableFileName(const std::string& dir, uint64_t number);
std::string ManifestFileName(const std::string& dir);

// What a directory entry is; *number is set for logs and tables.
FileKind ParseFileName(const std::string& name, uint64_t* number);

}  // namespace stepdb
