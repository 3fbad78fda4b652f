#!/usr/bin/python3
"""Tests of the server benchmark's pieces that need no server: reading what redis-benchmark,
memcaslap and redis-cli --pipe print (recorded from Redis 7.0's redis-benchmark and redis-cli
and libmemcached-tools' memcaslap), the bulk-load files, the table and CSV, and the flags.

Usage: server_bench_test.py [-v]    (unittest; needs nothing installed)
"""

import contextlib
import io
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

import bench_server  # noqa: E402
import clients  # noqa: E402
from report import Line, csv_text, table  # noqa: E402
from servers import BenchError  # noqa: E402

REDIS_BENCHMARK_CSV = (
    '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",'
    '"p99_latency_ms","max_latency_ms"\n'
    '"SET","15151.52","2.707","0.056","0.887","12.751","17.519","17.711"\n'
    '"GET","33333.34","0.892","0.184","0.823","1.647","3.887","4.039"\n')

MEMASLAP_REPORT = """servers: 127.0.0.1:31211
threads count: 2
concurrency: 32
run time: 2s
windows size: 10k
set proportion: set_prop=0.10
get proportion: get_prop=0.90
cmd_get: 78002
cmd_set: 8684
get_misses: 0
written_bytes: 7020690
read_bytes: 14494453
object_bytes: 1424176

Run time: 2.0s Ops: 86686 TPS: 43340 Net_rate: 10.3M/s
"""

# memcaslap against a server that answers its sets with errors: it exits 0, never gets.
MEMASLAP_SETS_REFUSED = (MEMASLAP_REPORT.replace("cmd_get: 78002", "cmd_get: 0")
                         .replace("cmd_set: 8684", "cmd_set: 68542"))

# redis-benchmark -t lpush,rpush,lpop,rpop,lrange_100,lrange_600 --csv: the LRANGE tests are
# named with what they read, and an LPUSH test it adds to fill the list comes before them.
LIST_CSV = (
    '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",'
    '"p99_latency_ms","max_latency_ms"\n'
    '"LPUSH","51282.05","0.598","0.136","0.439","1.327","3.399","3.839"\n'
    '"RPUSH","66666.67","0.414","0.144","0.375","0.607","1.247","1.727"\n'
    '"LPOP","66666.67","0.434","0.096","0.391","0.751","1.087","1.423"\n'
    '"RPOP","66666.67","0.393","0.144","0.383","0.479","0.895","1.399"\n'
    '"LPUSH (needed to benchmark LRANGE)","66666.67","0.380","0.128","0.383","0.431","0.495",'
    '"0.623"\n'
    '"LRANGE_100 (first 100 elements)","45454.55","0.595","0.432","0.559","0.871","1.311",'
    '"1.799"\n'
    '"LRANGE_600 (first 600 elements)","12048.19","2.348","0.552","1.719","4.783","6.135",'
    '"6.895"\n')
LIST_TESTS = ["LPUSH", "RPUSH", "LPOP", "RPOP", "LRANGE_100", "LRANGE_600"]

# redis-benchmark -t zadd,zpopmin --csv, and with a command of its own on the command line,
# which its CSV names by the words as given.
ZSET_CSV = (
    '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",'
    '"p99_latency_ms","max_latency_ms"\n'
    '"ZADD","3514.94","10.676","0.448","6.295","38.367","53.855","54.047"\n'
    '"ZPOPMIN","8547.01","3.901","0.048","1.055","15.983","27.775","28.063"\n')
ZRANGEBYSCORE_CSV = (
    '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",'
    '"p99_latency_ms","max_latency_ms"\n'
    '"ZRANGEBYSCORE ranked __rand_int__ +inf LIMIT 0 10","8547.01","4.669","0.256","1.047",'
    '"27.055","43.647","44.351"\n')

PIPE_OUTPUT = """All data transferred. Waiting for the last reply...
Last reply received from server.
errors: 0, replies: 3
"""


class RedisBenchmarkOutput(unittest.TestCase):
    def test_rates_by_test(self):
        self.assertEqual(clients.parse_redis_benchmark_csv(REDIS_BENCHMARK_CSV, ["set", "get"]),
                         {"SET": 15151.52, "GET": 33333.34})

    def test_a_missing_test_is_an_error(self):
        only_set = REDIS_BENCHMARK_CSV.rsplit('"GET"', 1)[0]
        with self.assertRaisesRegex(BenchError, "one positive rate for each of SET, GET"):
            clients.parse_redis_benchmark_csv(only_set, ["set", "get"])

    def test_an_unexpected_test_is_an_error(self):
        with self.assertRaises(BenchError):
            clients.parse_redis_benchmark_csv(REDIS_BENCHMARK_CSV, ["set"])

    def test_a_zero_rate_is_an_error(self):
        zero = REDIS_BENCHMARK_CSV.replace('"33333.34"', '"0.00"')
        with self.assertRaises(BenchError):
            clients.parse_redis_benchmark_csv(zero, ["set", "get"])

    def test_output_without_the_header_is_an_error(self):
        with self.assertRaisesRegex(BenchError, "no header row"):
            clients.parse_redis_benchmark_csv("SET: 15151.52 requests per second\n", ["set"])

    def test_the_command(self):
        self.assertEqual(clients.redis_benchmark_command(6380, ["SET", "GET"], 1000, 16),
                         ["redis-benchmark", "-h", "127.0.0.1", "-p", "6380", "-c", "50",
                          "-n", "1000", "-d", "100", "-r", "100000", "-P", "16", "-t", "SET,GET",
                          "--csv"])

    def test_the_command_without_a_keyspace_leaves_out_r(self):
        self.assertEqual(clients.redis_benchmark_command(6380, ["HSET", "SADD", "SPOP"], 1000, 1,
                                                         keyspace=None),
                         ["redis-benchmark", "-h", "127.0.0.1", "-p", "6380", "-c", "50",
                          "-n", "1000", "-d", "100", "-P", "1", "-t", "HSET,SADD,SPOP",
                          "--csv"])

    def test_collection_tests_parse(self):
        recorded = ('"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",'
                    '"p95_latency_ms","p99_latency_ms","max_latency_ms"\n'
                    '"SADD","10040.16","3.851","0.136","1.143","15.607","26.671","60.319"\n'
                    '"HSET","10101.01","3.652","0.144","1.111","15.447","22.767","35.999"\n'
                    '"SPOP","6798.10","5.934","0.128","3.351","19.247","26.239","45.023"\n')
        self.assertEqual(clients.parse_redis_benchmark_csv(recorded, ["HSET", "SADD", "SPOP"]),
                         {"HSET": 10101.01, "SADD": 10040.16, "SPOP": 6798.10})


class RedisBenchmarkListOutput(unittest.TestCase):
    def test_csv_names_of_the_lrange_tests_say_what_they_read(self):
        self.assertEqual([clients.csv_test_name(test) for test in
                          ("lpush", "lrange_100", "LRANGE_600", "lrange_500")],
                         ["LPUSH", "LRANGE_100 (first 100 elements)",
                          "LRANGE_600 (first 600 elements)", "LRANGE_500 (first 500 elements)"])

    def test_rates_by_t_name_in_the_order_they_ran_with_the_fill(self):
        rates = clients.parse_redis_benchmark_csv(LIST_CSV, [t.lower() for t in LIST_TESTS])
        self.assertEqual(list(rates.items()),
                         [("LPUSH", 51282.05), ("RPUSH", 66666.67), ("LPOP", 66666.67),
                          ("RPOP", 66666.67), (clients.LRANGE_FILL, 66666.67),
                          ("LRANGE_100", 45454.55), ("LRANGE_600", 12048.19)])

    def test_an_lrange_test_alone_comes_with_the_fill(self):
        recorded = "\n".join(LIST_CSV.splitlines()[i] for i in (0, 5, 6)) + "\n"
        self.assertEqual(clients.parse_redis_benchmark_csv(recorded, ["lrange_100"]),
                         {clients.LRANGE_FILL: 66666.67, "LRANGE_100": 45454.55})

    def test_a_missing_fill_is_an_error(self):
        no_fill = "".join(row + "\n" for row in LIST_CSV.splitlines()
                          if not row.startswith('"LPUSH (needed'))
        with self.assertRaisesRegex(BenchError, "LPUSH \\(needed to benchmark LRANGE\\)"):
            clients.parse_redis_benchmark_csv(no_fill, LIST_TESTS)

    def test_a_fill_without_an_lrange_test_is_an_error(self):
        without_lrange = "".join(row + "\n" for row in LIST_CSV.splitlines()[:6])
        with self.assertRaises(BenchError):
            clients.parse_redis_benchmark_csv(without_lrange, LIST_TESTS[:4])

    def test_an_lrange_row_of_another_length_is_an_error(self):
        other = LIST_CSV.replace("LRANGE_600 (first 600 elements)",
                                 "LRANGE_500 (first 500 elements)")
        with self.assertRaisesRegex(BenchError, "LRANGE_600 \\(first 600 elements\\)"):
            clients.parse_redis_benchmark_csv(other, LIST_TESTS)

    def test_the_command_names_the_tests_as_t_takes_them_without_r(self):
        self.assertEqual(clients.redis_benchmark_command(6380, LIST_TESTS, 1000, 1,
                                                         keyspace=None),
                         ["redis-benchmark", "-h", "127.0.0.1", "-p", "6380", "-c", "50",
                          "-n", "1000", "-d", "100", "-P", "1", "-t",
                          "LPUSH,RPUSH,LPOP,RPOP,LRANGE_100,LRANGE_600", "--csv"])


class RedisBenchmarkZSetOutput(unittest.TestCase):
    def test_zset_tests_parse(self):
        self.assertEqual(clients.parse_redis_benchmark_csv(ZSET_CSV, ["zadd", "zpopmin"]),
                         {"ZADD": 3514.94, "ZPOPMIN": 8547.01})

    def test_a_custom_command_is_named_by_its_words(self):
        self.assertEqual(clients.parse_custom_command_csv(
            ZRANGEBYSCORE_CSV, bench_server.ZRANGEBYSCORE_COMMAND), 8547.01)

    def test_a_custom_command_of_other_words_is_an_error(self):
        words = list(bench_server.ZRANGEBYSCORE_COMMAND)
        words[-1] = "20"
        with self.assertRaisesRegex(BenchError, "LIMIT 0 20"):
            clients.parse_custom_command_csv(ZRANGEBYSCORE_CSV, words)

    def test_a_custom_command_among_other_rows_is_an_error(self):
        both = ZSET_CSV + ZRANGEBYSCORE_CSV.splitlines()[1] + "\n"
        with self.assertRaises(BenchError):
            clients.parse_custom_command_csv(both, bench_server.ZRANGEBYSCORE_COMMAND)

    def test_the_custom_command_goes_last_instead_of_t(self):
        self.assertEqual(clients.redis_benchmark_custom_command(
            6380, bench_server.ZRANGEBYSCORE_COMMAND, 1000, 1, keyspace=5000),
            ["redis-benchmark", "-h", "127.0.0.1", "-p", "6380", "-c", "50", "-n", "1000",
             "-d", "100", "-r", "5000", "-P", "1", "--csv", "ZRANGEBYSCORE", "ranked",
             "__rand_int__", "+inf", "LIMIT", "0", "10"])

    def test_the_zset_load_file_holds_zadds_of_members_scored_by_their_number(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "zset.resp"
            self.assertEqual(clients.write_zset_load_file(path, "z", 3, 2), 2)
            self.assertEqual(path.read_bytes(),
                             clients.resp_command("ZADD", "z", "0", "member:0", "1", "member:1")
                             + clients.resp_command("ZADD", "z", "2", "member:2"))

    def test_commands_are_resp_arrays(self):
        self.assertEqual(clients.resp_command("ZADD", "z", "1.5", "m"),
                         b"*4\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\n1.5\r\n$1\r\nm\r\n")


class MemaslapOutput(unittest.TestCase):
    def test_throughput_and_counters(self):
        result = clients.parse_memaslap(MEMASLAP_REPORT)
        self.assertEqual((result.ops_per_sec, result.gets, result.sets, result.get_misses),
                         (43340.0, 78002, 8684, 0))
        clients.check_memaslap(result, ["memcaslap"], MEMASLAP_REPORT)

    def test_a_run_without_the_final_report_is_an_error(self):
        cut = MEMASLAP_REPORT.split("Run time: 2.0s")[0]
        with self.assertRaisesRegex(BenchError, "no final report"):
            clients.parse_memaslap(cut)

    def test_refused_sets_are_an_error(self):
        result = clients.parse_memaslap(MEMASLAP_SETS_REFUSED)
        with self.assertRaisesRegex(BenchError, "0 gets and 68,542 sets"):
            clients.check_memaslap(result, ["memcaslap"], MEMASLAP_SETS_REFUSED)

    def test_a_miss_is_an_error(self):
        missed = MEMASLAP_REPORT.replace("get_misses: 0", "get_misses: 12")
        result = clients.parse_memaslap(missed)
        with self.assertRaisesRegex(BenchError, "12 of memcaslap's 78,002 gets missed"):
            clients.check_memaslap(result, ["memcaslap"], missed)


class PipeLoad(unittest.TestCase):
    def test_every_reply_and_no_error(self):
        clients.parse_pipe_summary(PIPE_OUTPUT, 3)

    def test_errors_or_missing_replies_are_errors(self):
        for output, expected in ((PIPE_OUTPUT.replace("errors: 0", "errors: 1"), 3),
                                 (PIPE_OUTPUT, 4), ("All data transferred.\n", 3)):
            with self.subTest(output=output, expected=expected):
                with self.assertRaises(BenchError):
                    clients.parse_pipe_summary(output, expected)

    def test_keys_are_zero_padded_to_seven_digits_or_as_many_as_needed(self):
        self.assertEqual(clients.load_key(0, 1_000_000), b"key:0000000")
        self.assertEqual(clients.load_key(999_999, 1_000_000), b"key:0999999")
        self.assertEqual(clients.load_key(42, 10), b"key:0000042")
        self.assertEqual(clients.load_key(5, 100_000_000), b"key:00000005")

    def test_the_load_file_holds_one_resp_set_per_key(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "load.resp"
            clients.write_load_file(path, 2)
            value = b"v" * 100
            self.assertEqual(path.read_bytes(),
                             b"*3\r\n$3\r\nSET\r\n$11\r\nkey:0000000\r\n$100\r\n" + value +
                             b"\r\n*3\r\n$3\r\nSET\r\n$11\r\nkey:0000001\r\n$100\r\n" + value +
                             b"\r\n")


def throughput_line(stepdb, peer, planned=3):
    line = Line("set_p1", "SET, pipeline 1", "ops/s", "redis-server", planned)
    line.stepdb_runs, line.peer_runs = list(stepdb), list(peer)
    return line


class Report(unittest.TestCase):
    def test_medians_and_ratio(self):
        line = throughput_line([90.0, 70.0, 80.0], [100.0, 300.0, 200.0])
        self.assertEqual(line.medians(), (80.0, 200.0))
        self.assertAlmostEqual(line.ratio(), 0.4)

    def test_csv_has_every_complete_line_and_every_run(self):
        rss = Line("rss_loaded", "RSS", "MiB", "redis-server", 1, higher_is_better=False,
                   stepdb_runs=[150.0], peer_runs=[100.0])
        self.assertEqual(
            csv_text([throughput_line([90.0, 70.0, 80.0], [100.0, 300.0, 200.0]), rss]),
            "line,unit,better,peer,stepdb,peer_value,ratio,runs,stepdb_runs,peer_runs\n"
            "set_p1,ops/s,higher,redis-server,80.0,200.0,0.4000,3,90.0;70.0;80.0,"
            "100.0;300.0;200.0\n"
            "rss_loaded,MiB,lower,redis-server,150.0,100.0,1.5000,1,150.0,100.0\n")

    def test_an_unfinished_line_is_left_out_of_the_csv_and_not_done_in_the_table(self):
        unfinished = throughput_line([90.0, 70.0], [100.0])
        self.assertEqual(csv_text([unfinished]).splitlines()[1:], [])
        rows = table([unfinished], ["a header"]).splitlines()
        self.assertEqual(rows[0], "a header")
        self.assertIn("not done", rows[-1])

    def test_table_rows(self):
        rows = table([throughput_line([90.0, 70.0, 80.0], [1000.0, 3000.0, 2000.0])],
                     []).splitlines()
        self.assertEqual(rows[1].split(), ["line", "unit", "stepdb", "peer", "peer", "value",
                                           "stepdb/peer", "runs"])
        self.assertEqual(rows[2].split(), ["SET,", "pipeline", "1", "ops/s", "80",
                                           "redis-server", "2,000", "0.04x", "3"])


class Flags(unittest.TestCase):
    def test_defaults(self):
        args = bench_server.parse_args([])
        self.assertEqual((args.runs, args.requests, args.memaslap_seconds, args.rss_keys),
                         (3, 100_000, 10, 1_000_000))
        self.assertEqual(args.lines, bench_server.LINE_GROUPS)
        self.assertIn("lists", args.lines)
        self.assertIn("zsets", args.lines)
        self.assertEqual(args.zset_members, 100_000)

    def test_quick_is_small_and_given_flags_win(self):
        args = bench_server.parse_args(["--quick", "--runs", "2"])
        self.assertEqual((args.runs, args.requests, args.rss_keys, args.zset_members),
                         (2, 2_000, 10_000, 1_000))

    def test_every_line_runs_once_per_server_and_run(self):
        args = bench_server.parse_args(["--lines", "pipeline16,rss", "--runs", "5"])
        lines = bench_server.plan(args)
        self.assertEqual(list(lines), ["set_p16", "get_p16", "rss_loaded"])
        self.assertTrue(all(line.planned_runs == 5 for line in lines.values()))
        self.assertFalse(lines["rss_loaded"].higher_is_better)

    def test_the_collection_lines(self):
        lines = bench_server.plan(bench_server.parse_args(["--lines", "collections"]))
        self.assertEqual(list(lines), ["hset_p1", "sadd_p1", "spop_p1", "hset_p1_r100000",
                                       "spop_p1_loaded"])
        self.assertTrue(all(line.peer == "redis-server" and line.higher_is_better
                            for line in lines.values()))

    def test_the_list_lines(self):
        lines = bench_server.plan(bench_server.parse_args(["--lines", "lists", "--runs", "4"]))
        self.assertEqual(list(lines), ["lpush_p1", "rpush_p1", "lpop_p1", "rpop_p1",
                                       "lrange_100_p1", "lrange_600_p1"])
        self.assertEqual(lines["lrange_600_p1"].title, "LRANGE, first 600 elements, pipeline 1")
        self.assertTrue(all(line.peer == "redis-server" and line.higher_is_better and
                            line.unit == "ops/s" and line.planned_runs == 4
                            for line in lines.values()))

    def test_the_list_lines_come_after_the_collection_lines(self):
        lines = bench_server.plan(bench_server.parse_args([]))
        keys = list(lines)
        self.assertEqual(keys[keys.index("spop_p1_loaded") + 1:keys.index("lrange_600_p1") + 1],
                         ["lpush_p1", "rpush_p1", "lpop_p1", "rpop_p1", "lrange_100_p1",
                          "lrange_600_p1"])

    def test_the_zset_lines(self):
        lines = bench_server.plan(bench_server.parse_args(
            ["--lines", "zsets", "--runs", "4", "--zset-members", "5000"]))
        self.assertEqual(list(lines), ["zadd_p1", "zpopmin_p1", "zadd_p1_r100000",
                                       "zpopmin_p1_loaded", "zrangebyscore_p1"])
        self.assertEqual(lines["zrangebyscore_p1"].title,
                         "ZRANGEBYSCORE LIMIT 0 10, 5,000 members, pipeline 1")
        self.assertTrue(all(line.peer == "redis-server" and line.higher_is_better and
                            line.unit == "ops/s" and line.planned_runs == 4
                            for line in lines.values()))

    def test_the_zset_lines_come_after_the_list_lines(self):
        keys = list(bench_server.plan(bench_server.parse_args([])))
        self.assertEqual(keys[keys.index("lrange_600_p1") + 1:
                              keys.index("memaslap_get90_set10")],
                         ["zadd_p1", "zpopmin_p1", "zadd_p1_r100000", "zpopmin_p1_loaded",
                          "zrangebyscore_p1"])

    def test_the_zset_header_names_the_tests_and_the_sorted_set(self):
        args = bench_server.parse_args(["--lines", "zsets", "--requests", "500",
                                        "--zset-members", "2000"])
        top = "\n".join(bench_server.header(args))
        self.assertIn("-t zadd,zpopmin without -r", top)
        self.assertIn("-t zadd -r 1000000 -P 16 -n 500 (not measured) and -t zpopmin -n 250",
                      top)
        self.assertIn("-n 250 -r 2000 ZRANGEBYSCORE ranked __rand_int__ +inf LIMIT 0 10", top)
        self.assertIn("2,000 members with the scores 0..1999", top)

    def test_the_list_header_names_the_tests(self):
        args = bench_server.parse_args(["--lines", "lists", "--requests", "500"])
        top = "\n".join(bench_server.header(args))
        self.assertIn("-t lpush,rpush,lpop,rpop,lrange_100,lrange_600 without -r", top)
        self.assertIn("-n 500", top)

    def test_bad_flags_are_usage_errors(self):
        for argv in (["--lines", "pipeline1,nosuchline"], ["--runs", "0"], ["--lines", ","],
                     ["--work-dir", "/nonexistent/directory"], ["--zset-members", "0"]):
            with self.subTest(argv=argv):
                usage = io.StringIO()
                with self.assertRaises(SystemExit) as exit, contextlib.redirect_stderr(usage):
                    bench_server.parse_args(argv)
                self.assertEqual(exit.exception.code, 2, usage.getvalue())


if __name__ == "__main__":
    unittest.main()
