#include "table_test_util.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "common/testkit/escape.h"
#include "common/testkit/status_matchers.h"
#include "table_builder.h"

namespace stepdb::testing {

std::ostream& operator<<(std::ostream& out, const Entry& entry) {
  out << "{\"" << testkit::Escape(entry.key) << "\" " << EntryKindName(entry.kind);
  if (entry.kind == EntryKind::kValue) out << " \"" << testkit::Escape(entry.value) << "\"";
  return out << "}";
}

std::vector<Entry> Drain(Iterator& it) {
  std::vector<Entry> out;
  for (; it.Valid(); it.Next()) {
    out.push_back({std::string(it.key()), it.kind(), std::string(it.value())});
  }
  EXPECT_OK(it.status());
  return out;
}

std::vector<Entry> ReadAll(Iterator& it) {
  it.SeekToFirst();
  return Drain(it);
}

std::vector<Entry> ToEntries(const EntryMap& map) {
  std::vector<Entry> out;
  for (const auto& [key, entry] : map) out.push_back({key, entry.kind, entry.value});
  return out;
}

std::string Key(int i) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "key%06d", i);
  return buffer;
}

Status WriteTable(const std::string& path, const EntryMap& map, const TableOptions& options) {
  STEPDB_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file,
                          DefaultFileSystem()->NewWritableFile(path));
  TableBuilder builder(options, file.get());
  for (const auto& [key, entry] : map) {
    STEPDB_RETURN_IF_ERROR(builder.Add(key, entry.kind, entry.value));
  }
  STEPDB_RETURN_IF_ERROR(builder.Finish());
  STEPDB_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

Result<std::shared_ptr<Table>> OpenTable(const std::string& path, const TableOptions& options) {
  FileSystem* fs = DefaultFileSystem();
  STEPDB_ASSIGN_OR_RETURN(uint64_t size, fs->GetFileSize(path));
  STEPDB_ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, fs->NewRandomAccessFile(path));
  return Table::Open(std::move(file), size, path, options);
}

Status WriteTinyTable(const std::string& path) {
  EntryMap map = {{"apple", {EntryKind::kValue, "red"}},
                  {"apricot", {EntryKind::kValue, "orange"}},
                  {"banana", {EntryKind::kDeletion, ""}},
                  {"cherry", {EntryKind::kValue, "ripe"}}};
  TableOptions options;
  options.block_size = 48;
  options.block_restart_interval = 2;
  return WriteTable(path, map, options);
}

std::string HexDump(std::string_view bytes) {
  std::string out;
  char line[100];
  std::string_view previous;
  bool folded = false;
  for (size_t offset = 0; offset < bytes.size(); offset += 16) {
    std::string_view row = bytes.substr(offset, 16);
    if (row.size() == 16 && row == previous) {
      if (!folded) out += "*\n";
      folded = true;
      continue;
    }
    folded = false;
    previous = row;
    int n = std::snprintf(line, sizeof(line), "%08zx ", offset);
    out.append(line, static_cast<size_t>(n));
    for (size_t i = 0; i < 16; ++i) {
      if (i == 8) out += ' ';
      if (i < row.size()) {
        n = std::snprintf(line, sizeof(line), " %02x", static_cast<unsigned char>(row[i]));
        out.append(line, static_cast<size_t>(n));
      } else {
        out += "   ";
      }
    }
    out += "  |";
    for (char c : row) out += (c >= 0x20 && c < 0x7f) ? c : '.';
    out += "|\n";
  }
  char end[16];
  std::snprintf(end, sizeof(end), "%08zx\n", bytes.size());
  return out + end;
}

std::string FencedBlockAfter(const std::string& path, std::string_view marker) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line) && line != marker) {
  }
  while (std::getline(in, line) && line.rfind("```", 0) != 0) {
  }
  std::string body;
  while (std::getline(in, line) && line.rfind("```", 0) != 0) body += line + "\n";
  return body;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFileBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void DamageByte(const std::string& path, uint64_t offset) {
  std::string bytes = ReadFileBytes(path);
  ASSERT_LT(offset, bytes.size());
  bytes[offset] = static_cast<char>(bytes[offset] + 1);
  WriteFileBytes(path, bytes);
}

}  // namespace stepdb::testing
