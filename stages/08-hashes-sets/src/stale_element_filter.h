// StaleElementFilter: the compaction hook that takes the elements of ended collections off
// the disk.
//
// A DEL, an overwrite, an expiry or a *STORE ends a collection by one write of its key's
// envelope (collection_encoding.h); its element records stay behind, unreachable, because
// every read goes through the envelope and looks only below the version it names. This
// filter is where they go. Compaction asks it about every entry it rewrites; for an element
// record it reads the envelope of the record's key from the engine and drops the record iff
//
//   the key holds nothing, or a value that is not a collection, or a collection whose
//   version is not the record's (its OwnerVersion: a record of a second family counts as its
//   collection's, collection_encoding.h), or one whose expiry is due
//
// Which envelopes are collections, and where their version lies, is the one thing a later
// type changes: the filter asks a VersionOf function, stage 08's CollectionVersion (hashes
// and sets) unless it is given another. A stage that keeps a new type's elements as records
// must pass one that knows that type too, or the filter takes its envelope for a string and
// drops every element of every live value of it.
//
// Each of these is final: versions are never reused, so a record that is stale once stays
// stale. That is what makes the drop safe while clients write: a new collection under the
// same key has a new version and never sees the record. The envelope it read may not be
// durable yet (a DEL still in the log's buffer); stage 05 syncs the log before a compaction
// that dropped anything replaces its inputs (compaction_filter.h), so a crash cannot keep the
// drop and lose the DEL.
//
// Everything else (flushed databases, expired keys) is the wrapped filter's, which is asked
// first.
//
// Costs: compaction meets a collection's elements together, in order, so the filter keeps
// its last answer. "Stale" is final and is reused for the whole run of records; "live" is
// reused for at most a millisecond (then the envelope is read again), so a large live hash
// costs about one lookup per millisecond of compaction, not one per field, and a collection
// that ends while a compaction walks it is kept by that compaction for at most that long.
//
// Thread safety: ShouldDrop runs on the compaction thread while the loop writes; the engine
// is safe to read from there, set_engine is atomic, and the memo has its own lock.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "clock.h"
#include "collection_encoding.h"
#include "common/result.h"
#include "compaction_filter.h"
#include "engine.h"
#include "value_envelope.h"

namespace stepdb {

class StaleElementFilter final : public CompactionFilter {
 public:
  // The version of the collection whose elements the key of `envelope` keeps as records;
  // nullopt if its type keeps none (a string); Corruption if its metadata is damaged. Called
  // on the compaction thread: it must not touch the keyspace.
  using VersionOf = std::function<Result<std::optional<uint64_t>>(const ValueEnvelope& envelope)>;

  // `inner` is asked first (may be nullptr); `clock` must outlive the filter.
  StaleElementFilter(std::shared_ptr<CompactionFilter> inner, const Clock* clock,
                     VersionOf version_of = CollectionVersion)
      : inner_(std::move(inner)), clock_(clock), version_of_(std::move(version_of)) {}

  // The engine whose envelopes decide; until it is set, every element is kept. It must
  // outlive every compaction that asks the filter.
  void set_engine(Engine* engine) { engine_.store(engine); }

  bool ShouldDrop(size_t output_level, std::string_view key, std::string_view value) const override;

  // Element records dropped because their collection had ended.
  uint64_t dropped_elements() const { return dropped_elements_.load(); }

 private:
  // Whether the elements of `version` below the key whose envelope is at `engine_key` are
  // stale; nullopt when the engine could not say (the record is kept).
  std::optional<bool> IsStale(const std::string& engine_key, uint64_t version) const;

  const std::shared_ptr<CompactionFilter> inner_;
  const Clock* const clock_;
  const VersionOf version_of_;
  std::atomic<Engine*> engine_{nullptr};
  mutable std::atomic<uint64_t> dropped_elements_{0};
  // The last collection judged; a run of its records reuses the answer.
  mutable std::mutex mu_;
  mutable std::string memo_key_;                             // guarded by mu_
  mutable uint64_t memo_version_ = 0;                        // guarded by mu_
  mutable bool memo_stale_ = false;                          // guarded by mu_
  mutable std::chrono::steady_clock::time_point memo_time_;  // guarded by mu_
};

}  // namespace stepdb
