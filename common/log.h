// Logging for the servers, engines and tools: spdlog's default logger (SetUpLogging in
// server_options.h sets it up; a test may swap it), with the message formatted by fmt.
//
//   LogInfo("listening on {}:{}", host, port);
//   LogWarn("wal {}: torn tail at offset {}", path, offset);
//   LogError(...);  LogDebug(...);
//
// The format string is checked at compile time, as spdlog::info checks it, and a message is
// formatted only when its level is enabled. The difference is where the formatting is compiled:
// these call fmt::vformat, compiled once in libfmt, where spdlog::info(format, args...)
// instantiates fmt's whole formatting engine in every file that logs (seconds of compile time
// and about a megabyte of object code per file under the dev preset's sanitizers). This header
// includes only fmt's small core.
//
// Thread-safe, as spdlog's default logger is.
#pragma once

#include <fmt/core.h>

#include <string_view>
#include <utility>

namespace stepdb {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// True iff the default logger writes messages of `level`.
bool LogEnabled(LogLevel level);

// Writes `message` at `level` to the default logger.
void LogMessage(LogLevel level, std::string_view message);

template <typename... Args>
void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (LogEnabled(level)) LogMessage(level, fmt::vformat(format, fmt::make_format_args(args...)));
}

template <typename... Args>
void LogDebug(fmt::format_string<Args...> format, Args&&... args) {
  Log(LogLevel::kDebug, format, std::forward<Args>(args)...);
}

template <typename... Args>
void LogInfo(fmt::format_string<Args...> format, Args&&... args) {
  Log(LogLevel::kInfo, format, std::forward<Args>(args)...);
}

template <typename... Args>
void LogWarn(fmt::format_string<Args...> format, Args&&... args) {
  Log(LogLevel::kWarn, format, std::forward<Args>(args)...);
}

template <typename... Args>
void LogError(fmt::format_string<Args...> format, Args&&... args) {
  Log(LogLevel::kError, format, std::forward<Args>(args)...);
}

}  // namespace stepdb
