// The limits of the stage text protocol (stages 01-05). They are part of the protocol: the
// chapter documents them and the tests probe both sides of each.
#pragma once

#include <cstddef>

namespace stepdb {

// The longest request line, in bytes, not counting its "\n" (or "\r\n"). A longer line gets
// "ERROR line too long (limit 65536 bytes)" and the connection is closed: the server cannot
// tell where the next request starts.
inline constexpr size_t kMaxLineBytes = 64 * 1024;

// The longest key, in bytes. A longer key gets "ERROR key too long (limit 1024 bytes)" and the
// connection stays open.
inline constexpr size_t kMaxKeyBytes = 1024;

}  // namespace stepdb
