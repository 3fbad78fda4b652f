#include "common/log.h"

#include <spdlog/spdlog.h>

namespace stepdb {
namespace {

spdlog::level::level_enum SpdlogLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::err;
}

}  // namespace

bool LogEnabled(LogLevel level) {
  return spdlog::default_logger_raw()->should_log(SpdlogLevel(level));
}

void LogMessage(LogLevel level, std::string_view message) {
  spdlog::default_logger_raw()->log(SpdlogLevel(level), message);
}

}  // namespace stepdb
