#include "write_queue.h"

namespace stepdb {

Status WriteQueue::Commit(const WriteBatch& batch,
                          const std::function<Status(const WriteGroup&)>& commit) {
  Writer self(&batch);
  std::unique_lock lock(mu_);
  queue_.push_back(&self);
  self.cv.wait(lock, [&] { return self.done || queue_.front() == &self; });
  if (self.done) return self.status;  // a leader committed it in its group

  // Lead a group. This writer stays at the front until the group is committed, so the next
  // group cannot start before (rule 1).
  WriteGroup group;
  size_t group_bytes = 0;
  for (const Writer* writer : queue_) {
    const size_t bytes = writer->batch->payload_bytes();
    if (!group.empty() && group_bytes + bytes > max_group_bytes_) break;
    group.push_back(writer->batch);
    group_bytes += bytes;
  }
  lock.unlock();  // others queue up meanwhile: they form the next group
  const Status status = commit(group);
  lock.lock();

  for (size_t i = 0; i < group.size(); ++i) {
    Writer* writer = queue_.front();
    queue_.pop_front();
    if (writer != &self) {
      writer->status = status;
      writer->done = true;
      writer->cv.notify_one();
    }
  }
  if (!queue_.empty()) queue_.front()->cv.notify_one();
  return status;
}

}  // namespace stepdb
