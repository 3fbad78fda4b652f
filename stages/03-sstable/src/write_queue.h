// WriteQueue: group commit, the queue that lets one log sync cover many writers' batches.
//
// Under --fsync always a write is acknowledged only once its record is on disk, and a sync
// costs about as much for one small record as for a hundred. So writers that arrive while a
// sync runs do not each sync after it: they wait in a queue, and when the sync is done the
// writer at the front leads the next group. It commits its own batch and the batches queued
// behind it with one call of `commit` (the engine logs them in order, syncs once and applies
// them), hands each member the group's status, and wakes the next front writer. LevelDB's
// DBImpl::Write works the same way; stage 02's WalEngine::Write does it inline.
//
//   t1  Commit(a) ─ front: commit({a}): log a, sync ───────── returns
//   t2    Commit(b) ─ waits ──────────────────────────────── front: commit({b, c}): log b, c,
//   t3      Commit(c) ─ waits ─────────────────────────────── (in b's group)     sync ── both
//                                                                                       return
//
// Rules (the engine's log order is its apply order because of 1):
//   1. Groups are committed one at a time, in queue order, and a group lists its batches in
//      queue order.
//   2. Commit returns only after the `commit` call of its batch's group has returned, with
//      that call's status: a writer is acknowledged no earlier than its group's sync.
//   3. A leader takes the batches queued when it starts, up to max_group_bytes of payload
//      (its own batch always), so that a small write is not held back by a group that keeps
//      growing.
//
// Thread safety: Commit may be called from many threads at once; `commit` runs on the
// leader's thread, one call at a time, without the queue's lock.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "common/status.h"
#include "write_batch.h"

namespace stepdb {

// The batches of one group, in queue order. They belong to the writers waiting in Commit.
using WriteGroup = std::vector<const WriteBatch*>;

class WriteQueue {
 public:
  explicit WriteQueue(size_t max_group_bytes) : max_group_bytes_(max_group_bytes) {}
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues `batch` and returns once a group holding it has been committed, by this thread or
  // by another: the status `commit` returned for that group.
  Status Commit(const WriteBatch& batch, const std::function<Status(const WriteGroup&)>& commit);

 private:
  struct Writer {
    explicit Writer(const WriteBatch* b) : batch(b) {}
    const WriteBatch* batch;
    Status status;      // guarded by mu_: the group's, once done
    bool done = false;  // guarded by mu_
    std::condition_variable cv;
  };

  const size_t max_group_bytes_;
  std::mutex mu_;
  std::deque<Writer*> queue_;  // guarded by mu_; the front leads the group being committed
};

}  // namespace stepdb
