#include "version.h"

#include <algorithm>
#include <map>
#include <string>

namespace stepdb {

Result<EditedTree> ApplyTreeEdit(const ManifestState& manifest, const Version& current,
                                 const TreeEdit& edit, const TableOpener& open) {
  EditedTree next{manifest, std::make_shared<Version>(), {}};
  // Check before anything is opened: a table to remove must be live.
  for (uint64_t number : edit.removed) {
    bool live = false;
    for (const auto& level : manifest.levels) {
      live = live || std::any_of(level.begin(), level.end(),
                                 [&](const TableMeta& meta) { return meta.number == number; });
    }
    if (!live) {
      return Status::InvalidArgument("edit removes table " + std::to_string(number) +
                                     ", which is not live");
    }
  }
  auto removed = [&edit](uint64_t number) {
    return std::find(edit.removed.begin(), edit.removed.end(), number) != edit.removed.end();
  };
  // Rule 3: a table both removed and added moves to another level.
  auto moved = [&edit](uint64_t number) {
    return std::any_of(
        edit.added.begin(), edit.added.end(),
        [number](const TreeEdit::Added& added) { return added.meta.number == number; });
  };

  size_t levels = manifest.levels.size();
  for (const TreeEdit::Added& added : edit.added) levels = std::max(levels, added.level + 1);
  next.manifest.levels.resize(levels);
  for (auto& level : next.manifest.levels) {
    std::erase_if(level, [&](const TableMeta& meta) { return removed(meta.number); });
  }
  next.version->levels.resize(levels);
  std::map<uint64_t, LiveTable> moving;
  for (size_t level = 0; level < current.levels.size(); ++level) {
    for (const LiveTable& live : current.levels[level]) {
      if (!removed(live.meta.number)) {
        next.version->levels[level].push_back(live);
      } else if (moved(live.meta.number)) {
        moving.emplace(live.meta.number, live);
      } else {
        next.obsolete.push_back(live);
      }
    }
  }

  // Open the added tables before the MANIFEST names them: a table that cannot be opened
  // must not become live.
  for (const TreeEdit::Added& added : edit.added) {
    LiveTable table;
    if (auto it = moving.find(added.meta.number); it != moving.end()) {
      table = it->second;
    } else {
      STEPDB_ASSIGN_OR_RETURN(table, open(added.meta));
    }
    auto& tables = next.version->levels[added.level];
    auto& metas = next.manifest.levels[added.level];
    if (added.level == 0) {  // rule 1
      tables.insert(tables.begin(), std::move(table));
      metas.insert(metas.begin(), added.meta);
    } else {
      tables.push_back(std::move(table));
      metas.push_back(added.meta);
    }
  }
  for (size_t level = 1; level < levels; ++level) {  // rule 2
    std::sort(
        next.version->levels[level].begin(), next.version->levels[level].end(),
        [](const LiveTable& a, const LiveTable& b) { return a.meta.smallest < b.meta.smallest; });
    std::sort(next.manifest.levels[level].begin(), next.manifest.levels[level].end(),
              [](const TableMeta& a, const TableMeta& b) { return a.smallest < b.smallest; });
  }
  next.manifest.bytes_compacted += edit.bytes_written;
  return next;
}

}  // namespace stepdb
