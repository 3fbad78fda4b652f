// The layout of a table file: block handles, block trailers, the footer
// (docs/formats/sstable.md is the full specification, with a worked example).
//
//   table       := data_block* filter_block? meta_index_block index_block footer
//   each block  := contents trailer
//   trailer     := type:uint8 crc:fixed32      crc = crc32c(contents || type)
//   handle      := offset:varint64 size:varint64      size excludes the trailer
//   footer      := meta_index:handle index:handle zero padding to 40 bytes
//                  version:fixed32 magic:fixed64      (52 bytes)
//
// The footer has a fixed size so that a reader finds it from the file size alone; it points
// at the index (last key of each data block -> that block's handle) and at the meta-index
// (block name -> handle: "filter.<policy name>" -> the filter block), which is how later
// stages add blocks without changing the format version.
//
// Every Corruption this layer reports names the file and the offset of the damaged block or
// of the footer, so an operator knows where to look (`stepdb-sst check FILE`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "block.h"
#include "common/result.h"
#include "common/status.h"
#include "file_system.h"

namespace stepdb {

// The last 8 bytes of every table; they read "stepdbST" in a hex dump. Never change.
inline constexpr uint64_t kTableMagicNumber = 0x5453626470657473ull;
// Bumped only by a change that an older reader would misread. Never reuse a value.
inline constexpr uint32_t kTableFormatVersion = 1;

// The first byte of a block trailer: how the contents are stored. Never change.
enum class BlockType : uint8_t {
  kRaw = 0,  // uncompressed
};
inline constexpr size_t kBlockTrailerSize = 5;

// Index and meta-index blocks restart at every entry: their keys share little, and a binary
// search over the restart array then lands on the entry itself.
inline constexpr int kIndexRestartInterval = 1;

// The meta-index key of the filter block is this prefix followed by FilterPolicy::Name().
inline constexpr std::string_view kFilterMetaPrefix = "filter.";

// Where a block lies in the file.
struct BlockHandle {
  static constexpr size_t kMaxEncodedLength = 10 + 10;  // two varint64

  uint64_t offset = 0;
  uint64_t size = 0;  // of the contents, without the trailer

  // handle := offset:varint64 size:varint64
  void EncodeTo(std::string* dst) const;
  // Decodes a handle from the front of *input and advances it; false if malformed.
  bool DecodeFrom(std::string_view* input);
};

struct Footer {
  static constexpr size_t kHandlesLength = 2 * BlockHandle::kMaxEncodedLength;
  static constexpr size_t kEncodedLength = kHandlesLength + 4 + 8;

  BlockHandle meta_index;
  BlockHandle index;
  uint32_t format_version = kTableFormatVersion;

  // Appends exactly kEncodedLength bytes.
  void EncodeTo(std::string* dst) const;
  // Decodes kEncodedLength bytes. Corruption (without file name) if the magic number is
  // wrong, the version unknown, or a handle malformed.
  static Result<Footer> DecodeFrom(std::string_view input);
};

// crc32c(contents || type), the checksum stored in a block trailer.
uint32_t BlockChecksum(std::string_view contents, BlockType type);

// Reads the block at handle and checks its trailer: the type must be kRaw and, if
// verify_checksum, the checksum must match (checking it reads every byte of the block). The
// contents are pinned (RandomAccessFile::ReadPinned), not copied: they stay valid after the
// file is closed. Corruption names file_name and handle.offset; IOError comes from the file.
Result<BlockContents> ReadBlock(const RandomAccessFile& file, std::string_view file_name,
                                const BlockHandle& handle, bool verify_checksum = true);

// Corruption (naming file_name and handle.offset) unless the block at handle, trailer
// included, lies before the footer of a table of file_size bytes. `what` names the block
// ("index block", "data block") in the message. Checked before reading, so that a damaged handle
// cannot make a reader allocate or read gigabytes.
Status CheckBlockHandle(const BlockHandle& handle, uint64_t file_size, std::string_view file_name,
                        std::string_view what);

// "table <file>: block at offset <offset>: <what>"
Status BlockCorruption(std::string_view file_name, uint64_t offset, std::string_view what);
// A Corruption status from block-level code (which knows neither file nor offset) reworded
// with BlockCorruption; any other status unchanged.
Status AnnotateBlockError(const Status& status, std::string_view file_name, uint64_t offset);

}  // namespace stepdb
