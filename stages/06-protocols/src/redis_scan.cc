#include "redis_scan.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <utility>

#include "redis_args.h"

namespace stepdb {

bool ParseScanCursorOrReply(CommandContext& ctx, const std::string& text, uint64_t* cursor) {
  // Redis's parseScanCursorOrReply uses strtoul, which skips leading spaces; Redis refuses
  // them itself.
  bool valid = text.empty() || !std::isspace(static_cast<unsigned char>(text[0]));
  if (valid) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
    valid = *end == '\0' && errno != ERANGE;
    *cursor = value;
  }
  if (!valid) ctx.reply.Error(kErrInvalidCursor);
  return valid;
}

bool ParseScanOptionsOrReply(CommandContext& ctx, size_t first, bool with_type,
                             ScanOptions* options) {
  const std::vector<std::string>& argv = ctx.argv;
  for (size_t i = first; i < argv.size(); i += 2) {
    const bool has_value = i + 1 < argv.size();
    if (EqualsIgnoreCase(argv[i], "count") && has_value) {
      if (!StringToInt64(argv[i + 1], &options->count)) {
        ctx.reply.Error(kErrNotInteger);
        return false;
      }
      if (options->count < 1) {
        ctx.reply.Error(kErrSyntax);
        return false;
      }
    } else if (EqualsIgnoreCase(argv[i], "match") && has_value) {
      options->pattern = argv[i + 1] == "*" ? nullptr : &argv[i + 1];
    } else if (with_type && EqualsIgnoreCase(argv[i], "type") && has_value) {
      options->type = &argv[i + 1];
    } else {
      ctx.reply.Error(kErrSyntax);
      return false;
    }
  }
  return true;
}

bool FindScanPositionOrReply(CommandContext& ctx, uint64_t cursor, std::string* position) {
  position->clear();
  if (cursor == 0) return true;
  const std::string* found = ctx.server.scan_cursors.Find(cursor);
  if (found == nullptr) {
    ctx.reply.Error(kErrInvalidCursor);
    return false;
  }
  *position = *found;
  return true;
}

bool ScanPage::Visit(std::string_view position) {
  if (visited_ == count_) {
    more_ = true;
    return false;
  }
  ++visited_;
  last_.assign(position);
  return true;
}

void ScanPage::Reply(CommandContext& ctx, const std::vector<std::string>& items) {
  const uint64_t next = more_ ? ctx.server.scan_cursors.Issue(std::move(last_)) : 0;
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(std::to_string(next));
  ctx.reply.ArrayHeader(items.size());
  for (const std::string& item : items) ctx.reply.Bulk(item);
}

}  // namespace stepdb
