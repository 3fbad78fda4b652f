// CLI::App, declared for the headers that only name it: the functions that add a stage's flags
// to a command line (AddNetworkFlags, AddLsmFlags, ...) take a CLI::App&.
//
// <CLI/CLI.hpp> is a header-only library that takes seconds to compile, and some of those
// headers are included nearly everywhere (lsm_engine.h names ServerOptions). So a header
// includes this one, and only the .cc files that build or parse a command line include
// <CLI/CLI.hpp> themselves.
#pragma once

namespace CLI {
class App;
}  // namespace CLI
