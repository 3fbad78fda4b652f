"""pymemcache 3.5 (Debian's python3-pymemcache) against the Memcached side of the port: the
text-protocol storage, retrieval, arithmetic and touch commands as an application calls them.

The client is made with default_noreply=False, so every write waits for its reply and its
result says STORED / NOT_STORED / EXISTS / NOT_FOUND; the noreply test turns it on per call.
Each test keeps to its own keys.
"""

from __future__ import annotations

import pytest
from pymemcache.client.base import Client
from pymemcache.exceptions import MemcacheClientError
from pymemcache.serde import pickle_serde


class FlagsSerde:
    """Stores (bytes, flags) pairs as they are, so a test can see the flags a server keeps."""

    def serialize(self, key, value):
        data, flags = value
        return data, flags

    def deserialize(self, key, value, flags):
        return value, flags


def client(servers, **options) -> Client:
    return Client((servers.host, servers.memcached_port), connect_timeout=10, timeout=30,
                  default_noreply=False, **options)


@pytest.fixture
def mc(servers):
    c = client(servers)
    yield c
    c.close()


def test_set_and_get(mc):
    assert mc.set("pm:key", b"value") is True
    assert mc.get("pm:key") == b"value"
    assert mc.get("pm:absent") is None
    binary = bytes(range(256)) + b"\r\nEND\r\n"
    assert mc.set("pm:binary", binary) is True
    assert mc.get("pm:binary") == binary
    assert mc.set("pm:empty", b"") is True
    assert mc.get("pm:empty") == b""


def test_gets_and_cas(mc):
    assert mc.set("pm:cas", b"v1") is True
    value, token = mc.gets("pm:cas")
    assert value == b"v1" and token is not None
    assert mc.cas("pm:cas", b"v2", token) is True  # STORED
    assert mc.get("pm:cas") == b"v2"
    # The old token is stale now: a second writer with it loses.
    assert mc.cas("pm:cas", b"v3", token) is False  # EXISTS
    assert mc.get("pm:cas") == b"v2"
    new_value, new_token = mc.gets("pm:cas")
    assert new_value == b"v2" and new_token != token
    assert mc.cas("pm:cas-absent", b"x", token) is None  # NOT_FOUND
    assert mc.gets("pm:cas-absent") == (None, None)


def test_cas_conflict_between_two_clients(servers, mc):
    other = client(servers)
    try:
        mc.set("pm:shared", b"start")
        _, token = mc.gets("pm:shared")
        assert other.set("pm:shared", b"other wrote") is True
        assert mc.cas("pm:shared", b"mine", token) is False
        assert mc.get("pm:shared") == b"other wrote"
    finally:
        other.close()


def test_incr_and_decr(mc):
    assert mc.set("pm:n", b"10") is True
    assert mc.incr("pm:n", 5) == 15
    assert mc.decr("pm:n", 3) == 12
    assert mc.decr("pm:n", 100) == 0  # memcached stops at zero
    assert mc.incr("pm:n", 2**64 - 1) == 2**64 - 1
    assert mc.incr("pm:n", 1) == 0  # and wraps at 2**64
    assert mc.incr("pm:absent-n", 1) is None
    assert mc.decr("pm:absent-n", 1) is None
    mc.set("pm:word", b"abc")
    with pytest.raises(MemcacheClientError,
                       match="cannot increment or decrement non-numeric value"):
        mc.incr("pm:word", 1)


def test_delete_and_touch(mc):
    assert mc.set("pm:del", b"x") is True
    assert mc.delete("pm:del") is True  # DELETED
    assert mc.delete("pm:del") is False  # NOT_FOUND
    assert mc.get("pm:del") is None
    assert mc.set("pm:touch", b"x", expire=100) is True
    assert mc.touch("pm:touch", expire=200) is True  # TOUCHED
    assert mc.touch("pm:touch-absent", expire=200) is False  # NOT_FOUND
    assert mc.get("pm:touch") == b"x"


def test_add_and_replace(mc):
    assert mc.add("pm:add", b"first") is True
    assert mc.add("pm:add", b"second") is False  # NOT_STORED
    assert mc.get("pm:add") == b"first"
    assert mc.replace("pm:add", b"replaced") is True
    assert mc.replace("pm:replace-absent", b"x") is False  # NOT_STORED
    assert mc.get("pm:replace-absent") is None
    assert mc.get("pm:add") == b"replaced"


def test_append_and_prepend(mc):
    assert mc.set("pm:text", b"middle") is True
    assert mc.append("pm:text", b">>") is True
    assert mc.prepend("pm:text", b"<<") is True
    assert mc.get("pm:text") == b"<<middle>>"
    assert mc.append("pm:text-absent", b"x") is False  # NOT_STORED
    assert mc.prepend("pm:text-absent", b"x") is False
    assert mc.get("pm:text-absent") is None


def test_get_many_200_keys(mc):
    values = {f"pm:many:{i}": f"value-{i}".encode() for i in range(200)}
    assert mc.set_many(values) == []  # no key failed
    keys = list(values) + ["pm:many:absent"]
    assert mc.get_many(keys) == values


def test_flags_round_trip(servers):
    raw = client(servers, serde=FlagsSerde())
    typed = client(servers, serde=pickle_serde)
    try:
        for flags in (0, 1, 42, 2**16, 2**32 - 1):
            assert raw.set(f"pm:flags:{flags}", (b"data", flags)) is True
            assert raw.get(f"pm:flags:{flags}") == (b"data", flags)
        # pickle_serde keeps the Python type in the flags (str 16, int 2, pickled 1).
        for i, value in enumerate(["text", 12345, {"a": [1, 2]}, b"bytes"]):
            assert typed.set(f"pm:typed:{i}", value) is True
            assert typed.get(f"pm:typed:{i}") == value
        assert raw.get("pm:typed:0") == (b"text", 16)
        assert raw.get("pm:typed:1") == (b"12345", 2)
    finally:
        raw.close()
        typed.close()


def test_noreply_writes(mc):
    # A server that answered a noreply write would leave a reply on the connection, and the
    # get that follows on the same connection would read it instead of its own.
    assert mc.set("pm:nr", b"1", noreply=True) is True
    assert mc.add("pm:nr-add", b"a", noreply=True) is True
    assert mc.add("pm:nr-add", b"b", noreply=True) is True  # NOT_STORED, unseen
    assert mc.replace("pm:nr", b"2", noreply=True) is True
    assert mc.append("pm:nr", b"0", noreply=True) is True
    assert mc.prepend("pm:nr", b"1", noreply=True) is True
    assert mc.incr("pm:nr", 1, noreply=True) is None
    assert mc.decr("pm:nr", 2, noreply=True) is None
    assert mc.set("pm:nr-gone", b"x", noreply=True) is True
    assert mc.delete("pm:nr-gone", noreply=True) is True
    assert mc.touch("pm:nr", 100, noreply=True) is True
    assert mc.get_many(["pm:nr", "pm:nr-add", "pm:nr-gone"]) == {
        "pm:nr": b"119", "pm:nr-add": b"a"}
    assert mc.get("pm:nr") == b"119"
