#include "memtable_engine.h"

namespace stepdb {

Result<std::string> MemTableEngine::Get(std::string_view key) {
  // BEGIN SOLUTION
  // STARTER: (void)key;
  // STARTER: return Status::NotImplemented("stage 01: MemTableEngine::Get");
  std::lock_guard lock(mu_);
  auto it = map_.find(key);
  if (it == map_.end()) return Status::NotFound("");
  return it->second;
  // END SOLUTION
}

Status MemTableEngine::Write(const WriteBatch& batch) {
  // BEGIN SOLUTION
  // STARTER: (void)batch;
  // STARTER: return Status::NotImplemented("stage 01: MemTableEngine::Write");
  std::lock_guard lock(mu_);
  for (const WriteBatch::Entry& entry : batch.entries()) {
    if (entry.op == WriteBatch::Op::kPut) {
      map_.insert_or_assign(entry.key, entry.value);
    } else {
      map_.erase(entry.key);
    }
  }
  return Status::Ok();
  // END SOLUTION
}

Status MemTableEngine::Scan(std::string_view start, std::string_view end, size_t limit,
                            const ScanVisitor& visit) {
  // BEGIN SOLUTION
  // STARTER: (void)start, (void)end, (void)limit, (void)visit;
  // STARTER: return Status::NotImplemented("stage 01: MemTableEngine::Scan");
  // The visitor runs under the lock, which is what makes the view consistent; it must not
  // call back into the engine.
  std::lock_guard lock(mu_);
  size_t visited = 0;
  for (auto it = map_.lower_bound(start); it != map_.end() && visited < limit; ++it, ++visited) {
    if (!end.empty() && it->first >= end) break;
    if (!visit(it->first, it->second)) break;
  }
  return Status::Ok();
  // END SOLUTION
}

size_t MemTableEngine::size() const {
  std::lock_guard lock(mu_);
  return map_.size();
}

}  // namespace stepdb
