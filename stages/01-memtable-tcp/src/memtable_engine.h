// MemTableEngine: stage 01's Engine, a sorted std::map in memory behind one mutex.
//
// This is the simplest engine that keeps the Engine contract: a std::map keeps keys in byte
// order (so Scan is an in-order walk), and one mutex around every method makes each call,
// and so each WriteBatch, atomic with respect to every other. Nothing is durable: the data
// lives as long as the process.
//
// Thread safety: all methods may be called concurrently; they serialize on mu_.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "engine.h"

namespace stepdb {

class MemTableEngine : public Engine {
 public:
  Result<std::string> Get(std::string_view key) override;
  Status Write(const WriteBatch& batch) override;
  Status Scan(std::string_view start, std::string_view end, size_t limit,
              const ScanVisitor& visit) override;

  // The number of keys stored.
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string, std::less<>> map_;  // guarded by mu_
};

}  // namespace stepdb
