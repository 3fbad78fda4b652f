// ServeUntilSignal: the body of every stage's main() once its engine and commands exist.
//
// Listens on options.host:options.port, logs "listening on HOST:PORT", serves until SIGINT
// or SIGTERM, then stops accepting, closes the connections and returns. Returns main's exit
// code: 0 after a clean stop, 1 if the address could not be bound.
#pragma once

#include "command_table.h"
#include "common/server_options.h"

namespace stepdb {

int ServeUntilSignal(const ServerOptions& options, const CommandTable& commands);

}  // namespace stepdb
