#include "bench/workload.h"

#include <random>

namespace stepdb::bench {

const std::vector<WorkloadSpec>& AllWorkloads() {
  static const std::vector<WorkloadSpec> workloads = {
      {WorkloadKind::kFillSeq, "fillseq", "fresh database; put keys 0..num-1 in order"},
      {WorkloadKind::kFillRandom, "fillrandom", "fresh database; put every key once, random order"},
      {WorkloadKind::kOverwrite, "overwrite", "put every key once more, random order, new values"},
      {WorkloadKind::kReadRandom, "readrandom", "get every key once, random order; all must hit"},
      {WorkloadKind::kReadMissing, "readmissing", "get num keys never written; all must miss"},
      {WorkloadKind::kReadSeq, "readseq", "iterate the whole database from the first key"},
      {WorkloadKind::kDeleteRandom, "deleterandom", "delete every key once, random order"},
  };
  return workloads;
}

const WorkloadSpec* FindWorkload(std::string_view name) {
  for (const WorkloadSpec& spec : AllWorkloads()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

void FormatKey(uint64_t n, char* out) {
  for (size_t i = kKeyBytes; i > 0; --i) {
    out[i - 1] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
}

std::string Key(uint64_t n) {
  std::string key(kKeyBytes, '\0');
  FormatKey(n, key.data());
  return key;
}

void FormatMissingKey(uint64_t n, char* out) {
  FormatKey(n, out);
  out[kKeyBytes] = '.';
}

std::string MissingKey(uint64_t n) {
  std::string key(kMissingKeyBytes, '\0');
  FormatMissingKey(n, key.data());
  return key;
}

std::vector<uint64_t> ShuffledOrder(uint64_t num, uint64_t seed, uint64_t stream) {
  std::vector<uint64_t> order(num);
  for (uint64_t i = 0; i < num; ++i) order[i] = i;
  // seed_seq spreads (seed, stream) over the whole generator state, so nearby seeds and
  // streams still give unrelated orders.
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                    static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)};
  std::mt19937_64 random(seq);
  // Modulo has a bias of at most num / 2^64, far below anything a benchmark can notice, and
  // unlike std::uniform_int_distribution it gives the same numbers with every standard library.
  for (uint64_t i = num; i > 1; --i) {
    uint64_t j = random() % i;
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

ValueSource::ValueSource(size_t value_size, uint64_t seed) : value_size_(value_size) {
  std::mt19937_64 random(seed);
  pool_.resize(kPoolBytes + value_size_);
  for (char& byte : pool_) byte = static_cast<char>(random() >> 56);
}

std::string_view ValueSource::Value(uint64_t key, uint32_t generation) const {
  // SplitMix64's finalizer (Steele, Lea, Flood) turns (key, generation) into a well-spread
  // offset into the pool.
  uint64_t x = key * 0x9E3779B97F4A7C15ull + generation;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  x ^= x >> 31;
  return std::string_view(pool_).substr(x % kPoolBytes, value_size_);
}

}  // namespace stepdb::bench
