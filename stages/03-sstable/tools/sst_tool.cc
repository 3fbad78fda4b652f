// stepdb-sst: prints and checks a table file, for readers learning the format and for
// operators chasing a corruption.
//
//   stepdb-sst dump FILE    the footer, the meta-index, the index and every data block with
//                           its checksum, restart points and entries (keys escaped, values
//                           cut to --max-value bytes)
//   stepdb-sst keys FILE    one line per entry in key order: the escaped key, followed by
//                           " (deletion)" for a tombstone
//   stepdb-sst check FILE   verifies every checksum, every entry and the key order, and
//                           names each damaged block
//
// Exit status: 0 the table is intact; 1 it cannot be read or a block is damaged; 2 usage.
//
// The tool walks the file with the format-level pieces (Footer, ReadBlock, Block) rather
// than through Table, so that it can show every byte-level field and keep going past a
// damaged block.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "block.h"
#include "common/coding.h"
#include "common/escape_bytes.h"
#include "file_system.h"
#include "table.h"
#include "table_format.h"

namespace stepdb {
namespace {

std::string Quoted(std::string_view bytes, size_t max_bytes) {
  if (bytes.size() <= max_bytes) return "\"" + EscapeBytes(bytes) + "\"";
  return "\"" + EscapeBytes(bytes.substr(0, max_bytes)) + "\"... (" + std::to_string(bytes.size()) +
         " bytes)";
}

std::string Hex32(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "0x%08x", value);
  return buffer;
}

struct TableFile {
  std::string path;
  uint64_t size = 0;
  std::unique_ptr<RandomAccessFile> file;
  Footer footer;
};

// Opens path and decodes its footer; on failure prints why.
bool OpenTableFile(const std::string& path, TableFile* table) {
  FileSystem* fs = DefaultFileSystem();
  Result<uint64_t> size = fs->GetFileSize(path);
  Result<std::unique_ptr<RandomAccessFile>> file =
      size.ok() ? fs->NewRandomAccessFile(path)
                : Result<std::unique_ptr<RandomAccessFile>>(size.status());
  if (!file.ok()) {
    std::cerr << "stepdb-sst: " << file.status().ToString() << "\n";
    return false;
  }
  table->path = path;
  table->size = *size;
  table->file = std::move(file).value();
  if (table->size < Footer::kEncodedLength) {
    std::cerr << "stepdb-sst: table " << path << ": file of " << table->size
              << " bytes is shorter than the " << Footer::kEncodedLength << "-byte footer\n";
    return false;
  }
  const uint64_t offset = table->size - Footer::kEncodedLength;
  char buffer[Footer::kEncodedLength];
  std::string_view read;
  Status status = table->file->Read(offset, sizeof(buffer), &read, buffer);
  Result<Footer> footer = status.ok() ? Footer::DecodeFrom(read) : Result<Footer>(status);
  if (!footer.ok()) {
    std::cerr << "stepdb-sst: table " << path << ": footer at offset " << offset << ": "
              << footer.status().message() << "\n";
    return false;
  }
  table->footer = *footer;
  return true;
}

// Walks every block of a table, printing what `dump` shows (if verbose) and every problem
// (always). The walk goes on after a damaged block, so `check` names all of them.
class Inspector {
 public:
  Inspector(const TableFile& table, bool verbose, size_t max_value)
      : table_(table), verbose_(verbose), max_value_(max_value) {}

  // Returns the number of problems found.
  int Run() {
    const Footer& footer = table_.footer;
    if (verbose_) {
      const uint64_t footer_offset = table_.size - Footer::kEncodedLength;
      std::cout << "table " << table_.path << ": " << table_.size << " bytes\n\n"
                << "footer at offset " << footer_offset << " (" << Footer::kEncodedLength
                << " bytes)\n"
                << "  meta-index handle  offset " << footer.meta_index.offset << ", size "
                << footer.meta_index.size << "\n"
                << "  index handle       offset " << footer.index.offset << ", size "
                << footer.index.size << "\n"
                << "  format version     " << footer.format_version << "\n"
                << "  magic              \"stepdbST\" (ok)\n";
    }
    InspectMetaIndex();
    InspectIndexAndData();
    if (verbose_) std::cout << "\n";
    if (problems_ == 0) {
      std::cout << "ok: " << data_blocks_ << " data blocks, " << entries_
                << " entries, every checksum matches\n";
    } else {
      std::cout << "FAILED: " << problems_ << " problem(s) in " << table_.path << "\n";
    }
    return problems_;
  }

 private:
  void Problem(const Status& status) {
    ++problems_;
    std::cout << "corrupt: " << status.message() << "\n";
  }

  // Reads the block at handle and prints its header line; null (problem reported) if the
  // block is damaged. Filter blocks are raw bytes: pass parse = false.
  std::shared_ptr<const Block> LoadBlock(const std::string& title, const BlockHandle& handle,
                                         bool parse) {
    if (Status s = CheckBlockHandle(handle, table_.size, table_.path, title); !s.ok()) {
      Problem(s);
      return nullptr;
    }
    if (verbose_) {
      std::cout << "\n"
                << title << " at offset " << handle.offset << ": " << handle.size << " bytes + "
                << kBlockTrailerSize << "-byte trailer";
      char trailer[kBlockTrailerSize];
      std::string_view read;
      if (table_.file->Read(handle.offset + handle.size, kBlockTrailerSize, &read, trailer).ok() &&
          read.size() == kBlockTrailerSize) {
        const auto type = static_cast<uint8_t>(read[0]);
        std::cout << ", type " << static_cast<int>(type)
                  << (type == static_cast<uint8_t>(BlockType::kRaw) ? " (raw)" : " (unknown)")
                  << ", crc32c " << Hex32(DecodeFixed32(read.data() + 1));
      }
    }
    Result<BlockContents> contents = ReadBlock(*table_.file, table_.path, handle);
    if (!contents.ok()) {
      if (verbose_) std::cout << "\n";
      Problem(contents.status());
      return nullptr;
    }
    if (verbose_) std::cout << " (ok)\n";
    if (!parse) return nullptr;
    Result<std::shared_ptr<const Block>> block = Block::Parse(std::move(contents).value());
    if (!block.ok()) {
      Problem(AnnotateBlockError(block.status(), table_.path, handle.offset));
      return nullptr;
    }
    if (verbose_) {
      std::cout << "  restart points (" << (*block)->num_restarts() << "):";
      for (uint32_t i = 0; i < (*block)->num_restarts(); ++i) {
        std::cout << " @" << (*block)->restart_point(i);
      }
      std::cout << "\n";
    }
    return *block;
  }

  void InspectMetaIndex() {
    std::shared_ptr<const Block> meta =
        LoadBlock("meta-index block", table_.footer.meta_index, true);
    if (meta == nullptr) return;
    BlockIterator it(meta.get());
    std::vector<std::pair<std::string, BlockHandle>> blocks;
    for (it.SeekToFirst(); it.Valid(); it.Next()) {
      BlockHandle handle;
      std::string_view encoded = it.value();
      if (!handle.DecodeFrom(&encoded)) {
        Problem(BlockCorruption(table_.path, table_.footer.meta_index.offset,
                                "malformed handle for " + Quoted(it.key(), SIZE_MAX)));
        continue;
      }
      if (verbose_) {
        std::cout << "  " << Quoted(it.key(), SIZE_MAX) << " -> offset " << handle.offset
                  << ", size " << handle.size << "\n";
      }
      blocks.emplace_back(std::string(it.key()), handle);
    }
    if (!it.status().ok()) {
      Problem(AnnotateBlockError(it.status(), table_.path, table_.footer.meta_index.offset));
    }
    if (verbose_ && blocks.empty() && it.status().ok()) std::cout << "  (no entries)\n";
    for (const auto& [name, handle] : blocks) {
      LoadBlock("meta block " + Quoted(name, SIZE_MAX), handle, false);
    }
  }

  void InspectIndexAndData() {
    std::shared_ptr<const Block> index = LoadBlock("index block", table_.footer.index, true);
    if (index == nullptr) return;
    std::vector<std::pair<std::string, BlockHandle>> blocks;
    BlockIterator it(index.get());
    for (it.SeekToFirst(); it.Valid(); it.Next()) {
      BlockHandle handle;
      std::string_view encoded = it.value();
      if (!handle.DecodeFrom(&encoded)) {
        Problem(BlockCorruption(table_.path, table_.footer.index.offset,
                                "malformed block handle at byte " +
                                    std::to_string(it.entry_offset()) + " of the index"));
        continue;
      }
      if (verbose_) {
        std::cout << "  block " << blocks.size() << "  last key " << Quoted(it.key(), SIZE_MAX)
                  << "  offset " << handle.offset << ", size " << handle.size << "\n";
      }
      blocks.emplace_back(std::string(it.key()), handle);
    }
    if (!it.status().ok()) {
      Problem(AnnotateBlockError(it.status(), table_.path, table_.footer.index.offset));
    }
    for (size_t i = 0; i < blocks.size(); ++i)
      InspectDataBlock(i, blocks[i].first, blocks[i].second);
  }

  // Checks, besides each entry, the rules that tie blocks together: keys increase across
  // the table, and the index key of a block is >= its last key and < the next block's
  // first key (version 1 writers store the last key itself).
  void InspectDataBlock(size_t number, std::string_view index_key, const BlockHandle& handle) {
    ++data_blocks_;
    std::shared_ptr<const Block> block =
        LoadBlock("data block " + std::to_string(number), handle, true);
    if (block == nullptr) return;
    BlockIterator it(block.get());
    uint32_t next_restart = 0;
    bool first = true;
    for (it.SeekToFirst(); it.Valid(); it.Next()) {
      ++entries_;
      if (first && number > 0 && it.key() <= std::string_view(previous_index_key_)) {
        Problem(BlockCorruption(table_.path, handle.offset,
                                "first key " + Quoted(it.key(), SIZE_MAX) +
                                    " does not sort after the previous block's index key " +
                                    Quoted(previous_index_key_, SIZE_MAX)));
      } else if (have_previous_ && it.key() <= std::string_view(previous_key_)) {
        Problem(BlockCorruption(table_.path, handle.offset,
                                "key " + Quoted(it.key(), SIZE_MAX) + " at byte " +
                                    std::to_string(it.entry_offset()) +
                                    " does not sort after the previous key"));
      }
      first = false;
      previous_key_.assign(it.key());
      have_previous_ = true;
      if (verbose_) PrintEntry(*block, it, &next_restart);
    }
    if (!it.status().ok()) {
      Problem(AnnotateBlockError(it.status(), table_.path, handle.offset));
    } else if (!first && std::string_view(previous_key_) > index_key) {
      Problem(BlockCorruption(table_.path, handle.offset,
                              "last key " + Quoted(previous_key_, SIZE_MAX) +
                                  " sorts after the index key " + Quoted(index_key, SIZE_MAX)));
    }
    previous_index_key_.assign(index_key);
  }

  void PrintEntry(const Block& block, const BlockIterator& it, uint32_t* next_restart) {
    const uint32_t offset = it.entry_offset();
    const bool restart =
        *next_restart < block.num_restarts() && block.restart_point(*next_restart) == offset;
    if (restart) ++*next_restart;
    // The iterator has validated this header already.
    std::string_view header = block.contents().substr(offset);
    uint32_t shared = 0, unshared = 0;
    if (!GetVarint32(&header, &shared) || !GetVarint32(&header, &unshared)) return;
    char prefix[64];
    std::snprintf(prefix, sizeof(prefix), "  @%-5u %s shared %-3u unshared %-3u ", offset,
                  restart ? "R" : " ", shared, unshared);
    std::cout << prefix;
    if (it.kind() == EntryKind::kValue) {
      std::cout << "value    " << Quoted(it.key(), SIZE_MAX) << " = "
                << Quoted(it.value(), max_value_) << "\n";
    } else {
      std::cout << "deletion " << Quoted(it.key(), SIZE_MAX) << "\n";
    }
  }

  const TableFile& table_;
  const bool verbose_;
  const size_t max_value_;
  int problems_ = 0;
  size_t data_blocks_ = 0;
  size_t entries_ = 0;
  std::string previous_key_;  // the last key seen, in any block
  bool have_previous_ = false;
  std::string previous_index_key_;
};

int Inspect(const std::string& path, bool verbose, size_t max_value) {
  TableFile table;
  if (!OpenTableFile(path, &table)) return 1;
  return Inspector(table, verbose, max_value).Run() == 0 ? 0 : 1;
}

int ListKeys(const std::string& path) {
  FileSystem* fs = DefaultFileSystem();
  Result<uint64_t> size = fs->GetFileSize(path);
  if (!size.ok()) {
    std::cerr << "stepdb-sst: " << size.status().ToString() << "\n";
    return 1;
  }
  Result<std::unique_ptr<RandomAccessFile>> file = fs->NewRandomAccessFile(path);
  if (!file.ok()) {
    std::cerr << "stepdb-sst: " << file.status().ToString() << "\n";
    return 1;
  }
  Result<std::shared_ptr<Table>> table =
      Table::Open(std::move(file).value(), *size, path, TableOptions());
  if (!table.ok()) {
    std::cerr << "stepdb-sst: " << table.status().ToString() << "\n";
    return 1;
  }
  std::unique_ptr<Iterator> it = (*table)->NewIterator(TableReadOptions{.fill_cache = false});
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::cout << EscapeBytes(it->key())
              << (it->kind() == EntryKind::kDeletion ? " (deletion)\n" : "\n");
  }
  if (!it->status().ok()) {
    std::cerr << "stepdb-sst: " << it->status().ToString() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace stepdb

int main(int argc, char** argv) {
  CLI::App app{"stepdb-sst: prints and checks a StepDB table file (docs/formats/sstable.md)."};
  app.footer(
      "Exit status: 0 the table is intact, 1 it cannot be read or a block is damaged, "
      "2 bad usage.");
  app.require_subcommand(1);
  std::string path;
  size_t max_value = 32;

  CLI::App* dump = app.add_subcommand(
      "dump", "Print the footer, the index and every block: restarts, entries, checksums");
  dump->add_option("FILE", path, "The table file")->required();
  dump->add_option("--max-value", max_value, "Print at most this many bytes of a value")
      ->capture_default_str();
  CLI::App* keys = app.add_subcommand("keys", "Print every key in order (tombstones marked)");
  keys->add_option("FILE", path, "The table file")->required();
  CLI::App* check =
      app.add_subcommand("check", "Verify every checksum and entry; name each damaged block");
  check->add_option("FILE", path, "The table file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  if (*keys) return stepdb::ListKeys(path);
  return stepdb::Inspect(path, /*verbose=*/dump->parsed(), max_value);
}
