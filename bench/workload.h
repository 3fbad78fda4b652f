// The workloads of the engine benchmark, and the keys, values and orders they use.
//
// They follow LevelDB's db_bench, so numbers can be set beside published ones:
//   - keys are 16-byte zero-padded decimal numbers, Key(0) = "0000000000000000", so byte
//     order is numeric order;
//   - every workload does --num operations, one key per call (no batching), and each write
//     workload touches every key of [0, num) exactly once, in its own order. (db_bench draws
//     random keys with replacement; a permutation instead lets every read be checked: after a
//     fill, every key exists with a known value.)
//   - values are --value-size bytes cut from a fixed pool of pseudo-random bytes, so they do
//     not compress (compression is off for every engine anyway) and on-disk sizes show what
//     an engine stores rather than what a compressor saves. The value of a key depends on the
//     key and on the write "generation" that wrote it, so a read can tell a fresh value from
//     a stale one.
//
// Every random choice comes from one seed (--seed), so all engines of a run, and all runs with
// the same seed, see exactly the same keys in exactly the same order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepdb::bench {

enum class WorkloadKind {
  kFillSeq,       // fresh database; put keys 0, 1, ..., num-1
  kFillRandom,    // fresh database; put every key once, in random order
  kOverwrite,     // put every existing key once more, in random order, with a new value
  kReadRandom,    // get every existing key once, in random order; each must be found
  kReadMissing,   // get num keys that were never written; none may be found
  kReadSeq,       // iterate the whole database from the first key
  kDeleteRandom,  // delete every existing key once, in random order
};

struct WorkloadSpec {
  WorkloadKind kind;
  std::string_view name;     // what --benchmarks takes: "fillseq"
  std::string_view summary;  // one line for --help and the README
};

// Every workload, in the default order (each prepares the database the next one reads).
const std::vector<WorkloadSpec>& AllWorkloads();
// The workload called `name`, or nullptr.
const WorkloadSpec* FindWorkload(std::string_view name);

// Keys: 16 decimal digits, zero-padded.
inline constexpr size_t kKeyBytes = 16;
// Writes the key of number n (n < 10^16) into out[0..kKeyBytes).
void FormatKey(uint64_t n, char* out);
std::string Key(uint64_t n);
// The key readmissing asks for: Key(n) followed by '.', which sorts between Key(n) and
// Key(n + 1). Such a miss falls inside the key range of the tables, so an engine cannot
// answer it from a table's smallest and largest key alone: its bloom filter has to.
inline constexpr size_t kMissingKeyBytes = kKeyBytes + 1;
void FormatMissingKey(uint64_t n, char* out);
std::string MissingKey(uint64_t n);

// A permutation of [0, num), the same for the same (seed, stream) on every platform: a
// Fisher-Yates shuffle driven by std::mt19937_64, whose output the standard fixes.
// `stream` separates the orders of different workloads of one run.
std::vector<uint64_t> ShuffledOrder(uint64_t num, uint64_t seed, uint64_t stream);

// The values written by the benchmark.
// Thread safety: immutable after construction; safe to share.
class ValueSource {
 public:
  ValueSource(size_t value_size, uint64_t seed);

  // The value the write of the given generation stores under key number `key`: value_size()
  // bytes, valid as long as this object. Different keys and generations get different slices.
  std::string_view Value(uint64_t key, uint32_t generation) const;
  size_t value_size() const { return value_size_; }

 private:
  static constexpr size_t kPoolBytes = 1 << 20;
  size_t value_size_;
  std::string pool_;  // kPoolBytes + value_size_ pseudo-random bytes
};

}  // namespace stepdb::bench
