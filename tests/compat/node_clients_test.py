"""The node clients: node-redis v5 over RESP3, and ioredis v5 with a pipeline of 100 commands.

The scripts live in node/ (node/package-lock.json pins the versions; ./scripts/setup installs
them into node/node_modules). Each prints one line per check and exits 0 iff all passed; on
failure the test shows everything the script printed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from compat_support import report, run

NODE_DIR = Path(__file__).resolve().parent / "node"


def run_script(script: str, port: int) -> None:
    node = shutil.which("node")
    assert node, "node is not on PATH (./scripts/setup installs Debian's nodejs)"
    assert (NODE_DIR / "node_modules" / ".package-lock.json").exists(), (
        f"{NODE_DIR / 'node_modules'} is missing: run ./scripts/setup (npm ci)")
    command = [node, str(NODE_DIR / script), str(port)]
    done = run(command, cwd=str(NODE_DIR))
    why = report(command, done, as_text=True)
    assert done.returncode == 0 and done.stdout.endswith(b"PASS\n"), why


def test_node_redis_resp3(servers):
    run_script("node_redis_resp3.mjs", servers.redis_port)


def test_ioredis_pipeline(servers):
    run_script("ioredis_pipeline.mjs", servers.redis_port)

