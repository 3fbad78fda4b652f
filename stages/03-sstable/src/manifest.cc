#include "manifest.h"

#include "common/coding.h"
#include "common/crc32c.h"
#include "file_names.h"

namespace stepdb {
namespace {

// manifest := magic[8] = "STEPDBMF"  version:u8 = 1  crc32c(body):fixed32  length:fixed32  body
// body     := field*          field := tag:varint32 payload
constexpr std::string_view kMagic = "STEPDBMF";
constexpr uint8_t kFormatVersion = 1;
constexpr size_t kHeaderBytes = 8 + 1 + 4 + 4;

// Field tags. On-disk values: never change them.
enum Tag : uint32_t {
  kNextFileNumber = 1,  // varint64
  kLogNumber = 2,       // varint64
  kTable = 3,           // level:varint32 number:varint64 size:varint64 smallest:lp largest:lp
  kBytesFlushed = 4,    // varint64
  kBytesCompacted = 5,  // varint64
};

constexpr uint32_t kMaxLevels = 16;

}  // namespace

std::string EncodeManifest(const ManifestState& state) {
  std::string body;
  PutVarint32(&body, kNextFileNumber);
  PutVarint64(&body, state.next_file_number);
  PutVarint32(&body, kLogNumber);
  PutVarint64(&body, state.log_number);
  for (size_t level = 0; level < state.levels.size(); ++level) {
    for (const TableMeta& table : state.levels[level]) {
      PutVarint32(&body, kTable);
      PutVarint32(&body, static_cast<uint32_t>(level));
      PutVarint64(&body, table.number);
      PutVarint64(&body, table.size);
      PutLengthPrefixed(&body, table.smallest);
      PutLengthPrefixed(&body, table.largest);
    }
  }
  PutVarint32(&body, kBytesFlushed);
  PutVarint64(&body, state.bytes_flushed);
  PutVarint32(&body, kBytesCompacted);
  PutVarint64(&body, state.bytes_compacted);

  std::string out(kMagic);
  out.push_back(static_cast<char>(kFormatVersion));
  PutFixed32(&out, Crc32c(body));
  PutFixed32(&out, static_cast<uint32_t>(body.size()));
  out += body;
  return out;
}

Result<ManifestState> DecodeManifest(std::string_view bytes, const std::string& file) {
  auto corrupt = [&file, &bytes](std::string_view in, const std::string& what) {
    return Status::Corruption(file + ": " + what + " at offset " +
                              std::to_string(bytes.size() - in.size()));
  };
  std::string_view in = bytes;
  if (in.size() < kHeaderBytes || in.substr(0, kMagic.size()) != kMagic) {
    return corrupt(in, "not a manifest (bad magic)");
  }
  in.remove_prefix(kMagic.size());
  if (static_cast<uint8_t>(in[0]) != kFormatVersion) {
    return corrupt(in, "unsupported manifest version " + std::to_string(uint8_t(in[0])));
  }
  in.remove_prefix(1);
  uint32_t crc = 0;
  uint32_t length = 0;
  if (!GetFixed32(&in, &crc) || !GetFixed32(&in, &length) || in.size() != length) {
    return corrupt(in, "bad length");
  }
  if (Crc32c(in) != crc) return corrupt(in, "checksum mismatch");

  ManifestState state;
  while (!in.empty()) {
    const std::string_view field = in;
    uint32_t tag = 0;
    bool ok = GetVarint32(&in, &tag);
    switch (ok ? tag : 0) {
      case kNextFileNumber:
        ok = GetVarint64(&in, &state.next_file_number);
        break;
      case kLogNumber:
        ok = GetVarint64(&in, &state.log_number);
        break;
      case kBytesFlushed:
        ok = GetVarint64(&in, &state.bytes_flushed);
        break;
      case kBytesCompacted:
        ok = GetVarint64(&in, &state.bytes_compacted);
        break;
      case kTable: {
        uint32_t level = 0;
        TableMeta table;
        std::string_view smallest, largest;
        ok = GetVarint32(&in, &level) && level < kMaxLevels && GetVarint64(&in, &table.number) &&
             GetVarint64(&in, &table.size) && GetLengthPrefixed(&in, &smallest) &&
             GetLengthPrefixed(&in, &largest);
        if (ok) {
          table.smallest = smallest;
          table.largest = largest;
          if (state.levels.size() <= level) state.levels.resize(level + 1);
          state.levels[level].push_back(std::move(table));
        }
        break;
      }
      default:
        return corrupt(field, "unknown field tag " + std::to_string(tag));
    }
    if (!ok) return corrupt(field, "truncated field (tag " + std::to_string(tag) + ")");
  }
  return state;
}

Result<ManifestState> LoadManifest(FileSystem& fs, const std::string& dir) {
  const std::string path = ManifestFileName(dir);
  if (!fs.FileExists(path)) return Status::NotFound(path);
  STEPDB_ASSIGN_OR_RETURN(std::string bytes, fs.ReadFile(path));
  return DecodeManifest(bytes, path);
}

Status StoreManifest(FileSystem& fs, const std::string& dir, const ManifestState& state) {
  return fs.WriteFileAtomically(ManifestFileName(dir), EncodeManifest(state));
}

}  // namespace stepdb
