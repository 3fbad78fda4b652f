// stepdb-bench-get-latency: the load generator of `./scripts/bench stages`. It holds
// --clients connections, each sending `GET <key>` and waiting for the reply before it sends
// the next (one request in flight per connection), times every request at the client, and
// prints the latencies. It speaks both grammars the benchmark compares:
//
//   --protocol text   stage 01's text protocol:  GET k\n    ->  VALUE <value>\n
//   --protocol resp   Redis's inline command:    GET k\r\n  ->  $<length>\r\n<value>\r\n
//
// Why a compiled client: on a machine with two cores the client shares the CPUs with the
// server, so every microsecond the client spends per request is a microsecond the server
// does not get. One thread and epoll keep that to a few system calls per request; a Python
// client would spend tens of microseconds per request in the interpreter and measure itself.
//
// --random-clients more connections run beside the timed ones, untimed, each sending GETs of
// keys drawn uniformly from <prefix><zero-padded number below --random-key-count>, one at a
// time, until the last timed request is answered. They are the background load of the
// "disk reads on the loop thread" measurement.
//
// Every reply must be a hit (get_reply.h): a miss, an error reply or a closed connection
// ends the run with exit status 1 and the reason on stderr, since a benchmark that goes on
// after a miss measures the miss path. So does a run longer than --timeout seconds.
//
// Output on stdout (the benchmark's parse_latency_output reads it):
//
//   requests 5000 seconds 0.412 background 9120 replies 14320
//   58211
//   61002
//   ...                      one line per timed request: its latency in nanoseconds
//
// `seconds` runs from the first timed request's send to the last timed reply; `background`
// counts the replies the random clients got in that time; `replies` counts every reply of
// the run, warm-up and random clients' included (what the server's CPU time was spent on).
// --warmup untimed requests per timed connection go first (their replies are checked, not
// timed).
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench/server/get_reply.h"

namespace stepdb::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string protocol = "resp";
  int clients = 50;
  int requests = 1000;
  int warmup = 0;
  std::string key;
  int random_clients = 0;
  std::string random_key_prefix = "key:";
  int random_key_width = 7;
  int64_t random_key_count = 0;
  double timeout_seconds = 120;
  uint64_t seed = 301;
};

struct Connection {
  int fd = -1;
  bool timed = false;
  int left = 0;  // requests still to send; timed connections only
  int warmup_left = 0;
  Clock::time_point sent;
  std::string in;
};

[[noreturn]] void Fail(const std::string& message) { throw std::runtime_error(message); }

int Connect(const Flags& flags) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(flags.port));
  if (inet_pton(AF_INET, flags.host.c_str(), &address.sin_addr) != 1) {
    Fail("not an IPv4 address: " + flags.host);
  }
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Fail(std::string("socket: ") + std::strerror(errno));
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    Fail("cannot connect to " + flags.host + ":" + std::to_string(flags.port) + ": " +
         std::strerror(errno));
  }
  // A request is one small write: without this, Nagle's algorithm could hold it back
  // waiting for the previous reply's ACK and add its delay to the latency.
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

class LatencyRun {
 public:
  explicit LatencyRun(const Flags& flags)
      : flags_(flags),
        protocol_(flags.protocol == "resp" ? GetProtocol::kResp : GetProtocol::kText),
        terminator_(protocol_ == GetProtocol::kResp ? "\r\n" : "\n"),
        random_(flags.seed),
        pick_(0, flags.random_key_count > 0 ? flags.random_key_count - 1 : 0) {}

  ~LatencyRun() {
    for (const Connection& c : connections_) close(c.fd);
    if (epoll_ >= 0) close(epoll_);
  }

  void Run() {
    epoll_ = epoll_create1(0);
    if (epoll_ < 0) Fail(std::string("epoll_create1: ") + std::strerror(errno));
    connections_.resize(static_cast<size_t>(flags_.clients + flags_.random_clients));
    for (size_t i = 0; i < connections_.size(); ++i) {
      Connection& c = connections_[i];
      c.fd = Connect(flags_);
      c.timed = i < static_cast<size_t>(flags_.clients);
      c.warmup_left = c.timed ? flags_.warmup : 0;
      c.left = c.timed ? flags_.requests : 0;
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.u64 = i;
      if (epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event) != 0) {
        Fail(std::string("epoll_ctl: ") + std::strerror(errno));
      }
    }
    timed_left_ = static_cast<int64_t>(flags_.clients) * flags_.requests;
    latencies_.reserve(static_cast<size_t>(timed_left_));
    deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(flags_.timeout_seconds));
    for (Connection& c : connections_) SendNext(c);
    std::vector<epoll_event> events(connections_.size());
    while (timed_left_ > 0) {
      if (Clock::now() > deadline_) {
        Fail("not done within " + std::to_string(flags_.timeout_seconds) + " s; " +
             std::to_string(timed_left_) + " timed requests left");
      }
      const int ready = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
      if (ready < 0 && errno != EINTR) Fail(std::string("epoll_wait: ") + std::strerror(errno));
      for (int i = 0; i < ready; ++i) Receive(connections_[events[i].data.u64]);
    }
  }

  void Print() const {
    const double seconds = std::chrono::duration<double>(last_reply_ - first_send_).count();
    std::printf("requests %zu seconds %.6f background %lld replies %lld\n", latencies_.size(),
                seconds, static_cast<long long>(background_replies_),
                static_cast<long long>(replies_));
    for (const int64_t nanos : latencies_) std::printf("%lld\n", static_cast<long long>(nanos));
  }

 private:
  std::string NextKey(const Connection& c) {
    if (c.timed) return flags_.key;
    std::string number = std::to_string(pick_(random_));
    if (number.size() < static_cast<size_t>(flags_.random_key_width)) {
      number.insert(0, static_cast<size_t>(flags_.random_key_width) - number.size(), '0');
    }
    return flags_.random_key_prefix + number;
  }

  // Sends c's next request, if it has one. With one request in flight the socket's send
  // buffer is empty, so the whole request goes out in one write or the connection is broken.
  void SendNext(Connection& c) {
    if (c.timed && c.warmup_left == 0 && c.left == 0) return;
    if (!c.timed && timed_left_ == 0) return;
    const std::string request = "GET " + NextKey(c) + terminator_;
    c.sent = Clock::now();
    if (c.timed && c.warmup_left == 0 && !started_) {
      started_ = true;
      first_send_ = c.sent;
    }
    const ssize_t n = send(c.fd, request.data(), request.size(), MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(request.size())) {
      Fail("cannot send a request: " + std::string(n < 0 ? std::strerror(errno) : "short write"));
    }
  }

  // One recv per readiness: a reply is small, and what is left stays ready (epoll is
  // level-triggered), so a second recv that would only say EAGAIN is a system call saved.
  void Receive(Connection& c) {
    char buffer[16384];
    const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
    if (n == 0) Fail("the server closed a connection");
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      Fail(std::string("recv: ") + std::strerror(errno));
    }
    c.in.append(buffer, static_cast<size_t>(n));
    const Result<size_t> reply = GetReplyLength(c.in, protocol_);
    if (!reply.ok()) Fail(reply.status().message());
    const size_t length = reply.value();
    if (length == 0) return;
    if (length != c.in.size()) Fail("a reply came that was not asked for");
    c.in.clear();
    ++replies_;
    const Clock::time_point now = Clock::now();
    if (!c.timed) {
      if (started_ && timed_left_ > 0) ++background_replies_;
    } else if (c.warmup_left > 0) {
      --c.warmup_left;
    } else {
      latencies_.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.sent).count());
      --c.left;
      --timed_left_;
      last_reply_ = now;
    }
    SendNext(c);
  }

  const Flags& flags_;
  const GetProtocol protocol_;
  const std::string terminator_;
  std::mt19937_64 random_;
  std::uniform_int_distribution<int64_t> pick_;
  int epoll_ = -1;
  std::vector<Connection> connections_;
  std::vector<int64_t> latencies_;
  int64_t timed_left_ = 0;
  int64_t background_replies_ = 0;
  int64_t replies_ = 0;
  bool started_ = false;
  Clock::time_point first_send_, last_reply_, deadline_;
};

}  // namespace
}  // namespace stepdb::bench

int main(int argc, char** argv) {
  stepdb::bench::Flags flags;
  CLI::App app{
      "stepdb-bench-get-latency: connections that each send GET <key> one at a time, timed "
      "per request at the client; prints the latencies in nanoseconds"};
  app.add_option("--host", flags.host, "IPv4 address of the server")->capture_default_str();
  app.add_option("--port", flags.port, "Port of the server")
      ->required()
      ->check(CLI::Range(1, 65535));
  app.add_option("--protocol", flags.protocol, "text (GET k\\n) or resp (inline GET k\\r\\n)")
      ->check(CLI::IsMember({"text", "resp"}))
      ->capture_default_str();
  app.add_option("--clients", flags.clients, "Timed connections")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--requests", flags.requests, "Timed requests per timed connection")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  app.add_option("--warmup", flags.warmup, "Untimed requests per timed connection first")
      ->check(CLI::Range(0, 100000000))
      ->capture_default_str();
  app.add_option("--key", flags.key, "The key the timed connections GET (it must exist)")
      ->required();
  app.add_option("--random-clients", flags.random_clients,
                 "Untimed connections that GET random keys meanwhile")
      ->check(CLI::Range(0, 10000))
      ->capture_default_str();
  app.add_option("--random-key-prefix", flags.random_key_prefix, "Random keys' prefix")
      ->capture_default_str();
  app.add_option("--random-key-width", flags.random_key_width,
                 "Random keys' number, zero-padded to this many digits")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  app.add_option("--random-key-count", flags.random_key_count,
                 "Random keys are numbered 0 to this minus 1 (all must exist)")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40))
      ->capture_default_str();
  app.add_option("--timeout", flags.timeout_seconds, "Seconds the run may take")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--seed", flags.seed, "Seed of the random keys")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (flags.random_clients > 0 && flags.random_key_count == 0) {
    std::fprintf(stderr, "--random-clients needs --random-key-count\n");
    return 2;
  }
  try {
    stepdb::bench::LatencyRun run(flags);
    run.Run();
    run.Print();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stepdb-bench-get-latency: %s\n", e.what());
    return 1;
  }
  return 0;
}
