// TcpServer in this process: what Listen returns for addresses it cannot use.
#include "tcp_server.h"

#include <gtest/gtest.h>

#include "command_table.h"

namespace stepdb {
namespace {

TEST(TcpServer, AHostThatDoesNotResolveIsAnInvalidArgument) {
  CommandTable commands;
  TcpServer server(commands);
  const Status status = server.Listen("no.such.host.invalid", 0);
  EXPECT_TRUE(status.IsInvalidArgument())
      << "Listen(\"no.such.host.invalid\", 0): expected InvalidArgument, got " << status.ToString();
  EXPECT_NE(status.message().find("no.such.host.invalid"), std::string::npos)
      << "the message should name the host: " << status.ToString();
}

TEST(TcpServer, AnAddressInUseIsAnIOError) {
  CommandTable commands;
  TcpServer first(commands);
  const Status listening = first.Listen("127.0.0.1", 0);
  ASSERT_TRUE(listening.ok()) << "Listen(\"127.0.0.1\", 0): " << listening.ToString();
  TcpServer second(commands);
  const Status status = second.Listen("127.0.0.1", first.port());
  EXPECT_TRUE(status.IsIOError()) << "Listen(\"127.0.0.1\", " << first.port()
                                  << ") while another server listens there: expected IOError, got "
                                  << status.ToString();
}

}  // namespace
}  // namespace stepdb
