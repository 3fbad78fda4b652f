#include "blocked_clients.h"

#include <chrono>
#include <iterator>
#include <optional>

namespace stepdb {

BlockedClients::BlockedClients(Server& server) : server_(server) {
  server_.context().blocking = this;
}

BlockedClients::~BlockedClients() {
  server_.context().blocking = nullptr;
  server_.context().keyspace->set_observer(nullptr);
}

void BlockedClients::Block(CommandContext& ctx, std::span<const std::string> keys, ValueType type,
                           int64_t timeout_ms) {
  const uint64_t client_id = ctx.client.id;
  ctx.client.blocked = true;
  // A command re-run by ServeKey that finds its keys empty again keeps its place.
  if (client_id == retrying_) return;

  if (waiters_.empty()) server_.context().keyspace->set_observer(this);
  Waiter& waiter = waiters_[client_id];
  waiter.wait = next_wait_++;
  for (const std::string& key : keys) {
    KeyId id{ctx.db(), key, type};
    std::list<uint64_t>& clients = queues_[id].clients;
    // A key named twice: the client was put last in its queue a moment ago.
    if (!clients.empty() && clients.back() == client_id) continue;
    clients.push_back(client_id);
    waiter.places.emplace_back(std::move(id), std::prev(clients.end()));
  }
  if (timeout_ms > 0 && timeout_ms <= kLongestTimeoutMs) {
    waiter.timer = std::make_unique<boost::asio::steady_timer>(
        server_.io(), std::chrono::milliseconds(timeout_ms));
    waiter.timer->async_wait(
        [this, client_id, wait = waiter.wait](const boost::system::error_code& error) {
          if (!error) TimedOut(client_id, wait);
        });
  }
}

void BlockedClients::AfterCommand() {
  if (ready_.empty() || serving_) return;
  serving_ = true;
  // Serving may make more keys ready (BLMOVE's destination): they are served in a next pass.
  while (!ready_.empty()) {
    std::vector<KeyId> keys;
    keys.swap(ready_);
    for (const KeyId& key : keys) {
      auto queue = queues_.find(key);
      if (queue == queues_.end()) continue;  // its waiters have left meanwhile
      queue->second.ready = false;
      if (HoldsItsType(key)) ServeKey(key);
    }
  }
  serving_ = false;
}

void BlockedClients::ServeKey(const KeyId& key) {
  // BEGIN SOLUTION
  // STARTER: // Until this is written, a ready key's waiters get an error instead of an element.
  // STARTER: std::vector<uint64_t> waiting;
  // STARTER: if (auto queue = queues_.find(key); queue != queues_.end()) {
  // STARTER:   waiting.assign(queue->second.clients.begin(), queue->second.clients.end());
  // STARTER: }
  // STARTER: for (uint64_t client_id : waiting) {
  // STARTER:   Forget(client_id);
  // STARTER:   server_.EndWait(client_id, [](RespWriter& reply) {
  // STARTER:     reply.Error("ERR NotImplemented: stage 09: BlockedClients::ServeKey");
  // STARTER:   });
  // STARTER: }
  // Each turn serves the first waiter or stops: a re-run may close clients, or serve or
  // forget others, so the queue is looked up again every time.
  for (auto queue = queues_.find(key); queue != queues_.end(); queue = queues_.find(key)) {
    const uint64_t client_id = queue->second.clients.front();
    retrying_ = client_id;
    const bool still_blocked = server_.RetryBlocked(client_id);
    retrying_ = 0;
    if (still_blocked) return;  // the key is empty again
    Forget(client_id);
  }
  // END SOLUTION
}

void BlockedClients::ClientClosed(const ClientState& client) { Forget(client.id); }

bool BlockedClients::Unblock(uint64_t client_id, bool with_error) {
  if (!waiters_.contains(client_id)) return false;
  Forget(client_id);
  return server_.EndWait(client_id, [with_error](RespWriter& reply) {
    if (with_error) {
      reply.Error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
      reply.NullArray();
    }
  });
}

void BlockedClients::WillStore(int db, std::string_view key, const ValueEnvelope& value) {
  MarkReady(KeyId{db, std::string(key), value.type});
}

void BlockedClients::WillSwapDatabases(int a, int b) {
  // The clients stay with their database number, which now holds the other one's keys.
  std::vector<KeyId> waited;
  for (const auto& [id, queue] : queues_) {
    if (id.db == a || id.db == b) waited.push_back(id);
  }
  for (const KeyId& id : waited) MarkReady(id);
}

void BlockedClients::MarkReady(const KeyId& key) {
  auto queue = queues_.find(key);
  if (queue == queues_.end() || queue->second.ready) return;
  queue->second.ready = true;
  ready_.push_back(key);
}

bool BlockedClients::HoldsItsType(const KeyId& key) {
  const Result<std::optional<ValueEnvelope>> envelope =
      server_.context().keyspace->Get(key.db, key.key);
  return envelope.ok() && envelope->has_value() && (*envelope)->type == key.type;
}

void BlockedClients::Forget(uint64_t client_id) {
  auto waiter = waiters_.find(client_id);
  if (waiter == waiters_.end()) return;
  for (auto& [id, place] : waiter->second.places) {
    auto queue = queues_.find(id);
    queue->second.clients.erase(place);
    if (queue->second.clients.empty()) queues_.erase(queue);
  }
  waiters_.erase(waiter);  // destroying its timer cancels the wait
  if (waiters_.empty()) server_.context().keyspace->set_observer(nullptr);
}

void BlockedClients::TimedOut(uint64_t client_id, uint64_t wait) {
  auto waiter = waiters_.find(client_id);
  if (waiter == waiters_.end() || waiter->second.wait != wait) return;
  Forget(client_id);
  server_.EndWait(client_id, [](RespWriter& reply) { reply.NullArray(); });
}

}  // namespace stepdb
