// EscapeBytes: a key or value as one unambiguous printable word, for the inspection tools.
#pragma once

#include <string>
#include <string_view>

namespace stepdb {

// Printable ASCII as is, everything else as \xNN; backslash as \\, and quote and space as
// \x22 and \x20, so that a key never splits into two words.
std::string EscapeBytes(std::string_view bytes);

}  // namespace stepdb
