#include "file_system.h"

namespace stepdb {

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
