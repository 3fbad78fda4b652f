#include "file_names.h"

#include <cstdio>

namespace stepdb {
namespace {

std::string Numbered(const std::string& dir, uint64_t number, const char* suffix) {
  char name[64];
  std::snprintf(name, sizeof name, "/%06llu.%s", static_cast<unsigned long long>(number), suffix);
  return dir + name;
}

}  // namespace

std::string LogFileName(const std::string& dir, uint64_t number) {
  return Numbered(dir, number, "log");
}

std::string TableFileName(const std::string& dir, uint64_t number) {
  return Numbered(dir, number, "sst");
}

std::string ManifestFileName(const std::string& dir) { return dir + "/MANIFEST"; }

FileKind ParseFileName(const std::string& name, uint64_t* number) {
  if (name == "MANIFEST") return FileKind::kManifest;
  if (name.size() > 4 && name.ends_with(".tmp")) return FileKind::kTemp;
  const size_t dot = name.find('.');
  if (dot == 0 || dot == std::string::npos) return FileKind::kOther;
  uint64_t value = 0;
  for (size_t i = 0; i < dot; ++i) {
    if (name[i] < '0' || name[i] > '9' || value > (UINT64_MAX - 9) / 10) return FileKind::kOther;
    value = value * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  const std::string suffix = name.substr(dot + 1);
  *number = value;
  if (suffix == "log") return FileKind::kLog;
  if (suffix == "sst") return FileKind::kTable;
  return FileKind::kOther;
}

}  // namespace stepdb
