"""The reliability suite (``make bench-reliability``): the production stack on PostgreSQL at
100,000 listings, attacked and broken on purpose, with a table of figures.

Each step is bounded in time, talks to 127.0.0.1 only and stops what it started:

1. **Fuzzed URLs**: 10,000 URLs over every public route (garbage and repeated parameters,
   invalid UTF-8, huge numbers, long values, unknown paths) against gunicorn on the load
   test's 50-day board (``jb_load_50``, built by ``bench/load_data.py`` when missing or a day
   old) with no page cache: 0 answers 5xx, 0 timeouts. The web processes' statement timeout
   (5 s) answers 503: a fuzzed URL that hits it is a failure too (a slow query to fix).
2. **Hostile text**: 50 payloads (script tags, event handlers, ``javascript:`` links, broken
   markup, ``</script>``, JSON-breaking quotes) in every editor text field of a board of its
   own (``jb_reliability_hostile``), five payloads per object, loaded in Chromium: every
   public page, the admin's lists and change forms, and the feeds' HTML decoded and rendered
   as a reader would (without the site's CSP): 0 dialogs, 0 scripts run, 0 CSP violations.
3. **Wrong logins**: 50 wrong passwords for one account from one client address: locked
   after the configured number of failures (django-axes), the right password refused while
   locked.
4. **Database restart**: a PostgreSQL cluster of its own (initdb on a high port, run as the
   ``postgres`` user; never the machine's own) stopped for 3 s and started again while 8
   clients request uncached pages: only 503 while it is down, the first 200 within 2 s after
   it accepts connections again.
5. **A worker killed**: two of the three gunicorn workers killed (SIGKILL), one after the other,
   under load: at most one failed request per killed worker.
6. **A broken import**: 100,000 rows with one bad line at the end into an empty database:
   nothing written, the line named.
7. **Cached pages at 64 connections**: 60 s of wrk over the load test's pages with the page
   cache on Redis (a key prefix of the run): 0 errors.

Results: ``bench/results/<date>-<host>-reliability.md`` and printed. Never part of .ci/run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.loadtest.defaults import RESULTS  # noqa: E402
from bench.loadtest.server import Server, server_environment  # noqa: E402
from bench.reliability_steps import PORTS  # noqa: E402
from bench.reliability_steps.broken_import import step_import  # noqa: E402
from bench.reliability_steps.cached import step_cached  # noqa: E402
from bench.reliability_steps.fuzz import FUZZ_URLS, step_fuzz  # noqa: E402
from bench.reliability_steps.hostile import step_hostile  # noqa: E402
from bench.reliability_steps.kill import step_kill  # noqa: E402
from bench.reliability_steps.logins import step_logins  # noqa: E402
from bench.reliability_steps.report import report  # noqa: E402
from bench.reliability_steps.restart import step_restart  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=SERVER, help="the machine's PostgreSQL (boards)")
    parser.add_argument(
        "--board", default="jb_load_50", help="the 50-day board's database (jb_load_*)"
    )
    parser.add_argument("--fuzz", type=int, default=FUZZ_URLS, help="fuzzed URLs (10,000)")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--cached-seconds", type=float, default=60)
    parser.add_argument("--cache", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated steps: fuzz,hostile,logins,restart,kill,import,cached",
    )
    parser.add_argument("--output-dir", type=Path, default=RESULTS)
    return parser.parse_args()


STEPS = {
    "fuzz": step_fuzz,
    "hostile": step_hostile,
    "logins": step_logins,
    "restart": step_restart,
    "kill": step_kill,
    "import": step_import,
    "cached": step_cached,
}


def main() -> None:
    arguments = parse_arguments()
    chosen = [name.strip() for name in arguments.only.split(",") if name.strip()] or list(STEPS)
    unknown = set(chosen) - set(STEPS)
    if unknown:
        sys.exit(f"Unknown steps: {', '.join(sorted(unknown))}")
    started = datetime.now(UTC)
    clock = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="bench-reliability-"))
    work.chmod(0o755)
    static_root = work / "static"
    context = {
        "arguments": arguments,
        "work": work,
        "secret": secrets.token_urlsafe(64),
        "static_root": static_root,
        "commit": subprocess.run(
            ["git", "log", "-1", "--format=%h (%s)"], cwd=PROJECT, capture_output=True, text=True
        ).stdout.strip(),
    }
    print(f"Building or reusing the 50-day board ({arguments.board})...")
    board_url = f"{arguments.server.rstrip('/')}/{arguments.board}"
    facts_file = work / "facts.json"
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "load_data.py"),
            "--database-url",
            board_url,
            "--days",
            "50",
            "--facts",
            str(facts_file),
        ],
        check=True,
        cwd=PROJECT,
        timeout=3600,
    )
    context["facts"] = json.loads(facts_file.read_text(encoding="utf-8"))
    context["board_url"] = board_url
    environment = server_environment(board_url, context["secret"], static_root, 0, "dummy://")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=PROJECT,
        env={**environment, "SITE_URL": "http://127.0.0.1"},
        check=True,
        timeout=600,
    )
    context["failure_limit"] = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
    board = Server(
        server_environment(board_url, context["secret"], static_root, PORTS["board"], "dummy://"),
        PORTS["board"],
        work / "gunicorn-board.log",
    )
    context["board_server"], context["board_port"] = board, PORTS["board"]
    results = []
    needs_board = {"fuzz", "logins", "kill"}
    try:
        if needs_board & set(chosen):
            board.start()
        for name in chosen:
            print(f"== {name}", flush=True)
            step_started = time.monotonic()
            try:
                result = STEPS[name](context)
            except Exception as error:  # a step that breaks is a failed check, not a crash
                result = {
                    "name": name,
                    "requirement": "runs",
                    "measured": f"{type(error).__name__}: {error}"[:300],
                    "passed": False,
                    "details": [],
                }
            result["seconds"] = time.monotonic() - step_started
            print(f"   {result['measured']} -> {'passed' if result['passed'] else 'FAILED'}")
            for detail in result.get("details", [])[:5]:
                print(f"     {detail}")
            results.append(result)
    finally:
        board.stop()
    text = report(context, results, started, time.monotonic() - clock)
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    suffix = "" if chosen == list(STEPS) else "-" + "-".join(chosen)
    output = arguments.output_dir / f"{started:%Y-%m-%d}-{platform.node()}-reliability{suffix}.md"
    output.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"Written to {output}")
    shutil.rmtree(work, ignore_errors=True)
    if not all(result["passed"] for result in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
