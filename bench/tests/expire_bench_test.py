#!/usr/bin/python3
"""Tests of the expiry benchmark's pieces that need no server: reading RESP replies and INFO,
the due times of the load, which probe round trips fall in the purge, and the flags.

Usage: expire_bench_test.py [-v]    (unittest; needs nothing built or installed)
"""

import contextlib
import io
import socket
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

import bench_expire  # noqa: E402
import clients  # noqa: E402
from bench_expire import (SPREAD_MS, RespConnection, due_offset_ms, info_field,  # noqa: E402
                          last_due_offset_ms, latencies_us)
from servers import BenchError  # noqa: E402


class Resp(unittest.TestCase):
    def setUp(self):
        ours, self.server = socket.socketpair()
        self.connection = RespConnection(ours)

    def tearDown(self):
        self.connection.close()
        self.server.close()

    def reply(self, data: bytes):
        self.server.sendall(data)
        return self.connection.read_reply("TEST")

    def test_sends_an_array_of_bulk_strings(self):
        self.server.sendall(b"+OK\r\n")
        self.assertEqual(self.connection.call("SET", "k", "vv"), "OK")
        self.assertEqual(self.server.recv(100),
                         b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\n")

    def test_reads_simple_integer_bulk_and_null_replies(self):
        self.assertEqual(self.reply(b"+OK\r\n"), "OK")
        self.assertEqual(self.reply(b":1000001\r\n"), 1000001)
        self.assertEqual(self.reply(b"$5\r\na\r\nbc\r\n"), b"a\r\nbc")
        self.assertEqual(self.reply(b"$-1\r\n"), None)

    def test_an_error_reply_is_an_error(self):
        with self.assertRaisesRegex(BenchError, "ERR unknown"):
            self.reply(b"-ERR unknown command\r\n")

    def test_a_reply_cut_short_is_an_error(self):
        self.server.sendall(b"$10\r\nabc")
        self.server.shutdown(socket.SHUT_WR)
        with self.assertRaisesRegex(BenchError, "cut short"):
            self.connection.read_reply("GET k")

    def test_expect_names_what_it_sent_and_got(self):
        self.server.sendall(b":7\r\n")
        with self.assertRaisesRegex(BenchError, "'DBSIZE', expected 1, got 7"):
            self.connection.expect(1, "DBSIZE")


class Info(unittest.TestCase):
    INFO = b"# Stats\r\ntotal_connections_received:3\r\nexpired_keys:1000\r\nevicted_keys:0\r\n"

    def test_reads_an_integer_field(self):
        self.assertEqual(info_field(self.INFO, "expired_keys"), 1000)
        self.assertEqual(info_field(self.INFO, "evicted_keys"), 0)

    def test_a_missing_field_is_an_error(self):
        with self.assertRaisesRegex(BenchError, "no expired_stale_perc field"):
            info_field(self.INFO, "expired_stale_perc")


class DueTimes(unittest.TestCase):
    def test_a_thousand_keys_take_every_millisecond_of_the_spread_once(self):
        self.assertEqual(sorted(due_offset_ms(i) for i in range(SPREAD_MS)),
                         list(range(SPREAD_MS)))
        self.assertEqual(last_due_offset_ms(1_000_000), SPREAD_MS - 1)

    def test_neighbouring_keys_are_not_due_together(self):
        self.assertNotEqual(due_offset_ms(1) - due_offset_ms(0), 1)

    def test_few_keys_end_early(self):
        self.assertEqual(last_due_offset_ms(1), 0)
        self.assertEqual(last_due_offset_ms(2), due_offset_ms(1))

    def test_the_load_file_sets_each_key_with_its_pxat(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "load.resp"
            clients.write_load_file(path, 2, value_size=2,
                                    expire_at_ms=lambda i: 1_700_000_000_000 + i)
            self.assertEqual(path.read_bytes(),
                             b"*5\r\n$3\r\nSET\r\n$11\r\nkey:0000000\r\n$2\r\nvv\r\n"
                             b"$4\r\nPXAT\r\n$13\r\n1700000000000\r\n"
                             b"*5\r\n$3\r\nSET\r\n$11\r\nkey:0000001\r\n$2\r\nvv\r\n"
                             b"$4\r\nPXAT\r\n$13\r\n1700000000001\r\n")


class Window(unittest.TestCase):
    def test_keeps_the_round_trips_that_overlap_the_window(self):
        round_trips = [(0, 900),        # ends before the window
                       (950, 1_050),    # straddles its start
                       (1_100, 4_100),  # inside
                       (4_500, 6_000),  # straddles its end
                       (5_001, 5_100)]  # starts after it
        self.assertEqual(latencies_us(round_trips, 1_000, 5_000), [0.1, 1.5, 3.0])


class Flags(unittest.TestCase):
    def parse_error(self, argv):
        with contextlib.redirect_stderr(io.StringIO()) as err, self.assertRaises(SystemExit) as e:
            bench_expire.parse_args(argv)
        self.assertEqual(e.exception.code, 2, f"{argv}: {err.getvalue()}")
        return err.getvalue()

    def test_defaults(self):
        args = bench_expire.parse_args([])
        self.assertEqual((args.keys, args.runs, args.lead), (1_000_000, 3, 30.0))
        self.assertTrue(args.stepdb.endswith("stages/07-ttl/stepdb-stage07"), args.stepdb)

    def test_the_lead_grows_with_the_keys_unless_given(self):
        self.assertEqual(bench_expire.parse_args(["--keys", "2000"]).lead, 5.05)
        self.assertEqual(bench_expire.parse_args(["--keys", "2000", "--lead", "1"]).lead, 1)

    def test_counts_must_be_positive(self):
        self.assertIn("--keys must be at least 1", self.parse_error(["--keys", "0"]))
        self.assertIn("--runs must be at least 1", self.parse_error(["--runs", "0"]))
        self.assertIn("must be positive", self.parse_error(["--lead", "0"]))


if __name__ == "__main__":
    unittest.main()
