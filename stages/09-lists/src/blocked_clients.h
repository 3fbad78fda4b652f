// BlockedClients: the clients that BLPOP and its kin parked, and the serving of them when a
// key they wait for gets a value of the type they wait for (the model is Redis's blocked.c).
//
// A blocking command that finds every key it names empty cannot wait in its handler: the
// loop runs every client, so a handler that waited would stop them all. It parks its client
// instead (Block) and returns without a reply. The client is then *blocked*: the server runs
// none of its further requests (server.h, rule 7) and the client waits in a FIFO queue per
// key it named, in its database, and per type it waits for there (a list for BLPOP, a sorted
// set for BZPOPMIN):
//
//   queues_   (0, "jobs", list)    ──▶ client 7 ──▶ client 9    BLPOP jobs 0        (client 7)
//             (0, "urgent", list)  ──▶ client 9                 BLPOP urgent jobs 0 (client 9)
//             (0, "jobs", zset)    ──▶ client 4                 BZPOPMIN jobs 0     (client 4)
//
// Waking. Every value a command stores passes the keyspace's observer (keyspace.h): a value
// stored under a key that has a queue for the value's type marks that queue *ready* (Redis's
// signalKeyAsReady). A value of another type wakes nobody, as in Redis 7.0, where a waiter
// is served only from a value of the type it waits for: a ZADD to the key of a BLPOP leaves
// the BLPOP waiting. Nothing is served inside the write, which is still under way; after the
// command, AfterCommand serves each ready queue (Redis's handleClientsBlockedOnKeys):
//
//   for each ready queue whose key holds its type, its waiters in queue order:
//     run the waiter's command again, as if it had just arrived (Server::RetryBlocked)
//       served (it popped and replied)  -> drop it from every queue it is in, stop its timer
//       blocked again (the key is empty again) -> it keeps its place; the queue is done
//
// So "RPUSH jobs a b" with clients 7 and 9 waiting serves 7 with a and 9 with b, first come
// first served; with one element, 9 waits on. A waiter is re-run whole, so BLPOP urgent jobs
// pops urgent first if both have elements by then, as a fresh BLPOP would. A served command
// may make other keys ready (BLMOVE pushes into its destination), so AfterCommand goes on
// until no key is ready; the commands it re-runs call AfterCommand too, which then returns at
// once (one serving at a time). A waiter on the same key for another type is in another
// queue: it keeps its place and is not re-run (a key holds one type at a time, so the order
// between two queues of a key never matters).
//
// The other ways out: the timeout passes (a steady_timer on the loop per waiter with a
// timeout; the client gets a null array), CLIENT UNBLOCK (Unblock: a null array or an error),
// and the client goes away (ClientClosed, on disconnect or CLIENT KILL). A waiter re-run and
// blocked again keeps its deadline.
//
// Costs. Nothing here runs per command unless a key is ready: AfterCommand is one branch, and
// while no client waits the keyspace has no observer, so a write pays one branch too. While
// clients wait, a stored value costs one hash lookup; serving costs one re-run per served
// client, plus one per queue whose key ran dry with waiters left. SWAPDB marks every queue
// waiting in its two databases (their new contents are not known without reading them).
//
// Limits, compared with Redis 7.0 (which pops for the waiter instead of re-running its
// command): a waiter whose command names, before the ready key, a key that now holds another
// type gets WRONGTYPE, as a fresh command would; Redis 7.0 serves it from the ready key.
//
// Thread safety: not thread-safe; everything runs on the server's loop thread.
#pragma once

// Boost 1.74's asio uses std::exchange without including <utility>, which GCC 12 needs.
// clang-format off
#include <utility>
#include <boost/asio/steady_timer.hpp>
// clang-format on

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "command_context.h"
#include "keyspace.h"
#include "server.h"

namespace stepdb {

class BlockedClients final : public BlockingService, public KeyspaceObserver {
 public:
  // Becomes `server`'s blocking service (ServerContext::blocking) until destroyed. `server`
  // must outlive the object, which is created and destroyed on the loop's thread or while
  // the loop is not running.
  explicit BlockedClients(Server& server);
  ~BlockedClients() override;

  BlockedClients(const BlockedClients&) = delete;
  BlockedClients& operator=(const BlockedClients&) = delete;

  // BlockingService (command_context.h).
  void Block(CommandContext& ctx, std::span<const std::string> keys, ValueType type,
             int64_t timeout_ms) override;
  void AfterCommand() override;
  void ClientClosed(const ClientState& client) override;
  bool Unblock(uint64_t client_id, bool with_error) override;
  size_t blocked_clients() const override { return waiters_.size(); }

  // KeyspaceObserver (keyspace.h): installed while at least one client waits.
  void WillStore(int db, std::string_view key, const ValueEnvelope& value) override;
  void WillSwapDatabases(int a, int b) override;

  // A timeout longer than this waits forever (about a century; a steady_timer cannot count
  // much further in nanoseconds).
  static constexpr int64_t kLongestTimeoutMs = int64_t{100} * 365 * 24 * 3600 * 1000;

 private:
  // A key of a database, and the type that the clients of its queue wait for there.
  struct KeyId {
    int db;
    std::string key;
    ValueType type;
    bool operator==(const KeyId&) const = default;
  };
  struct KeyIdHash {
    size_t operator()(const KeyId& id) const {
      return std::hash<std::string_view>()(id.key) +
             0x9e3779b97f4a7c15 * static_cast<size_t>(id.db) + static_cast<size_t>(id.type);
    }
  };
  // The clients waiting on one key for one type, first come first.
  struct Queue {
    std::list<uint64_t> clients;
    bool ready = false;  // in ready_
  };
  struct Waiter {
    uint64_t wait = 0;  // tells a stale timer's wake-up from this wait's
    // Where the client stands in each queue, its KeyId saying the type it waits for (a key
    // named twice is in its queue once).
    std::vector<std::pair<KeyId, std::list<uint64_t>::iterator>> places;
    std::unique_ptr<boost::asio::steady_timer> timer;  // nullptr: no timeout
  };

  // Marks key ready unless nobody waits on it for its type or it already is.
  void MarkReady(const KeyId& key);
  // Serves the waiters of key, first come first, while it has elements.
  // REQUIRES: key.key holds a value of key.type.
  void ServeKey(const KeyId& key);
  // True iff key.key holds a value of key.type (a storage error counts as no: nobody is
  // served then).
  bool HoldsItsType(const KeyId& key);
  // Takes the client out of every queue and stops its timer; nothing if it does not wait.
  void Forget(uint64_t client_id);
  // The timer of wait `wait` of the client fired.
  void TimedOut(uint64_t client_id, uint64_t wait);

  Server& server_;
  std::unordered_map<KeyId, Queue, KeyIdHash> queues_;
  std::unordered_map<uint64_t, Waiter> waiters_;  // by client id
  std::vector<KeyId> ready_;  // the queues to serve, in the order they got ready
  uint64_t next_wait_ = 1;
  bool serving_ = false;   // AfterCommand is serving
  uint64_t retrying_ = 0;  // the client whose command ServeKey re-runs (0: none)
};

}  // namespace stepdb
