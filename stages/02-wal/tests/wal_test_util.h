// Small helpers shared by the stage 02 tests: hex dumps and reading a whole log.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "file_system.h"
#include "wal_reader.h"

namespace stepdb {

// "0c 00 00 00 01 ..." : one space between bytes, lower-case hex.
inline std::string Hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", c);
    if (!out.empty()) out += ' ';
    out += buf;
  }
  return out;
}

// The inverse of Hex; whitespace between bytes is ignored.
inline std::string Unhex(std::string_view hex) {
  std::string out;
  int pending = -1;
  for (char c : hex) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (digit < 0) continue;
    if (pending < 0) {
      pending = digit;
    } else {
      out.push_back(static_cast<char>(pending * 16 + digit));
      pending = -1;
    }
  }
  return out;
}

struct ReadLog {
  std::vector<std::pair<WalRecordType, std::string>> records;
  std::vector<uint64_t> offsets;  // where each record starts
  WalReader::Outcome end = WalReader::Outcome::kCleanEnd;
  Status status;  // a read error or Corruption
  uint64_t end_offset = 0;
};

// Reads every record of the log at path with a WalReader.
inline ReadLog ReadWholeLog(FileSystem& fs, const std::string& path) {
  ReadLog log;
  auto file = fs.NewSequentialFile(path);
  if (!file.ok()) {
    log.status = file.status();
    return log;
  }
  WalReader reader(std::move(file).value(), path);
  for (int guard = 0; guard < 1000000; ++guard) {
    WalRecordType type;
    std::string payload;
    Result<WalReader::Outcome> outcome = reader.ReadRecord(&type, &payload);
    if (!outcome.ok()) {
      log.status = outcome.status();
      break;
    }
    if (*outcome != WalReader::Outcome::kRecord) {
      log.end = *outcome;
      break;
    }
    log.records.emplace_back(type, std::move(payload));
    log.offsets.push_back(reader.record_offset());
  }
  log.end_offset = reader.end_offset();
  return log;
}

}  // namespace stepdb
