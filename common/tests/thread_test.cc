#include "common/thread.h"

#include <gtest/gtest.h>

#include <atomic>

namespace stepdb {
namespace {

TEST(StartThread, RunsTheFunctionOnANewThread) {
  std::atomic<bool> ran{false};
  Result<std::thread> thread = StartThread("test", [&ran] { ran = true; });
  ASSERT_TRUE(thread.ok()) << thread.status().ToString();
  thread->join();
  EXPECT_TRUE(ran);
}

// std::thread copies its callable on the calling thread, so a copy that throws the error a
// refused thread creation throws takes the same way out of the constructor.
struct RefusedThread {
  RefusedThread() = default;
  RefusedThread(const RefusedThread&) {
    throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
  }
  void operator()() const {}
};

TEST(StartThread, ARefusedThreadIsAnIOErrorThatSaysWhat) {
  const RefusedThread refused;
  Result<std::thread> thread = StartThread("/db: flush", refused);
  ASSERT_FALSE(thread.ok()) << "expected an error, got a thread";
  EXPECT_TRUE(thread.status().IsIOError()) << thread.status().ToString();
  EXPECT_EQ(thread.status().message().rfind("/db: flush: cannot start thread: ", 0), 0u)
      << thread.status().ToString();
}

}  // namespace
}  // namespace stepdb
