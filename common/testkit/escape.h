// Escape(bytes): printable ASCII as is, everything else as C escapes (\r \n \t \\ \xNN), so
// that a failing test can show exactly which bytes went over the wire.
#pragma once

#include <string>
#include <string_view>

namespace stepdb::testkit {

std::string Escape(std::string_view bytes);

}  // namespace stepdb::testkit
