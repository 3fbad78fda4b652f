// StartThread: a background thread, or the Status that says why there is none.
//
// std::thread's constructor throws std::system_error when the system cannot create another
// thread (EAGAIN: a process or memory limit). Engines report errors as values (status.h), so
// an engine that starts a background thread in Open starts it through this function and turns
// the refusal into a failed Open, instead of letting an exception cross its API:
//
//   STEPDB_ASSIGN_OR_RETURN(engine->flusher_, StartThread(dir + ": flush", [raw] { ... }));
//
// On failure nothing runs: the callable was not started (and the engine, destroyed by the
// failed Open, joins whatever threads it did start).
#pragma once

#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include "common/result.h"

namespace stepdb {

// Runs fn on a new thread. IOError "<what>: cannot start thread: <reason>" if it cannot.
template <typename Fn>
Result<std::thread> StartThread(std::string_view what, Fn&& fn) {
  try {
    return std::thread(std::forward<Fn>(fn));
  } catch (const std::system_error& error) {
    return Status::IOError(std::string(what) + ": cannot start thread: " + error.what());
  }
}

}  // namespace stepdb
