#!/usr/bin/python3
"""Tests of the stages comparison's pieces that need no server: the percentile, reading what
stepdb-bench-get-latency prints, the two servers' request and reply bytes, the table and CSV,
and the flags.

Usage: compare_stages_test.py [-v]    (unittest; needs nothing built or installed)
"""

import contextlib
import io
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

import compare_stages  # noqa: E402
from compare_stages import (STAGE01, STAGE06, Figure, csv_text, parse_latency_output,  # noqa: E402
                            percentile, table)
from servers import BenchError  # noqa: E402

CLIENT_OUTPUT = ("requests 4 seconds 0.002000 background 17 replies 30\n"
                 "40000\n10000\n30000\n20000\n")


class Percentile(unittest.TestCase):
    def test_nearest_rank(self):
        values = list(range(1, 101))  # 1..100
        self.assertEqual(percentile(values, 50), 50)
        self.assertEqual(percentile(values, 99), 99)
        self.assertEqual(percentile(values, 100), 100)

    def test_rounds_the_rank_up(self):
        # 99% of 10 values is 9.9 of them: the 10th value.
        self.assertEqual(percentile(list(range(10, 110, 10)), 99), 100)
        self.assertEqual(percentile([5, 7], 50), 5)
        self.assertEqual(percentile([5, 7], 51), 7)

    def test_one_value_is_every_percentile(self):
        self.assertEqual(percentile([42], 1), 42)
        self.assertEqual(percentile([42], 99), 42)

    def test_no_values_or_a_bad_p_is_an_error(self):
        for values, p in (([], 50), ([1, 2], 0), ([1, 2], 101)):
            with self.assertRaises(ValueError, msg=f"percentile({values}, {p})"):
                percentile(values, p)


class LatencyOutput(unittest.TestCase):
    def test_reads_the_summary_and_every_latency(self):
        result = parse_latency_output(CLIENT_OUTPUT, 4)
        self.assertEqual(result.seconds, 0.002)
        self.assertEqual(result.background, 17)
        self.assertEqual(result.replies, 30)
        self.assertEqual(result.latencies_ns, [40000, 10000, 30000, 20000])
        self.assertEqual(result.ops_per_sec, 2000.0)
        self.assertEqual(result.percentile_us(50), 20.0)
        self.assertEqual(result.percentile_us(99), 40.0)

    def test_a_count_other_than_asked_for_is_an_error(self):
        with self.assertRaisesRegex(BenchError, "expected 5"):
            parse_latency_output(CLIENT_OUTPUT, 5)

    def test_a_missing_latency_is_an_error(self):
        cut = CLIENT_OUTPUT.rsplit("20000\n", 1)[0]
        with self.assertRaisesRegex(BenchError, "listed 3 latencies"):
            parse_latency_output(cut, 4)

    def test_output_without_the_summary_is_an_error(self):
        for output in ("", "40000\n10000\n", "requests 1 seconds x background 0 replies 1\n1\n",
                       "requests 1 secs 0.1 background 0 replies 1\n1\n",
                       "requests 1 seconds 0.1 background 0\n1\n"):
            with self.assertRaisesRegex(BenchError, "does not parse", msg=repr(output)):
                parse_latency_output(output, 1)

    def test_a_figure_that_is_not_positive_is_an_error(self):
        for output in ("requests 1 seconds 0 background 0 replies 1\n5\n",
                       "requests 1 seconds 0.1 background 0 replies 1\n0\n"):
            with self.assertRaisesRegex(BenchError, "not positive", msg=repr(output)):
                parse_latency_output(output, 1)

    def test_fewer_replies_than_requests_and_background_is_an_error(self):
        with self.assertRaisesRegex(BenchError, "fewer replies"):
            parse_latency_output(CLIENT_OUTPUT.replace("replies 30", "replies 20"), 4)


class Grammars(unittest.TestCase):
    def test_stage01_text_protocol(self):
        self.assertEqual(STAGE01.request("GET", "k"), b"GET k\n")
        self.assertEqual(STAGE01.get_reply("hello"), b"VALUE hello\n")
        self.assertEqual(STAGE01.ok_reply, b"OK\n")

    def test_stage06_inline_commands(self):
        self.assertEqual(STAGE06.request("GET", "k"), b"GET k\r\n")
        self.assertEqual(STAGE06.get_reply("hello"), b"$5\r\nhello\r\n")
        self.assertEqual(STAGE06.ok_reply, b"+OK\r\n")


def figures():
    memory = Figure("rss_idle", "idle RSS", "MiB", {"stage01": [4.5, 4.7, 4.6],
                                                     "stage06": [6.0, 6.2, 6.1]})
    disk = Figure("hot_get_alone_p99", "hot-key GET, alone: p99", "us",
                  {"stage06": [90.0, 80.0, 100.0]})
    unfinished = Figure("get_p50", "GET, 50 clients: p50", "us", {"stage01": [50.0]})
    return [memory, disk, unfinished]


class Output(unittest.TestCase):
    def test_csv_has_a_row_per_complete_figure_and_server(self):
        self.assertEqual(csv_text(figures(), 3).splitlines(), [
            "figure,unit,server,median,runs",
            "rss_idle,MiB,stage01,4.6,4.5;4.7;4.6",
            "rss_idle,MiB,stage06,6.1,6.0;6.2;6.1",
            "hot_get_alone_p99,us,stage06,90.0,90.0;80.0;100.0",
        ])

    def test_table_shows_medians_and_a_dash_where_nothing_was_measured(self):
        rows = table(figures(), ["a header"], 3).splitlines()
        self.assertEqual(rows[0], "a header")
        self.assertEqual(rows[2].split(), ["figure", "unit", "stepdb-stage01", "stepdb-stage06"])
        self.assertEqual(rows[3].split(), ["idle", "RSS", "MiB", "4.6", "6.1"])
        self.assertEqual(rows[4].split()[-2:], ["-", "90.0"])
        self.assertEqual(rows[5].split()[-2:], ["-", "-"])  # one run of three


class Flags(unittest.TestCase):
    def parse_error(self, argv):
        with contextlib.redirect_stderr(io.StringIO()) as err, self.assertRaises(SystemExit) as e:
            compare_stages.parse_args(argv)
        self.assertEqual(e.exception.code, 2, f"{argv}: {err.getvalue()}")
        return err.getvalue()

    def test_defaults(self):
        args = compare_stages.parse_args([])
        self.assertEqual((args.runs, args.connections, args.clients, args.disk_keys),
                         (3, [1000, 5000], 50, 200_000))

    def test_quick_is_small_and_flags_given_win(self):
        args = compare_stages.parse_args(["--quick", "--requests", "7"])
        self.assertEqual((args.runs, args.requests), (1, 7))
        self.assertLess(args.connections[-1], 1000)

    def test_connections_must_be_ascending_numbers(self):
        self.assertIn("ascending", self.parse_error(["--connections", "5000,1000"]))
        self.assertIn("comma list", self.parse_error(["--connections", "many"]))

    def test_counts_must_be_positive(self):
        self.assertIn("--requests must be at least 1", self.parse_error(["--requests", "0"]))

    def test_one_figure_per_connection_count(self):
        keys = [f.key for f in compare_stages.plan(compare_stages.parse_args(
            ["--connections", "10,20"]))]
        self.assertEqual(keys[:4], ["rss_idle", "rss_10_connections", "rss_20_connections",
                                    "kib_per_connection"])


if __name__ == "__main__":
    unittest.main()
