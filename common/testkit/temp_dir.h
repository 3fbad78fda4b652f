// TempDir: a fresh directory under $TMPDIR (or /tmp), removed with everything in it when the
// object is destroyed. Tests use one per case so they never see each other's files.
#pragma once

#include <string>

namespace stepdb::testkit {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace stepdb::testkit
