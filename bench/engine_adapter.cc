#include "bench/engine_adapter.h"

#include <algorithm>
#include <utility>

namespace stepdb::bench {
namespace {

// A function-local static, so registrations from other files' static initializers find it
// constructed whatever order the linker put them in.
std::vector<EngineInfo>& Registry() {
  static std::vector<EngineInfo> engines;
  return engines;
}

}  // namespace

bool RegisterEngine(EngineInfo info) {
  Registry().push_back(std::move(info));
  return true;
}

std::vector<EngineInfo> RegisteredEngines() {
  std::vector<EngineInfo> engines = Registry();
  std::sort(engines.begin(), engines.end(),
            [](const EngineInfo& a, const EngineInfo& b) { return a.name < b.name; });
  return engines;
}

}  // namespace stepdb::bench
