"""One keyspace behind both protocols: what a Memcached client stores, a Redis client reads,
and the other way round. Only stepdb does this (redis-server and memcached are two servers),
so these tests are skipped when STEPDB_COMPAT_PEERS=1.

Both protocols see database 0. A Redis SET has no Memcached flags: a Memcached get shows 0.
"""

from __future__ import annotations

import pytest

from compat_support import exchange

pytestmark = pytest.mark.stepdb_only


def test_memcached_set_then_redis_get(servers):
    exchange(servers.host, servers.memcached_port, b"set xp:mc 5 0 3\r\nabc\r\n",
             b"STORED\r\n")
    exchange(servers.host, servers.redis_port, b"*2\r\n$3\r\nGET\r\n$5\r\nxp:mc\r\n",
             b"$3\r\nabc\r\n")


def test_redis_set_then_memcached_get_has_flags_0(servers):
    exchange(servers.host, servers.redis_port,
             b"*3\r\n$3\r\nSET\r\n$8\r\nxp:redis\r\n$5\r\nhello\r\n", b"+OK\r\n")
    exchange(servers.host, servers.memcached_port, b"get xp:redis\r\n",
             b"VALUE xp:redis 0 5\r\nhello\r\nEND\r\n")


def test_memcached_flags_survive_a_redis_read(servers):
    exchange(servers.host, servers.memcached_port, b"set xp:flags 7 0 2\r\nhi\r\n",
             b"STORED\r\n")
    exchange(servers.host, servers.redis_port, b"*2\r\n$3\r\nGET\r\n$8\r\nxp:flags\r\n",
             b"$2\r\nhi\r\n")
    exchange(servers.host, servers.memcached_port, b"get xp:flags\r\n",
             b"VALUE xp:flags 7 2\r\nhi\r\nEND\r\n")


def test_redis_del_is_seen_by_memcached(servers):
    exchange(servers.host, servers.memcached_port, b"set xp:gone 0 0 1\r\nx\r\n",
             b"STORED\r\n")
    exchange(servers.host, servers.redis_port, b"*2\r\n$3\r\nDEL\r\n$7\r\nxp:gone\r\n",
             b":1\r\n")
    exchange(servers.host, servers.memcached_port, b"get xp:gone\r\n", b"END\r\n")
