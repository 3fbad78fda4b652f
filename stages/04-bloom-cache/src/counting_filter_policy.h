// CountingFilterPolicy: a FilterPolicy that counts what the filters it wraps answer.
//
// Table::Get asks the table's filter once per lookup, before reading anything. Counting the
// answers there tells how much the filter saves: every "certainly absent" is a data block
// that was not read. The counting sits in a decorator, so neither the table layer nor the
// bloom filter knows about statistics.
//
// The wrapper has the wrapped policy's name, so tables built through it carry the same
// filter block ("filter.bloom.v1") as tables built without it, and either policy reads them.
//
// Thread safety: like any FilterPolicy, shared by every thread; the counters are atomics
// (relaxed: each is exact, but two of them read together are not one instant's snapshot).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

#include "filter_policy.h"

namespace stepdb {

class CountingFilterPolicy final : public FilterPolicy {
 public:
  // REQUIRES: inner != nullptr
  explicit CountingFilterPolicy(std::shared_ptr<const FilterPolicy> inner)
      : inner_(std::move(inner)) {}

  std::string_view Name() const override { return inner_->Name(); }
  std::unique_ptr<FilterBuilder> NewBuilder() const override { return inner_->NewBuilder(); }
  bool KeyMayMatch(std::string_view key, std::string_view filter) const override;

  // KeyMayMatch calls so far.
  uint64_t checks() const { return checks_.load(std::memory_order_relaxed); }
  // Of those, the ones answered "certainly absent" (false).
  uint64_t negatives() const { return negatives_.load(std::memory_order_relaxed); }

 private:
  const std::shared_ptr<const FilterPolicy> inner_;
  mutable std::atomic<uint64_t> checks_{0};
  mutable std::atomic<uint64_t> negatives_{0};
};

}  // namespace stepdb
