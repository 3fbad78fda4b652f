#include "table_format.h"

#include <cstdio>

#include "common/coding.h"
#include "common/crc32c.h"

namespace stepdb {
namespace {

std::string Hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof(buffer), "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

void BlockHandle::EncodeTo(std::string* dst) const {
  // handle := offset:varint64 size:varint64
  PutVarint64(dst, offset);
  PutVarint64(dst, size);
}

bool BlockHandle::DecodeFrom(std::string_view* input) {
  return GetVarint64(input, &offset) && GetVarint64(input, &size);
}

void Footer::EncodeTo(std::string* dst) const {
  // footer := meta_index:handle index:handle zero padding to 40 bytes
  //           version:fixed32 magic:fixed64
  const size_t start = dst->size();
  meta_index.EncodeTo(dst);
  index.EncodeTo(dst);
  dst->resize(start + kHandlesLength, '\0');
  PutFixed32(dst, format_version);
  PutFixed64(dst, kTableMagicNumber);
}

Result<Footer> Footer::DecodeFrom(std::string_view input) {
  if (input.size() != kEncodedLength) {
    return Status::Corruption("footer is " + std::to_string(input.size()) + " bytes, not " +
                              std::to_string(kEncodedLength));
  }
  // The magic first: a file that is not a table at all should say so, not "bad version".
  const uint64_t magic = DecodeFixed64(input.data() + kHandlesLength + 4);
  if (magic != kTableMagicNumber) {
    return Status::Corruption("bad magic number " + Hex(magic) + " (not a table file?)");
  }
  Footer footer;
  footer.format_version = DecodeFixed32(input.data() + kHandlesLength);
  if (footer.format_version != kTableFormatVersion) {
    return Status::Corruption("unsupported format version " +
                              std::to_string(footer.format_version));
  }
  std::string_view handles = input.substr(0, kHandlesLength);
  if (!footer.meta_index.DecodeFrom(&handles) || !footer.index.DecodeFrom(&handles)) {
    return Status::Corruption("malformed block handle");
  }
  return footer;
}

uint32_t BlockChecksum(std::string_view contents, BlockType type) {
  const char type_byte = static_cast<char>(type);
  return Crc32cExtend(Crc32c(contents), &type_byte, 1);
}

Status BlockCorruption(std::string_view file_name, uint64_t offset, std::string_view what) {
  std::string message = "table ";
  message.append(file_name);
  message += ": block at offset " + std::to_string(offset) + ": ";
  message.append(what);
  return Status::Corruption(std::move(message));
}

Status CheckBlockHandle(const BlockHandle& handle, uint64_t file_size, std::string_view file_name,
                        std::string_view what) {
  const uint64_t end_of_blocks =
      file_size < Footer::kEncodedLength ? 0 : file_size - Footer::kEncodedLength;
  if (handle.offset > end_of_blocks || handle.size > end_of_blocks - handle.offset ||
      kBlockTrailerSize > end_of_blocks - handle.offset - handle.size) {
    return BlockCorruption(file_name, handle.offset,
                           std::string(what) + " of " + std::to_string(handle.size) +
                               " bytes would end past the last block (offset " +
                               std::to_string(end_of_blocks) + ")");
  }
  return Status::Ok();
}

Status AnnotateBlockError(const Status& status, std::string_view file_name, uint64_t offset) {
  if (!status.IsCorruption()) return status;
  return BlockCorruption(file_name, offset, status.message());
}

Result<BlockContents> ReadBlock(const RandomAccessFile& file, std::string_view file_name,
                                const BlockHandle& handle, bool verify_checksum) {
  if (handle.size > (uint64_t{1} << 32)) {
    return BlockCorruption(file_name, handle.offset,
                           "block size " + std::to_string(handle.size) + " exceeds 4 GiB");
  }
  const size_t n = static_cast<size_t>(handle.size);
  // One read for contents and trailer, pinned: in a mapped file the block is viewed in place,
  // not copied. The trailer's bytes stay behind the contents, unused.
  std::string_view read;
  std::shared_ptr<const void> pin;
  STEPDB_RETURN_IF_ERROR(file.ReadPinned(handle.offset, n + kBlockTrailerSize, &read, &pin));
  if (read.size() != n + kBlockTrailerSize) {
    return BlockCorruption(file_name, handle.offset, "truncated block (file too short)");
  }
  BlockContents block{read.substr(0, n), std::move(pin)};

  // The checksum covers the type byte, so a damaged type reads as a checksum mismatch; an
  // intact unknown type is a block a newer writer compressed.
  const auto type = static_cast<BlockType>(read[n]);
  if (verify_checksum) {
    const uint32_t stored = DecodeFixed32(read.data() + n + 1);
    const uint32_t actual = BlockChecksum(block.bytes, type);
    if (stored != actual) {
      return BlockCorruption(
          file_name, handle.offset,
          "checksum mismatch (stored " + Hex(stored) + ", computed " + Hex(actual) + ")");
    }
  }
  if (type != BlockType::kRaw) {
    return BlockCorruption(file_name, handle.offset,
                           "unknown block type " + std::to_string(static_cast<int>(type)));
  }
  return block;
}

}  // namespace stepdb
