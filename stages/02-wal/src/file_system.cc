#include "file_system.h"

#include <cstring>

namespace stepdb {

Status RandomAccessFile::ReadPinned(uint64_t offset, size_t n, std::string_view* result,
                                    std::shared_ptr<const void>* pin) const {
  std::shared_ptr<char[]> buffer = std::make_shared_for_overwrite<char[]>(n);
  STEPDB_RETURN_IF_ERROR(Read(offset, n, result, buffer.get()));
  // Read may point into memory of the file's own, which goes when the file closes.
  if (!result->empty() && result->data() != buffer.get()) {
    std::memmove(buffer.get(), result->data(), result->size());
    *result = std::string_view(buffer.get(), result->size());
  }
  *pin = std::move(buffer);
  return Status::Ok();
}

Result<std::string> FileSystem::ReadFile(const std::string& path) {
  STEPDB_ASSIGN_OR_RETURN(auto file, NewSequentialFile(path));
  std::string contents;
  std::string scratch(64 * 1024, '\0');
  while (true) {
    std::string_view chunk;
    STEPDB_RETURN_IF_ERROR(file->Read(scratch.size(), &chunk, scratch.data()));
    if (chunk.empty()) return contents;
    contents.append(chunk);
  }
}

Status FileSystem::WriteFileAtomically(const std::string& path, std::string_view data) {
  const std::string temp = path + ".tmp";
  {
    STEPDB_ASSIGN_OR_RETURN(auto file, NewWritableFile(temp));
    STEPDB_RETURN_IF_ERROR(file->Append(data));
    STEPDB_RETURN_IF_ERROR(file->Sync());
    STEPDB_RETURN_IF_ERROR(file->Close());
  }
  STEPDB_RETURN_IF_ERROR(RenameFile(temp, path));
  const size_t slash = path.rfind('/');
  return SyncDir(slash == std::string::npos ? "." : path.substr(0, slash));
}

}  // namespace stepdb
