#include "counting_filter_policy.h"

namespace stepdb {

bool CountingFilterPolicy::KeyMayMatch(std::string_view key, std::string_view filter) const {
  checks_.fetch_add(1, std::memory_order_relaxed);
  const bool may_match = inner_->KeyMayMatch(key, filter);
  if (!may_match) negatives_.fetch_add(1, std::memory_order_relaxed);
  return may_match;
}

}  // namespace stepdb
