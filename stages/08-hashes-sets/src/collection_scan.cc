#include "collection_scan.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collection_lookup.h"
#include "glob_match.h"
#include "redis_scan.h"

namespace stepdb {
namespace {

std::string HashValueText(std::string_view value) { return std::string(value); }

void HscanCommand(CommandContext& ctx) {
  ScanCollectionGeneric(ctx, ValueType::kHash, HashValueText);
}
void SscanCommand(CommandContext& ctx) {
  ScanCollectionGeneric(ctx, ValueType::kSet, /*value_text=*/nullptr);
}

}  // namespace

void ScanCollectionGeneric(CommandContext& ctx, ValueType type, ElementValueText value_text) {
  uint64_t cursor = 0;
  if (!ParseScanCursorOrReply(ctx, ctx.argv[2], &cursor)) return;
  std::optional<Collection> collection;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], type, KeyAccess::kRead, &collection)) return;
  if (!collection->exists()) {
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk("0");
    ctx.reply.ArrayHeader(0);
    return;
  }
  ScanOptions options;
  if (!ParseScanOptionsOrReply(ctx, 3, /*with_type=*/false, &options)) return;
  std::string last_element;
  if (!FindScanPositionOrReply(ctx, cursor, &last_element)) return;
  // Right after the last element's record: "\0" is the smallest byte, so suffix + "\0" is the
  // first possible suffix after it.
  const std::string start =
      cursor == 0 ? "" : ElementSuffix(collection->version(), last_element) + '\0';
  ScanPage page(options.count);
  std::vector<std::string> items;
  Status status = collection->Scan(
      start, page.read_limit(), [&](std::string_view element, std::string_view value) {
        if (!page.Visit(element)) return false;
        if (options.pattern != nullptr && !GlobMatch(*options.pattern, element)) return true;
        items.emplace_back(element);
        if (value_text != nullptr) items.push_back(value_text(value));
        return true;
      });
  if (!OkOrReply(ctx, status)) return;
  page.Reply(ctx, items);
}

void AddCollectionScanCommands(RedisCommandTable& table) {
  // As Redis 7.0's COMMAND INFO and COMMAND DOCS give them.
  table.Add({"hscan",
             -3,
             kCmdReadOnly,
             1,
             1,
             1,
             "hash",
             "2.8.0",
             "Incrementally iterate hash fields and associated values",
             HscanCommand,
             {}});
  table.Add({"sscan",
             -3,
             kCmdReadOnly,
             1,
             1,
             1,
             "set",
             "2.8.0",
             "Incrementally iterate Set elements",
             SscanCommand,
             {}});
}

}  // namespace stepdb
