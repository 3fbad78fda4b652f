"""pytest fixtures of the compatibility tests (see harness.py for the two modes).

`servers`: started once per test file run (ctest runs each file in its own process), so a
file's tests share one server and keep to their own keys, or flush first where they count
keys. After every test the servers must still be running; at the end they must stop
cleanly (see Servers.stop).

Marker `stepdb_only`: the test holds only for stepdb (one port, one keyspace for both
protocols) and is skipped against the real peers.
"""

from __future__ import annotations

import pytest

import harness


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "stepdb_only: holds only for stepdb; skipped when STEPDB_COMPAT_PEERS=1")


def pytest_collection_modifyitems(config, items):
    if not harness.peers_mode():
        return
    skip = pytest.mark.skip(reason="holds only for stepdb (STEPDB_COMPAT_PEERS=1)")
    for item in items:
        if "stepdb_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def servers():
    try:
        started = harness.start()
    except harness.HarnessError as e:
        pytest.fail(str(e), pytrace=False)
    yield started
    problems = started.stop()
    if problems:
        pytest.fail("a server did not stop cleanly: " + "\n".join(problems), pytrace=False)


@pytest.fixture(autouse=True)
def _server_survives(request):
    yield
    if "servers" in request.fixturenames:
        try:
            request.getfixturevalue("servers").check_running()
        except harness.HarnessError as e:
            pytest.fail(str(e), pytrace=False)
