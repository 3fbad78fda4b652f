// MemcacheCommands: runs Memcached requests (text and meta, parsed by memcache_parser.h)
// against the keyspace, and writes memcached 1.6's replies, byte for byte.
//
// ONE KEY SPACE FOR TWO PROTOCOLS. Memcached has no databases: its items are the keys of
// database 0, stored in the same envelope as Redis strings (value_envelope.h). So `set k 5 0 3`
// makes the Redis string "k", and a key set by Redis's SET is an item with client flags 0. The
// envelope keeps what memcached keeps beside the bytes: the client flags, the expiry and the
// cas unique. A Redis write that keeps a value's envelope (APPEND, SETRANGE, INCR) keeps its
// flags; one that replaces the value (SET) resets them to 0, as a new memcached item would.
//
// Memcached has no types, so a key holding another type (a hash, from stage 08 on) is, to it, a
// key that does not exist: get, gets, gat, mg and me miss it, and replace, append, prepend, cas,
// incr, decr, touch and delete (text or meta) answer as for a missing key. Two commands must
// decide otherwise, because a missing key would let them destroy the value: `set` (and ms in
// set mode) replaces it, as Redis's SET replaces a key of any type; `add` and ms ME answer
// NOT_STORED (NS), and so does ma N, since the key is in fact taken (mg N just misses).
//
// CAS. Every write of a key gets a fresh cas from the keyspace, whichever protocol made it, so
// a cas taken by `gets` fails (EXISTS) once anyone wrote the key. A touch (touch, gat, gats,
// the T flag) changes only when the item expires and keeps its cas, as in memcached
// (Keyspace::Touch), so a cas taken before a touch still succeeds after it.
//
// EXPIRY. Every exptime and TTL token is turned into an absolute expiry by memcached's rules
// (memcache_item.h) and stored in the envelope; stage 07 makes stored expiries take effect. One
// case acts already: an item whose expiry is due when it is written (a negative exptime, an
// absolute time in the past) is deleted instead of stored, since memcached answers as if it was
// stored and never serves it again ("set k 0 -1 1" is STORED, then "get k" is END).
//
// flush_all with a delay remembers when it is due and flushes database 0 at the first request
// of either protocol that arrives after that (FlushIfDue; memcached invalidates the items at
// that second without a request, and no client can tell the difference). A later flush_all
// replaces a pending one, and flush_all without a delay (or with 0 or less) flushes at once.
//
// META FLAGS. Each meta command reads its flags in the order sent and answers their tokens in
// that order (so "mg k t T30" reports the TTL before the touch, "mg k T30 t" after). The flags
// that mean something here:
//   mg  v k f s t c O q T N R (and W, X, Z in the reply); h and l are accepted but StepDB does
//       not track reads (on an LSM tree that would make every read a write): h0 and l0
//   ms  c C F I k O q T M(E A P R S)      md  C I k O q T      ma  c C D J k M(I + D -) N O q t T v
//   me  (meta debug) answers as memcached does without any debug option: EN for a miss, else
//       "ME <key> exp=.. la=0 cas=.. fetch=no cls=1 size=<bytes of key and envelope>"
// Other flags memcached knows are accepted and do nothing, as there. With the b flag the key
// is base64 in the request and StepDB writes it back (k, me) in base64 followed by " b", as
// memcached's later releases do; 1.6.18 writes the decoded bytes, which breaks the line when
// the key holds a space or a newline.
//
// The stale mark that md I sets (mg answers X) and the recache token of N, R and stale items
// (mg answers W to one client, then Z) are memcached item bits that the envelope does not
// carry. They are kept here, in memory, beside the item and tied to its cas: a write of the
// key by anyone gives it a fresh cas, which clears them, as a new item clears them in
// memcached. They do not survive a restart (an item marked stale is then served as fresh).
//
// ERRORS. A failed keyspace call answers "SERVER_ERROR <status>". A text request with noreply
// answers nothing even then, as memcached's own errors under noreply; a meta request always
// answers its errors (q hides only the nominal reply: EN for mg, HD for ms, md and ma).
//
// STATS. `stats` reports memcached's general statistics that StepDB can fill: process,
// connections (of both protocols), and the counters of server_stats.h's MemcacheStats;
// curr_items is the number of keys in database 0. A read of a key (get, gets, gat, gats, mg)
// also counts as a keyspace hit or miss for Redis's INFO, as Redis counts its reads. `stats
// settings`, `stats items` (one class, number of items), `stats slabs` (none: StepDB allocates no
// slabs), `stats sizes` (disabled), `stats conns` and `stats reset` answer in memcached's format;
// other groups are "ERROR". `version` answers the memcached version whose replies these are;
// `verbosity` answers OK and changes nothing but `stats settings`.
//
// Thread safety: not thread-safe; runs on the server's loop thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "command_context.h"
#include "common/result.h"
#include "common/status.h"
#include "memcache_parser.h"
#include "value_envelope.h"

namespace stepdb {

// What `version` and `stats` report: the memcached release whose replies StepDB gives.
inline constexpr const char* kMemcachedCompatibleVersion = "1.6.18";

class MemcacheCommands {
 public:
  explicit MemcacheCommands(ServerContext& server) : server_(server) {}

  // Runs one request for `client` and appends memcached's reply bytes to *out (nothing for a
  // noreply request, nor for a q request that succeeded). Sets client.close_after_reply for
  // `quit`.
  void Execute(const McRequest& request, ClientState& client, std::string* out);

  // Carries out a delayed flush_all whose time has come. Execute calls it first, and so does
  // every round of Redis commands, so that no client of either protocol sees a flushed item.
  Status FlushIfDue();

 private:
  // A key as memcached sees it: the string item stored there, if any.
  struct Lookup {
    std::optional<ValueEnvelope> item;  // nullopt: no key, or a key of another type
    bool occupied = false;              // true iff the key exists, whatever its type
  };
  // The meta-protocol bits memcached keeps in an item (see the essay).
  struct Marks {
    bool stale = false;     // md I marked the item stale: mg answers X
    bool win_sent = false;  // a client was told it won the recache: others get Z
  };
  enum class StoreMode { kSet, kAdd, kReplace, kAppend, kPrepend, kCas };
  enum class StoreOutcome { kStored, kNotStored, kExists, kNotFound };
  // One storage request of either protocol (set ... cas; ms).
  struct StoreRequest {
    StoreMode mode = StoreMode::kSet;
    std::string_view key;
    std::string_view data;
    uint32_t flags = 0;
    int64_t exptime = 0;
    bool compare_cas = false;  // append and prepend check a cas only when given one
    uint64_t cas = 0;          // cas mode, or append/prepend with compare_cas
    bool invalidate = false;   // ms I: a cas older than the item's stores the data as stale
  };

  // Runs the request's command. Like every handler below, it returns the keyspace's error, if
  // any, and Execute then replaces what the request wrote so far with SERVER_ERROR.
  Status Dispatch(const McRequest& request, ClientState& client, std::string* out);

  // The text protocol (memcache_commands.cc).
  Status Retrieve(const McRequest& request, std::string* out);  // get gets gat gats
  Status Store(const McRequest& request, std::string* out);     // set add replace ... cas
  Status Delete(const McRequest& request, std::string* out);
  Status IncrDecr(const McRequest& request, std::string* out);
  Status Touch(const McRequest& request, std::string* out);
  Status FlushAll(const McRequest& request, std::string* out);

  // The meta protocol (memcache_meta_commands.cc).
  Status MetaGet(const McRequest& request, std::string* out);
  Status MetaSet(const McRequest& request, std::string* out);
  Status MetaDelete(const McRequest& request, std::string* out);
  Status MetaArithmetic(const McRequest& request, std::string* out);
  Status MetaDebug(const McRequest& request, std::string* out);

  // `stats` and its groups (memcache_stats.cc).
  void Stats(const McRequest& request, const ClientState& client, std::string* out);

  // What the commands share (memcache_commands.cc).
  static constexpr int kDb = 0;  // memcached's items are the keys of database 0
  // Unix time in milliseconds, for expiry times: the server's clock (clock.h).
  int64_t NowMs() const;
  Result<Lookup> Find(std::string_view key);
  // Runs a storage request: memcached's do_store_item. On kStored, *cas (if not null) is the
  // new item's cas.
  Result<StoreOutcome> StoreItem(const StoreRequest& request, uint64_t* cas);
  // The reply word of a storage outcome: STORED, NOT_STORED, EXISTS, NOT_FOUND; for ms (meta)
  // HD, NS, EX, NF.
  static const char* OutcomeReply(StoreOutcome outcome, bool meta);
  // Writes `item` under `key` with a fresh cas, or deletes the key if the item's expiry is
  // already due. *cas (if not null) gets the cas written (0 if deleted); `marks` go with it.
  Status WriteItem(std::string_view key, const ValueEnvelope& item, uint64_t* cas, Marks marks);
  // Writes a touched item's new expiry, keeping its cas and its marks; deletes the key if the
  // new expiry is already due.
  Status TouchItem(std::string_view key, const ValueEnvelope& item);
  Status FlushNow();
  // Counts a read of one key, as a get or (touch) as a touch.
  void CountRead(bool hit, bool touch);

  // The marks of `key` while its cas is still `cas`; none otherwise.
  Marks MarksOf(std::string_view key, uint64_t cas);
  void SetMarks(std::string_view key, uint64_t cas, Marks marks);

  Keyspace& keyspace() { return *server_.keyspace; }
  MemcacheStats& stats() { return server_.stats->memcached; }

  ServerContext& server_;
  // key -> (the cas the marks belong to, the marks). Entries of keys rewritten since are
  // dropped when met, and all of them are checked whenever the table doubles.
  std::unordered_map<std::string, std::pair<uint64_t, Marks>> marks_;
  size_t marks_checked_size_ = 0;
  int64_t flush_due_ms_ = 0;  // a delayed flush_all's due time; 0: none pending
  uint32_t verbosity_ = 0;
};

}  // namespace stepdb
