#include "active_expiry.h"

#include "common/log.h"

namespace stepdb {

ActiveExpiry::ActiveExpiry(boost::asio::io_context& io, ExpiringKeyspace* keyspace,
                           std::function<Status()> commit_log, ActiveExpiryOptions options)
    : timer_(io), keyspace_(keyspace), commit_log_(std::move(commit_log)), options_(options) {}

void ActiveExpiry::Start() {
  stopped_ = false;
  Schedule(options_.period);
}

void ActiveExpiry::Stop() {
  stopped_ = true;
  timer_.cancel();
}

Result<size_t> ActiveExpiry::RunCycle() {
  if (!keyspace_->active_expire_enabled()) return size_t{0};
  const auto deadline = std::chrono::steady_clock::now() + options_.budget;
  size_t deleted = 0;
  size_t last = 0;
  do {
    STEPDB_ASSIGN_OR_RETURN(last, keyspace_->ExpireDue(options_.batch));
    deleted += last;
  } while (last == options_.batch && std::chrono::steady_clock::now() < deadline);
  if (deleted > 0 && commit_log_) STEPDB_RETURN_IF_ERROR(commit_log_());
  return deleted;
}

void ActiveExpiry::Schedule(std::chrono::milliseconds delay) {
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || stopped_) return;
    Result<size_t> deleted = RunCycle();
    if (!deleted.ok()) {
      // Logged once, not every cycle, until a cycle succeeds again.
      if (!failing_) LogError("active expiry: {}", deleted.status().ToString());
      failing_ = true;
      Schedule(options_.period);
      return;
    }
    if (failing_) LogInfo("active expiry works again");
    failing_ = false;
    // A full last batch means more may be due: go on once the clients waiting have run.
    const bool more = *deleted > 0 && *deleted % options_.batch == 0;
    Schedule(more ? std::chrono::milliseconds(0) : options_.period);
  });
}

}  // namespace stepdb
