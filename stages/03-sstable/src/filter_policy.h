// FilterPolicy: the hook through which a table carries a filter of its keys.
//
// A point lookup that misses should not have to read a data block from disk. A filter is a
// small summary of a table's keys that answers "certainly absent" or "maybe present"; stage
// 04 plugs a bloom filter in here. Stage 03 defines only the hook, and its default is no
// filter at all (TableOptions::filter_policy == nullptr).
//
// One filter covers the whole table. The table builder feeds it every key, tombstones
// included (a lookup must find a tombstone to know that older tables are hidden), and
// stores the result as the filter block, named in the meta-index as "filter.<Name()>". A
// reader whose policy has another name ignores the block, so changing a filter's byte
// format only needs a new name, never a new table format version.
//
// Thread safety: a FilterPolicy is immutable and shared by every table and thread; a
// FilterBuilder belongs to the one table builder that created it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace stepdb {

class FilterBuilder {
 public:
  virtual ~FilterBuilder() = default;
  // Adds a key. Keys arrive in increasing order, each once.
  virtual void AddKey(std::string_view key) = 0;
  // The filter of every key added, in the policy's own byte format. Called once.
  virtual std::string Finish() = 0;
};

class FilterPolicy {
 public:
  virtual ~FilterPolicy() = default;

  // Names the byte format of the filters this policy builds, e.g. "bloom.v1". Stored in
  // every table; change it whenever that format changes.
  virtual std::string_view Name() const = 0;

  virtual std::unique_ptr<FilterBuilder> NewBuilder() const = 0;

  // False only if `key` was certainly not added to `filter` (built by this policy); true
  // otherwise. False positives cost a block read; false negatives would lose data.
  virtual bool KeyMayMatch(std::string_view key, std::string_view filter) const = 0;
};

}  // namespace stepdb
