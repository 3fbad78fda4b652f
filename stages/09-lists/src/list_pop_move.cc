#include "list_pop_move.h"

#include <optional>
#include <utility>
#include <vector>

#include "collection_lookup.h"
#include "list_lookup.h"

namespace stepdb {
namespace {

// Pops up to `count` elements from `end` of the first non-empty list among keys, commits,
// and sets *key to that list's key and *popped to the elements. False if it replied
// (WRONGTYPE for a key before that list, a storage error); *key stays nullptr if every list
// is empty or missing.
bool PopFromFirstOrReply(CommandContext& ctx, std::span<const std::string> keys, List::End end,
                         uint64_t count, const std::string** key,
                         std::vector<std::string>* popped) {
  // Redis looks the keys up as a write does (lookupKeyWrite): no keyspace hits or misses.
  for (const std::string& name : keys) {
    std::optional<List> list;
    if (!LoadListOrReply(ctx, name, KeyAccess::kWrite, &list)) return false;
    if (list->size() == 0) continue;
    Result<std::vector<std::string>> elements = list->Pop(end, count);
    if (!ListOkOrReply(ctx, elements.status())) return false;
    if (!CommitListOrReply(ctx, *list)) return false;
    *key = &name;
    *popped = std::move(*elements);
    return true;
  }
  return true;
}

}  // namespace

bool PopFirstOrReply(CommandContext& ctx, std::span<const std::string> keys, List::End end) {
  const std::string* key = nullptr;
  std::vector<std::string> popped;
  if (!PopFromFirstOrReply(ctx, keys, end, 1, &key, &popped)) return true;
  if (key == nullptr) return false;
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(*key);
  ctx.reply.Bulk(popped.front());
  return true;
}

bool MultiPopOrReply(CommandContext& ctx, std::span<const std::string> keys, List::End end,
                     uint64_t count) {
  const std::string* key = nullptr;
  std::vector<std::string> popped;
  if (!PopFromFirstOrReply(ctx, keys, end, count, &key, &popped)) return true;
  if (key == nullptr) return false;
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(*key);
  ctx.reply.ArrayHeader(popped.size());
  for (const std::string& element : popped) ctx.reply.Bulk(element);
  return true;
}

bool MoveOrReply(CommandContext& ctx, std::string_view source, std::string_view destination,
                 List::End from, List::End to) {
  std::optional<List> source_list;
  if (!LoadListOrReply(ctx, source, KeyAccess::kWrite, &source_list)) return true;
  if (source_list->size() == 0) return false;
  // One List object per key: a list moved onto itself pops and pushes through the same one.
  std::optional<List> destination_list;
  if (destination != source &&
      !LoadListOrReply(ctx, destination, KeyAccess::kWrite, &destination_list)) {
    return true;
  }
  List& target = destination_list ? *destination_list : *source_list;
  Result<std::vector<std::string>> popped = source_list->Pop(from, 1);
  if (!ListOkOrReply(ctx, popped.status())) return true;
  std::string element = std::move(popped->front());
  if (!ListOkOrReply(ctx, target.Push(to, element))) return true;
  Keyspace::Batch batch;
  source_list->AddTo(&batch);
  if (destination_list) destination_list->AddTo(&batch);
  if (!ApplyOrReply(ctx, batch)) return true;
  ctx.reply.Bulk(element);
  return true;
}

}  // namespace stepdb
