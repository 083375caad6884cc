"""The production stack under load at 100,000 listings on PostgreSQL (``make bench-load``).

For each board (listings published over the last 50 days, then over the last 400 days) it

1. prepares the board's own database, ``jb_load_50`` or ``jb_load_400`` (bench/load_data.py:
   built when missing or older than a day, reused otherwise);
2. starts the production stack on 127.0.0.1:8765: gunicorn with 3 sync workers, debug off,
   WhiteNoise's manifest storage (collectstatic into a temporary directory), a generated
   secret key, ``bench.settings`` (production's settings and URLs plus ``/bench/bare/``);
3. runs wrk (2 threads) on every URL of a fixed set, at 16 connections for 8 s each, then at
   64 connections for 30 s each, the bare view first, after every few URLs and last at each
   level (each URL's share is of the bare runs around it); a Lua script
   (bench/load.lua) counts every response that is not a 200 of the expected size;
4. stops the server (always).

The results go to ``bench/results/<date>-<host>-load.md`` (one table per board and connection
count) and ``.json`` (the raw numbers), and the tables to stdout. Run from the project root::

    .venv/bin/python bench/load.py             # about 50 minutes (with both boards to build)
    .venv/bin/python bench/load.py --quick     # 2 s per URL at each level: 10 to 15 minutes
    .venv/bin/python bench/load.py --boards 50 --short 4 --long 0

It needs a PostgreSQL server where pg_trgm can be created (``--server``, default
postgres://postgres@127.0.0.1:5432) and installs Debian's wrk when it is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.board.searches import SEARCHES  # noqa: E402
from bench.loadtest.defaults import (  # noqa: E402
    BOARDS,
    DEFAULT_SERVER,
    LONG_CONNECTIONS,
    LONG_SECONDS,
    QUICK_SECONDS,
    RESULTS,
    SHORT_CONNECTIONS,
    SHORT_SECONDS,
)
from bench.loadtest.mix import MIX_SECONDS  # noqa: E402
from bench.loadtest.report import output_paths, report  # noqa: E402
from bench.loadtest.run import measure_board, prepare_board  # noqa: E402
from bench.loadtest.server import server_environment  # noqa: E402
from bench.loadtest.tools import ensure_wrk, git_description, load_average, wrk_version  # noqa: E402


def parse_arguments():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Durations also come from BENCH_LOAD_SHORT and BENCH_LOAD_LONG.",
    )
    parser.add_argument(
        "--short",
        type=float,
        default=float(os.environ.get("BENCH_LOAD_SHORT") or SHORT_SECONDS),
        help=f"seconds per URL at {SHORT_CONNECTIONS} connections "
        f"(default {SHORT_SECONDS}; 0 skips this level)",
    )
    parser.add_argument(
        "--long",
        type=float,
        default=float(os.environ.get("BENCH_LOAD_LONG") or LONG_SECONDS),
        help=f"seconds per URL at {LONG_CONNECTIONS} connections "
        f"(default {LONG_SECONDS}; 0 skips this level)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_SECONDS} s per URL at both levels (a check that everything works)",
    )
    parser.add_argument(
        "--boards",
        default=",".join(str(days) for days in BOARDS),
        help="which boards, by days of history (default 50,400)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30,
        help="wrk's request timeout in seconds (default 30, gunicorn's worker timeout)",
    )
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_LOAD_SERVER") or DEFAULT_SERVER,
        help=f"PostgreSQL server of the jb_load_* databases (default {DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--cache",
        default=os.environ.get("BENCH_LOAD_CACHE") or "dummy://",
        help="the server's CACHE_URL (default dummy://: every page rendered, the speed "
        "issue's measure; redis://127.0.0.1:6379/0 measures the page cache, warm)",
    )
    parser.add_argument(
        "--mix-seconds",
        type=float,
        default=MIX_SECONDS,
        help=f"with a cache: seconds of the realistic mix (default {MIX_SECONDS}; 0 skips it)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the boards even if fresh")
    parser.add_argument(
        "--only", default="", help="measure only the URLs containing this text (and bare)"
    )
    parser.add_argument("--output-dir", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.short = arguments.long = QUICK_SECONDS
    arguments.boards = [int(days) for days in arguments.boards.split(",") if days.strip()]
    unknown = set(arguments.boards) - set(BOARDS)
    if unknown:
        parser.error(f"unknown board(s) {sorted(unknown)}: choose among {list(BOARDS)}")
    arguments.levels = [
        (connections, seconds)
        for connections, seconds in (
            (SHORT_CONNECTIONS, arguments.short),
            (LONG_CONNECTIONS, arguments.long),
        )
        if seconds > 0
    ]
    if not arguments.levels:
        parser.error("--short and --long are both 0: nothing to measure")
    return arguments


def main() -> None:
    arguments = parse_arguments()
    # A terminated run still stops its server (the finally clauses run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.now(UTC)
    clock = time.monotonic()
    wrk = ensure_wrk()
    per_board = sum(seconds for _, seconds in arguments.levels) * (len(SEARCHES) + 14)
    print(
        f"Load test of {len(arguments.boards)} board(s): about {per_board / 60:.0f} minutes of "
        "wrk per board, plus the waits for the server to drain between URLs (2 to 7 minutes "
        "per board) and building a board that is missing or stale (1 to 2 minutes).",
        flush=True,
    )
    run = {
        "started": f"{started:%Y-%m-%d %H:%M}",
        "host": platform.node(),
        "git": git_description(),
        "cpus": os.cpu_count(),
        "load_start": load_average(),
        "python": platform.python_version(),
        "wrk": wrk_version(wrk),
        "port": arguments.port,
        "timeout": arguments.timeout,
        "cache": arguments.cache,
        "levels": arguments.levels,
        "listings_requested": arguments.listings,
        "boards": [],
    }
    markdown_path, json_path = output_paths(arguments, started)
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        secret_key = secrets.token_urlsafe(64)
        static_root = work / "static"
        for days in arguments.boards:
            facts = prepare_board(arguments, days, work)
            environment = server_environment(
                f"{arguments.server.rstrip('/')}/{facts['database']}",
                secret_key,
                static_root,
                arguments.port,
                arguments.cache,
            )
            if not static_root.exists():
                subprocess.run(
                    [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                    check=True,
                    cwd=PROJECT,
                    env=environment,
                    timeout=600,
                )
            print(
                f"\nBoard {days} days: {facts['listings']:,} listings, "
                f"{facts['visible']:,} visible",
                flush=True,
            )
            run["postgresql"] = facts["postgresql"]
            run["boards"].append(measure_board(arguments, wrk, facts, environment, work))
            run["load_end"] = load_average()
            run["minutes"] = (time.monotonic() - clock) / 60
            # Written after every board: an interrupted run keeps what it measured.
            markdown_path.write_text(report(run), encoding="utf-8")
            json_path.write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(markdown_path.read_text(encoding="utf-8"))
    print(f"Wrote {markdown_path} and {json_path}")


if __name__ == "__main__":
    main()
