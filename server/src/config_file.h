// A redis.conf-style config file: one `name value...` directive per line.
//
//   # comments and blank lines are ignored
//   port 6380
//   requirepass "secret with spaces"
//   client-output-buffer-limit normal 0 0 0
//
// A value is the rest of the line after the name, with surrounding quotes removed from a
// single quoted value (double quotes take \" and \\ escapes, as Redis's sdssplitargs does).
// Names are lower-cased. The file holds Redis's parameter names (server_config.h); what they
// mean is decided by the caller.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace stepdb {

struct ConfigDirective {
  int line;           // 1-based, for error messages
  std::string name;   // lower case
  std::string value;  // the rest of the line
};

// The directives of the file at `path`, in order. IOError if it cannot be read;
// InvalidArgument ("config file F line N: ...") for a line with a name but no value or an
// unterminated quote.
Result<std::vector<ConfigDirective>> ReadConfigFile(const std::string& path);

}  // namespace stepdb
