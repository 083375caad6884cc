"""The site past one machine, shown on this one (``make bench-scale``).

Starts, with throwaway parts on high ports under a temporary directory, the topology of
deploy/README.md:

- a PostgreSQL primary and a streaming replica, each a cluster of its own (``initdb``, then
  ``pg_basebackup -R`` from the primary), run as the ``postgres`` user, since ``initdb``
  refuses root; the primary gets the 50-day board of 100,000 listings (bench/load_data.py);
- a Redis for the page cache;
- two gunicorn app servers (gunicorn.conf.py, ``bench.settings``: production's settings and
  URLs plus the bare view), reading public pages from the replica;
- nginx in front (deploy/nginx.conf.template, rendered by deploy/render_nginx.py), with its
  1-second cache of anonymous pages;

then runs the load test's URL set through nginx at 16 connections (bench/load.py's table:
req/s, p50, p99, errors, share of the bare view through the same path), shows that an edit
on the primary reaches the replica and the pages served through nginx, with how long each
took, and stops everything it started (also when interrupted). It never touches the
machine's own PostgreSQL or Redis: its parts listen on ports 55432, 55433, 56379, 58001,
58002 and 58080 (``--port-base`` moves them).

    .venv/bin/python bench/scale.py             # about 8 minutes
    .venv/bin/python bench/scale.py --seconds 3 # a quicker check

Results go to ``bench/results/<date>-<host>-scale.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.loadtest.measure import learn_size, measure_level, warm  # noqa: E402
from bench.loadtest.targets import targets  # noqa: E402
from bench.loadtest.tools import ensure_wrk, git_description, wrk_version  # noqa: E402
from bench.scaleout.edit import edit_reaches_the_pages  # noqa: E402
from bench.scaleout.report import report  # noqa: E402
from bench.scaleout.topology import Topology  # noqa: E402

RESULTS = PROJECT / "bench" / "results"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8, help="wrk seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port-base", type=int, default=55000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--output-dir", type=Path, default=RESULTS)
    return parser.parse_args()


def prepare_board(topology: Topology) -> dict:
    facts_file = topology.work / "facts.json"
    subprocess.run(
        [
            *(sys.executable, str(PROJECT / "bench" / "load_data.py")),
            *("--database-url", topology.url("primary"), "--days", "50"),
            *("--listings", str(topology.arguments.listings), "--facts", str(facts_file)),
        ],
        check=True,
        cwd=PROJECT,
    )
    return json.loads(facts_file.read_text(encoding="utf-8"))


def main() -> None:
    arguments = parse_arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in ("nginx", "redis-server", "redis-cli", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install nginx redis-server postgresql-client")
    wrk = ensure_wrk()
    started = datetime.now(UTC)
    clock = time.monotonic()
    topology = Topology(arguments)
    try:
        print(f"Parts under {topology.work}: ports {topology.ports}", flush=True)
        topology.start_primary()
        print("primary up; loading the board", flush=True)
        facts = prepare_board(topology)
        topology.start_replica()
        print("replica up (streaming)", flush=True)
        topology.start_redis()
        topology.start_apps()
        topology.start_nginx()
        print("redis, two app servers and nginx up", flush=True)
        port = topology.ports["nginx"]
        work = topology.work / "urls"
        work.mkdir()
        found = targets(facts, port, work)
        bare = {"label": "/bench/bare/ (bare view)", "path": "/bench/bare/", "headers": {}}
        bare["paths_file"] = None
        for target in [bare, *found]:
            target["size"] = learn_size(port, target)
        warm(port, found)
        rows = measure_level(wrk, port, bare, found, arguments.connections, arguments.seconds, 30)
        edit = edit_reaches_the_pages(topology, facts)
        print(f"edit: {edit}", flush=True)
        run = {
            "started": f"{started:%Y-%m-%d %H:%M}",
            "host": platform.node(),
            "cpus": os.cpu_count(),
            "git": git_description(),
            "wrk": wrk_version(wrk),
            "ports": topology.ports,
            "workers": arguments.workers,
            "connections": arguments.connections,
            "seconds": arguments.seconds,
            "facts": facts,
            "rows": rows,
            "edit": edit,
            "minutes": (time.monotonic() - clock) / 60,
        }
    finally:
        topology.stop()
        print("stopped everything it started", flush=True)
    host = "".join(c if c.isalnum() or c in ".-" else "-" for c in platform.node() or "host")
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    path = arguments.output_dir / f"{started:%Y-%m-%d}-{host}-scale.md"
    path.write_text(report(run), encoding="utf-8")
    print(path.read_text(encoding="utf-8"))
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
