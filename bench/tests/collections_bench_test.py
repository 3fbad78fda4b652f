#!/usr/bin/python3
"""Tests of the collections check's pieces that need no server: the commands of the load,
the names and values it writes, the table, and the flags.

Usage: collections_bench_test.py [-v]    (unittest; needs nothing built or installed)
"""

import contextlib
import io
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

import bench_collections  # noqa: E402
from bench_collections import Row, batch_words, resp_command, table  # noqa: E402


class Load(unittest.TestCase):
    def test_a_hash_batch_is_field_value_pairs(self):
        self.assertEqual(batch_words("HSET", "h", 9, 11, is_hash=True),
                         ["HSET", "h", "field:0000009", "value:0000009", "field:0000010",
                          "value:0000010"])

    def test_a_set_batch_is_members(self):
        self.assertEqual(batch_words("SADD", "s", 0, 2, is_hash=False),
                         ["SADD", "s", "member:0000000", "member:0000001"])

    def test_commands_are_resp_arrays(self):
        self.assertEqual(resp_command("SADD", "s", "m"),
                         b"*3\r\n$4\r\nSADD\r\n$1\r\ns\r\n$1\r\nm\r\n")


class Table(unittest.TestCase):
    def test_rows_line_up_under_the_header(self):
        text = table([Row("DEL bench:hash (1,000 elements)", "0.25", "ms", "ok"),
                      Row("restart", "1,234", "ms")], ["a header"])
        lines = text.splitlines()
        self.assertEqual(lines[:2], ["a header", ""])
        self.assertEqual(lines[2].split(), ["step", "figure", "unit", "check"])
        self.assertTrue(lines[3].endswith("0.25  ms    ok"), lines[3])
        self.assertTrue(lines[4].endswith("1,234  ms"), lines[4])


class Flags(unittest.TestCase):
    def test_defaults(self):
        args = bench_collections.parse_args([])
        self.assertEqual((args.fields, args.batch, args.sample), (1_000_000, 100, 1000))

    def test_bad_flags_are_usage_errors(self):
        for argv in (["--fields", "0"], ["--batch", "0"], ["--sample", "0"],
                     ["--fields", "10000000"], ["--timeout", "0"],
                     ["--work-dir", "/nonexistent/directory"]):
            with self.subTest(argv=argv):
                usage = io.StringIO()
                with self.assertRaises(SystemExit) as exit, contextlib.redirect_stderr(usage):
                    bench_collections.parse_args(argv)
                self.assertEqual(exit.exception.code, 2, usage.getvalue())


if __name__ == "__main__":
    unittest.main()
