// Helpers shared by the stage 03 tests: write a table from an EntryMap, open it, read an
// iterator out into a list, damage a file's bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "entry_map_iterator.h"
#include "table.h"
#include "table_options.h"

namespace stepdb::testing {

struct Entry {
  std::string key;
  EntryKind kind = EntryKind::kValue;
  std::string value;

  bool operator==(const Entry&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Entry& entry);

// Every entry from the current position to the end. ADD_FAILURE()s on a non-ok status.
std::vector<Entry> Drain(Iterator& it);
// Every entry of the source, from the first.
std::vector<Entry> ReadAll(Iterator& it);
// The entries of a map, in order.
std::vector<Entry> ToEntries(const EntryMap& map);

// "key000042": fixed width, so numeric order is byte order.
std::string Key(int i);

// Writes map as a table at path (synced and closed).
Status WriteTable(const std::string& path, const EntryMap& map, const TableOptions& options = {});
Result<std::shared_ptr<Table>> OpenTable(const std::string& path, const TableOptions& options = {});

// The table of the worked example in docs/formats/sstable.md: apple=red, apricot=orange,
// banana deleted, cherry=ripe, written with block_size 48 and restart interval 2, so that it
// has two data blocks, a restart inside the first, and a shared prefix.
Status WriteTinyTable(const std::string& path);
// `hexdump -C` of bytes (repeated lines folded into "*").
std::string HexDump(std::string_view bytes);
// The body of the first ``` fence after the line `marker` in the file at path; empty if
// there is none.
std::string FencedBlockAfter(const std::string& path, std::string_view marker);

std::string ReadFileBytes(const std::string& path);
void WriteFileBytes(const std::string& path, std::string_view bytes);
// Adds 1 to the byte at offset.
void DamageByte(const std::string& path, uint64_t offset);

}  // namespace stepdb::testing
