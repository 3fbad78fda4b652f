// LsmEngine's live tables: opening them, the version readers share, and the edits of stage 05.
//
// Every table the engine reads is opened here, wrapped so that its file is removed after its
// last reader once it has left the tree (obsolete_file.h). ApplyEdit is the seam through
// which stage 05's compactions swap tables: ApplyTreeEdit (version.h) computes the next
// MANIFEST state and version, and this file stores the one and installs the other, holding
// manifest_mu_ so that a flush and an edit never undo each other's MANIFEST.
#include <algorithm>

#include "file_names.h"
#include "lsm_engine.h"
#include "obsolete_file.h"

namespace stepdb {

Result<LiveTable> LsmEngine::OpenTable(const TableMeta& meta) {
  const std::string path = TableFileName(dir_, meta.number);
  if (!fs_->FileExists(path)) {
    return Status::Corruption(ManifestFileName(dir_) + " names table " + path +
                              ", which is missing");
  }
  STEPDB_ASSIGN_OR_RETURN(uint64_t size, fs_->GetFileSize(path));
  if (size != meta.size) {
    return Status::Corruption(path + ": " + std::to_string(size) + " bytes, but " +
                              ManifestFileName(dir_) + " says " + std::to_string(meta.size));
  }
  STEPDB_ASSIGN_OR_RETURN(auto file, fs_->NewRandomAccessFile(path));
  auto obsolete = std::make_shared<std::atomic<bool>>(false);
  auto wrapped = std::make_unique<RemoveWhenObsoleteFile>(std::move(file), fs_, path, obsolete);
  STEPDB_ASSIGN_OR_RETURN(std::shared_ptr<Table> table,
                          Table::Open(std::move(wrapped), size, path, options_.table));
  return LiveTable{meta, std::move(table), std::move(obsolete)};
}

uint64_t LsmEngine::NewFileNumber() {
  std::lock_guard lock(mu_);
  return manifest_.next_file_number++;
}

Status LsmEngine::ApplyEdit(const TreeEdit& edit) {
  std::lock_guard manifest_lock(manifest_mu_);
  ManifestState manifest;
  std::shared_ptr<const Version> current;
  {
    std::lock_guard lock(mu_);
    manifest = manifest_;
    current = version_;
  }
  STEPDB_ASSIGN_OR_RETURN(EditedTree next,
                          ApplyTreeEdit(manifest, *current, edit,
                                        [this](const TableMeta& meta) { return OpenTable(meta); }));
  STEPDB_RETURN_IF_ERROR(StoreManifest(*fs_, dir_, next.manifest));

  for (const LiveTable& gone : next.obsolete) gone.obsolete->store(true);
  {
    std::lock_guard lock(mu_);
    // File numbers taken meanwhile (by a flush, or NewFileNumber) must stay taken.
    next.manifest.next_file_number =
        std::max(next.manifest.next_file_number, manifest_.next_file_number);
    manifest_ = std::move(next.manifest);
    version_ = std::move(next.version);
  }
  edited_cv_.notify_all();
  return Status::Ok();
}

void LsmEngine::ReportBackgroundError(Status status) {
  {
    std::lock_guard lock(mu_);
    if (background_error_.ok()) background_error_ = std::move(status);
  }
  flushed_cv_.notify_all();
  edited_cv_.notify_all();
}

std::shared_ptr<const Version> LsmEngine::current_version() const {
  std::lock_guard lock(mu_);
  return version_;
}

ManifestState LsmEngine::manifest() const {
  std::lock_guard lock(mu_);
  return manifest_;
}

}  // namespace stepdb
