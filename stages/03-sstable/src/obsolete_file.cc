#include "obsolete_file.h"

#include "common/log.h"

namespace stepdb {

RemoveWhenObsoleteFile::~RemoveWhenObsoleteFile() {
  file_.reset();  // closed before it is removed
  if (obsolete_->load()) {
    if (Status status = fs_->RemoveFile(path_); !status.ok()) {
      LogWarn("removing obsolete table {}: {} (start-up removes it)", path_, status.ToString());
    }
  }
}

}  // namespace stepdb
