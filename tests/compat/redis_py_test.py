"""redis-py 4.3 (Debian's python3-redis; RESP2) against the Redis side of the port: the string
and key commands as an application calls them, a pipeline, numbered databases, hashes, sets,
lists, a worker queue of BRPOP loops fed by producers on other connections, and a leaderboard
on sorted sets.

Each test starts from an empty database 0 (FLUSHDB), so counts (DBSIZE, KEYS) are exact.
"""

from __future__ import annotations

import threading
import time

import pytest
import redis


@pytest.fixture
def r(servers):
    client = redis.Redis(host=servers.host, port=servers.redis_port, socket_timeout=30)
    client.flushdb()
    yield client
    client.close()


# --- strings -----------------------------------------------------------------------------------


def test_set_get_and_bytes(r):
    assert r.set("name", "stepdb") is True
    assert r.get("name") == b"stepdb"
    assert r.get("absent") is None
    binary = bytes(range(256)) + b"\r\n\x00end"
    assert r.set("binary", binary) is True
    assert r.get("binary") == binary


def test_set_options(r):
    assert r.set("k", "1", nx=True) is True
    assert r.set("k", "2", nx=True) is None
    assert r.set("k", "3", xx=True) is True
    assert r.set("other", "x", xx=True) is None
    assert r.set("k", "4", get=True) == b"3"
    assert r.get("k") == b"4"


def test_incr_family(r):
    assert r.incr("n") == 1
    assert r.incr("n", 41) == 42
    assert r.decr("n") == 41
    assert r.decr("n", 50) == -9
    assert r.incrbyfloat("f", 1.5) == 1.5
    assert r.incrbyfloat("f", "0.25") == 1.75
    assert r.get("f") == b"1.75"
    r.set("word", "abc")
    with pytest.raises(redis.ResponseError, match="^value is not an integer or out of range$"):
        r.incr("word")
    with pytest.raises(redis.ResponseError, match="^value is not a valid float$"):
        r.incrbyfloat("word", 1)


def test_append_strlen_getrange_setrange(r):
    assert r.append("s", "Hello") == 5
    assert r.append("s", " World") == 11
    assert r.strlen("s") == 11
    assert r.strlen("absent") == 0
    assert r.getrange("s", 0, 4) == b"Hello"
    assert r.getrange("s", -5, -1) == b"World"
    assert r.getrange("s", 20, 30) == b""
    assert r.setrange("s", 6, "Redis") == 11
    assert r.get("s") == b"Hello Redis"
    assert r.setrange("padded", 3, "x") == 4
    assert r.get("padded") == b"\x00\x00\x00x"


def test_mset_msetnx_getset_getdel(r):
    assert r.mset({"a": "1", "b": "2"}) is True
    assert r.mget(["a", "b", "c"]) == [b"1", b"2", None]
    assert r.msetnx({"b": "x", "c": "3"}) is False  # b exists: nothing is set
    assert r.get("c") is None
    assert r.msetnx({"c": "3", "d": "4"}) is True
    assert r.mget("c", "d") == [b"3", b"4"]
    assert r.getset("a", "10") == b"1"
    assert r.getset("new", "v") is None
    assert r.getdel("a") == b"10"
    assert r.getdel("a") is None
    assert r.exists("a") == 0


# --- keys --------------------------------------------------------------------------------------


def test_delete_exists_type(r):
    r.mset({"x": "1", "y": "2"})
    assert r.exists("x", "y", "z", "x") == 3
    assert r.type("x") == b"string"
    assert r.type("z") == b"none"
    assert r.delete("x", "y", "z") == 2
    assert r.exists("x", "y") == 0


def test_rename_renamenx_copy(r):
    r.set("src", "v")
    assert r.rename("src", "dst") is True
    assert r.get("src") is None and r.get("dst") == b"v"
    with pytest.raises(redis.ResponseError, match="^no such key$"):
        r.rename("src", "elsewhere")
    r.set("taken", "t")
    assert r.renamenx("dst", "taken") is False
    assert r.renamenx("dst", "free") is True
    assert r.get("free") == b"v"
    assert r.copy("free", "copied") is True
    assert r.copy("free", "taken") is False
    assert r.copy("free", "taken", replace=True) is True
    assert r.mget("free", "copied", "taken") == [b"v", b"v", b"v"]
    assert r.copy("absent", "anything") is False


def test_keys_scan_dbsize_randomkey(r):
    assert r.dbsize() == 0
    assert r.randomkey() is None
    r.mset({f"user:{i}": str(i) for i in range(120)})
    r.mset({f"item:{i}": str(i) for i in range(30)})
    assert r.dbsize() == 150
    assert sorted(r.keys("item:1*")) == sorted(
        f"item:{i}".encode() for i in range(30) if str(i).startswith("1"))
    assert len(r.keys("*")) == 150
    # SCAN may return a key more than once; it must return every key that was there all along.
    scanned = list(r.scan_iter(match="user:*", count=7))
    assert set(scanned) == {f"user:{i}".encode() for i in range(120)}
    assert len(scanned) < 2 * 120
    assert r.randomkey() in set(r.keys("*"))


def test_pipeline_of_1000_commands(r):
    pipe = r.pipeline(transaction=False)
    for i in range(500):
        pipe.set(f"p:{i}", i)
        pipe.incr(f"p:{i}")
    replies = pipe.execute()
    assert len(replies) == 1000
    assert replies == [reply for i in range(500) for reply in (True, i + 1)]
    assert r.get("p:499") == b"500"


def test_databases_are_isolated(servers, r):
    db3 = redis.Redis(host=servers.host, port=servers.redis_port, db=3, socket_timeout=30)
    try:
        db3.flushdb()
        r.set("shared-name", "in db 0")
        db3.set("shared-name", "in db 3")
        db3.set("only-in-3", "x")
        assert r.get("shared-name") == b"in db 0"
        assert db3.get("shared-name") == b"in db 3"
        assert r.exists("only-in-3") == 0
        assert (r.dbsize(), db3.dbsize()) == (1, 2)
        assert db3.flushdb() is True
        assert db3.dbsize() == 0
        assert r.get("shared-name") == b"in db 0"
    finally:
        db3.close()


# --- hashes and sets ---------------------------------------------------------------------------
# Replies that hold several elements are compared as dicts and sets: their order is the
# server's own (stepdb's is the order of the elements' hashes).


def test_hash_session(r):
    assert r.hset("user:1", mapping={"name": "Ada", "lang": "C++"}) == 2
    assert r.hset("user:1", "name", "Grace") == 0
    assert r.hget("user:1", "name") == b"Grace"
    assert r.hget("user:1", "absent") is None
    assert r.hgetall("user:1") == {b"name": b"Grace", b"lang": b"C++"}
    assert r.hgetall("absent") == {}
    assert r.type("user:1") == b"hash"
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE "):
        r.get("user:1")


def test_hscan_iter_returns_every_field_once(r):
    fields = {f"field:{i}": str(i) for i in range(300)}
    assert r.hset("big", mapping=fields) == 300
    seen = {}
    for field, value in r.hscan_iter("big", count=17):
        assert field not in seen, field
        seen[field] = value
    assert seen == {k.encode(): v.encode() for k, v in fields.items()}
    matched = {field for field, _ in r.hscan_iter("big", match="field:1?", count=50)}
    assert matched == {f"field:1{i}".encode() for i in range(10)}


def test_set_session(r):
    assert r.sadd("tags", "a", "b", "c", "a") == 3
    assert r.smembers("tags") == {b"a", b"b", b"c"}
    assert r.smembers("absent") == set()
    assert r.type("tags") == b"set"
    assert r.rename("tags", "labels") is True
    assert r.smembers("labels") == {b"a", b"b", b"c"}
    assert r.exists("tags") == 0


# --- lists and a worker queue ------------------------------------------------------------------


def test_list_session(r):
    assert r.rpush("queue", "a", "b", "c") == 3
    assert r.lpush("queue", "z") == 4
    assert r.lrange("queue", 0, -1) == [b"z", b"a", b"b", b"c"]
    assert r.lindex("queue", -1) == b"c"
    assert r.linsert("queue", "BEFORE", "b", "a2") == 5
    assert r.lrem("queue", 0, "a2") == 1
    assert r.lset("queue", 0, "y") is True
    assert r.ltrim("queue", 0, 2) is True
    assert r.lrange("queue", 0, -1) == [b"y", b"a", b"b"]
    assert r.lpos("queue", "b") == 2
    assert r.type("queue") == b"list"
    assert r.lmove("queue", "done", "LEFT", "RIGHT") == b"y"
    assert r.lpop("queue") == b"a"
    assert r.rpop("queue", 2) == [b"b"]
    assert r.exists("queue") == 0
    assert r.lrange("done", 0, -1) == [b"y"]
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE "):
        r.get("done")


def test_blocking_pop_times_out_with_none(r):
    started = time.monotonic()
    assert r.brpop(["nothing-here"], timeout=0.2) is None
    assert time.monotonic() - started >= 0.15


def test_worker_queue_serves_every_job_exactly_once(servers, r):
    """Producers LPUSH jobs on their own connections while workers wait in BRPOP loops on
    theirs; each worker stops at a "stop" job. Every job is taken by exactly one worker."""
    producers, workers, jobs_each = 3, 4, 200
    taken: list[bytes] = []
    lock = threading.Lock()
    errors: list[str] = []

    def connect():
        return redis.Redis(host=servers.host, port=servers.redis_port, socket_timeout=30)

    def work():
        client = connect()
        try:
            for _ in range(producers * jobs_each + 1):  # bounded: at most every job, then stop
                popped = client.brpop(["jobs"], timeout=10)
                if popped is None:
                    errors.append("a worker waited 10 s for a job")
                    return
                key, job = popped
                if key != b"jobs":
                    errors.append(f"BRPOP named key {key!r}")
                if job == b"stop":
                    return
                with lock:
                    taken.append(job)
        finally:
            client.close()

    def produce(n):
        client = connect()
        try:
            for i in range(jobs_each):
                client.lpush("jobs", f"job:{n}:{i}")
        finally:
            client.close()

    worker_threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in worker_threads:
        t.start()
    producer_threads = [threading.Thread(target=produce, args=(n,)) for n in range(producers)]
    for t in producer_threads:
        t.start()
    for t in producer_threads:
        t.join(60)
    r.lpush("jobs", *(["stop"] * workers))
    for t in worker_threads:
        t.join(60)
    assert not any(t.is_alive() for t in producer_threads + worker_threads), "a thread hung"
    assert not errors, errors
    expected = sorted(f"job:{n}:{i}".encode() for n in range(producers) for i in range(jobs_each))
    assert sorted(taken) == expected
    assert r.llen("jobs") == 0


# --- sorted sets: a leaderboard ----------------------------------------------------------------
# redis-py turns every score into a float (score_cast_func=float), and WITHSCORES replies into
# (member, score) pairs; sorted set replies have one order, so they are compared as lists.


def test_leaderboard_session(r):
    players = {"ada": 120, "grace": 95.5, "linus": 300, "barbara": 95.5, "ken": -10}
    assert r.zadd("board", players) == 5
    assert r.zadd("board", {"ada": 125}) == 0  # a new score, no new member
    assert r.zadd("board", {"ada": 1, "newbie": 1}, nx=True) == 1
    assert r.zadd("board", {"ada": 130, "nobody": 5}, xx=True, ch=True) == 1
    assert r.zadd("board", {"linus": 200}, gt=True, ch=True) == 0
    assert r.zincrby("board", 20, "grace") == 115.5
    assert r.zincrby("board", 0.25, "rookie") == 0.25
    assert r.zcard("board") == 7
    assert r.type("board") == b"zset"

    top = r.zrevrange("board", 0, 2, withscores=True)
    assert top == [(b"linus", 300.0), (b"ada", 130.0), (b"grace", 115.5)]
    assert all(type(score) is float for _, score in top)
    assert r.zrevrange("board", 0, -1) == [b"linus", b"ada", b"grace", b"barbara", b"newbie",
                                           b"rookie", b"ken"]
    assert r.zrank("board", "ken") == 0
    assert r.zrank("board", "linus") == 6
    assert r.zrevrank("board", "linus") == 0
    assert r.zrevrank("board", "barbara") == 3
    assert r.zrank("board", "nobody") is None
    assert r.zscore("board", "grace") == 115.5
    assert r.zscore("board", "ken") == -10.0
    assert r.zscore("board", "nobody") is None
    assert r.zscore("absent", "ada") is None

    assert r.zrangebyscore("board", 1, 200) == [b"newbie", b"barbara", b"grace", b"ada"]
    assert r.zrangebyscore("board", "(1", "+inf", start=1, num=2, withscores=True) == [
        (b"grace", 115.5), (b"ada", 130.0)]
    assert r.zrangebyscore("board", "-inf", "(1", withscores=True) == [
        (b"ken", -10.0), (b"rookie", 0.25)]
    assert r.zrangebyscore("board", 500, "+inf") == []

    assert r.zrem("board", "ken", "nobody") == 1
    assert r.zrank("board", "rookie") == 0
    assert r.zcard("board") == 6
    assert r.zrem("board", "rookie", "newbie", "barbara", "grace", "ada", "linus") == 6
    assert r.exists("board") == 0
    assert r.zcard("board") == 0


def test_sorted_set_errors(r):
    r.set("plain", "x")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE "):
        r.zadd("plain", {"a": 1})
    r.zadd("scores", {"a": 1})
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE "):
        r.get("scores")
    with pytest.raises(redis.ResponseError, match="^value is not a valid float$"):
        r.zadd("scores", {"a": "high"})
    with pytest.raises(redis.ResponseError, match="^min or max is not a float$"):
        r.zrangebyscore("scores", "low", 10)
    assert r.zrange("scores", 0, -1, withscores=True) == [(b"a", 1.0)]


def test_zpopmin_takes_the_lowest_scores(r):
    r.zadd("queue", {"low": 1, "middle": 5, "high": 9, "tie-b": 5, "tie-a": 5})
    assert r.zpopmin("queue") == [(b"low", 1.0)]
    assert r.zpopmin("queue", 2) == [(b"middle", 5.0), (b"tie-a", 5.0)]
    assert r.zpopmin("queue", 10) == [(b"tie-b", 5.0), (b"high", 9.0)]
    assert r.exists("queue") == 0
    assert r.zpopmin("queue") == []


def test_bzpopmin_times_out_with_none(r):
    r.zadd("waiting", {"first": 2.5})
    assert r.bzpopmin(["empty-board", "waiting"], timeout=1) == (b"waiting", b"first", 2.5)
    started = time.monotonic()
    assert r.bzpopmin(["empty-board", "waiting"], timeout=0.2) is None
    assert time.monotonic() - started >= 0.15


def test_zscan_iter_returns_every_member_once(r):
    members = {f"player:{i}": i * 1.5 for i in range(300)}
    assert r.zadd("big-board", members) == 300
    seen = {}
    for member, score in r.zscan_iter("big-board", count=17):
        assert member not in seen, member
        assert type(score) is float
        seen[member] = score
    assert seen == {member.encode(): score for member, score in members.items()}
    matched = {member for member, _ in r.zscan_iter("big-board", match="player:1?", count=50)}
    assert matched == {f"player:1{i}".encode() for i in range(10)}


def test_zunionstore_of_two_boards(r):
    r.zadd("week:1", {"ada": 10, "grace": 20, "ken": 5})
    r.zadd("week:2", {"ada": 7, "linus": 30})
    assert r.zunionstore("season", ["week:1", "week:2"]) == 4
    assert r.zrevrange("season", 0, -1, withscores=True) == [
        (b"linus", 30.0), (b"grace", 20.0), (b"ada", 17.0), (b"ken", 5.0)]
    assert r.zunionstore("best", {"week:1": 1, "week:2": 2}, aggregate="MAX") == 4
    assert r.zrange("best", 0, -1, withscores=True) == [
        (b"ken", 5.0), (b"ada", 14.0), (b"grace", 20.0), (b"linus", 60.0)]
    assert r.zunionstore("season", ["absent", "also-absent"]) == 0
    assert r.exists("season") == 0
