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
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "bench"
sys.path.insert(0, str(PROJECT))

from bench.explain_jobs import SEARCHES  # noqa: E402

RESULTS = BENCH / "results"
LUA_SCRIPT = BENCH / "load.lua"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
BOARDS = {50: "published over the last 50 days", 400: "published over the last 400 days"}
SHORT_CONNECTIONS, LONG_CONNECTIONS = 16, 64
SHORT_SECONDS, LONG_SECONDS, QUICK_SECONDS = 8, 30, 2
THREADS = 2
WORKERS = 3
# The deep page of bench/explain_jobs.py's searches, requested further down the list here.
DEEP_PAGE = ("page=40", "page=100")
HTMX_SEARCH = "/jobs/?q=pytorch"
FEED_QUERY = "?seniority=SE&workplace=remote"
# A single URL's body may differ from its first response by so many bytes (dates, counts).
SIZE_TOLERANCE = 400
PREPARE_TIMEOUT = 3600
FETCH_TIMEOUT = 300
# The longest wait for the server to drain the requests of the previous run.
SETTLE_LIMIT = 300
# The bare view is measured again after so many URLs (and after the last one).
BARE_EVERY = 6
# With a cache: the realistic mix of URLs (mix_paths), at 16 connections for so long.
MIX_SECONDS = 30
MIX_REQUESTS = 60_000


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


# -- Tools -------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    """wrk's path, installing Debian's package when it is missing."""
    if not shutil.which("wrk"):
        print("wrk is missing: installing Debian's package", flush=True)
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, timeout=600)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            timeout=600,
            env=environment,
        )
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def command_output(command: list[str]) -> str:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=30, cwd=PROJECT
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def git_description() -> str:
    commit = command_output(["git", "rev-parse", "--short=12", "HEAD"]) or "unknown"
    subject = command_output(["git", "log", "-1", "--format=%s"])
    dirty = command_output(["git", "status", "--porcelain", "--untracked-files=no"])
    text = f"{commit} ({subject})" if subject else commit
    if dirty:
        text += f"; the work tree had uncommitted changes in {len(dirty.splitlines())} file(s)"
    return text


def wrk_version(wrk: str) -> str:
    output = subprocess.run([wrk, "--version"], capture_output=True, text=True, timeout=30)
    first = (output.stdout or output.stderr).splitlines()[:1]
    return first[0].split(" Copyright")[0] if first else "wrk"


# -- The server --------------------------------------------------------------------------------


def server_environment(
    database_url: str, secret_key: str, static_root: Path, port: int, cache_url: str
) -> dict:
    """Production's environment: debug off, a real secret key, plain http on 127.0.0.1, the
    cache of ``--cache`` under a key prefix of this run (a shared Redis is never flushed)."""
    python_path = os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "BENCH_STATIC_ROOT": str(static_root),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": f"bench-load-{secrets.token_hex(4)}",
        "PYTHONPATH": python_path,
    }


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Server:
    """gunicorn in its own process group, stopped with the whole group."""

    def __init__(self, environment: dict, port: int, log: Path):
        self.environment, self.port, self.log = environment, port, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if port_in_use(self.port):
            sys.exit(f"Port {self.port} is in use already: choose another with --port.")
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [
            str(gunicorn),
            "config.wsgi",
            "--chdir",
            str(PROJECT),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--error-logfile",
            str(self.log),
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                env=self.environment,
                cwd=PROJECT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if fetch(self.port, "/bench/bare/", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        log_tail = self.log.read_text(errors="replace")[-3000:]
        sys.exit(f"gunicorn did not answer on port {self.port}:\n{log_tail}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self.process = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to record, not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(port: int, path: str, headers=None, timeout=FETCH_TIMEOUT) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# -- What is measured --------------------------------------------------------------------------


def sitemap_section(port: int) -> str | None:
    """The first section of /sitemap.xml when it is a sitemap index, else None."""
    status, body = fetch(port, "/sitemap.xml")
    if status != 200:
        return None
    root = ElementTree.fromstring(body)
    if not root.tag.endswith("sitemapindex"):
        return None
    for element in root.iter():
        if element.tag.endswith("loc") and element.text:
            location = urlparse(element.text.strip())
            return location.path + (f"?{location.query}" if location.query else "")
    return None


def targets(facts: dict, port: int, work: Path) -> list[dict]:
    """The fixed URL set of one board: label, path, headers, list of paths (or None)."""

    def one(label: str, path: str | None, headers: dict | None = None) -> dict | None:
        if path is None:
            print(f"  (no {label} on this board: left out)")
            return None
        return {"label": label, "path": path, "headers": headers or {}, "paths_file": None}

    def many(label: str, paths: list[str], name: str) -> dict:
        paths_file = work / f"{facts['database']}-{name}.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        return {"label": label, "path": paths[0], "headers": {}, "paths_file": str(paths_file)}

    searches = [url.replace(*DEEP_PAGE) for _, url in SEARCHES]
    section = sitemap_section(port)
    distinct = facts["distinct_company_paths"]
    found = [
        *(one(url, url) for url in searches),
        one(f"{HTMX_SEARCH} (htmx fragment)", HTMX_SEARCH, {"HX-Request": "true"}),
        many(f"job pages ({len(facts['job_paths']):,} listings)", facts["job_paths"], "jobs"),
        many(
            f"company pages (the companies of those listings: {distinct:,})",
            facts["company_paths"],
            "companies",
        ),
        one("/ (home)", "/"),
        one(f"{facts['article']} (article)", facts["article"]),
        one("/careers/", "/careers/"),
        one(f"{facts['role']} (role)", facts["role"]),
        one("/salaries/", "/salaries/"),
        one(facts["salary"], facts["salary"]),
        one(f"/jobs/feed/rss/{FEED_QUERY}", f"/jobs/feed/rss/{FEED_QUERY}"),
        one(f"/jobs/feed/atom/{FEED_QUERY}", f"/jobs/feed/atom/{FEED_QUERY}"),
        one("/sitemap.xml", "/sitemap.xml"),
    ]
    if section:
        found.append(one(f"{section} (sitemap section)", section))
    else:
        print("  /sitemap.xml is not a sitemap index: no section measured")
    return [target for target in found if target]


def learn_size(port: int, target: dict) -> dict:
    """Fetch a URL twice: its status, its body length, how much that length varies, and how
    long one request takes on an idle server."""
    started = time.monotonic()
    first_status, first = fetch(port, target["path"], target["headers"])
    seconds = time.monotonic() - started
    if target["paths_file"]:
        return {
            "status": first_status,
            "expected": 0,
            "tolerance": 0,
            "sample_bytes": len(first),
            "idle_seconds": seconds,
        }
    second_status, second = fetch(port, target["path"], target["headers"])
    spread = abs(len(first) - len(second))
    ok = first_status == second_status == 200
    return {
        "status": first_status if first_status != 200 else second_status,
        "expected": len(first) if ok else 0,
        "tolerance": SIZE_TOLERANCE + 2 * spread,
        "sample_bytes": len(first),
        "idle_seconds": seconds,
    }


def settle(port: int, service_seconds: float) -> float:
    """Wait until the server has served what the last run left queued; the seconds waited.

    wrk stops after its duration, but the requests it has sent by then stay in the server's
    accept queue and keep the sync workers busy after wrk has gone: without waiting, they
    would slow the next URL down. A request to the bare view queues behind them (the accept
    queue is first in, first out); when it is answered, at most one request per other worker
    is still being served, for at most one service time.
    """
    started = time.monotonic()
    with contextlib.suppress(OSError):
        fetch(port, "/bench/bare/", timeout=SETTLE_LIMIT)
    time.sleep(min(service_seconds, SETTLE_LIMIT / 10))
    return time.monotonic() - started


def run_wrk(wrk: str, port: int, target: dict, connections: int, seconds: float, timeout: float):
    """One wrk run: the numbers printed by bench/load.lua's done(), or an error."""
    size = target.get("size") or {"expected": 0, "tolerance": 0}
    command = [
        wrk,
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        f"{timeout:g}s",
        "--latency",
        "-s",
        str(LUA_SCRIPT),
        *(part for name, value in target["headers"].items() for part in ("-H", f"{name}: {value}")),
        f"http://127.0.0.1:{port}{target['path']}",
    ]
    environment = {
        **os.environ,
        "BENCH_PATHS": target["paths_file"] or "",
        "BENCH_EXPECTED": str(size["expected"]),
        "BENCH_TOLERANCE": str(size["tolerance"]),
    }
    try:
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=environment,
            timeout=seconds + timeout + 60,
        )
    except subprocess.TimeoutExpired:
        return {"failure": "wrk did not finish in time"}
    found = re.search(r"^BENCH_RESULT (\{.*\})$", completed.stdout, re.MULTILINE)
    if completed.returncode != 0 or not found:
        return {"failure": (completed.stderr or completed.stdout).strip()[-500:] or "no result"}
    raw = json.loads(found.group(1))
    seconds_measured = raw["duration_us"] / 1e6
    socket_errors = sum(
        raw[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return {
        **raw,
        "rps": raw["requests"] / seconds_measured if seconds_measured else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["bad_status"] + raw["bad_size"] + socket_errors,
        "socket_errors": socket_errors,
        "bytes_per_response": raw["body_bytes"] / raw["checked"] if raw["checked"] else 0,
    }


def measure_level(wrk, port, bare, found, connections, seconds, timeout) -> list[dict]:
    """Every URL at one connection count, with the bare view measured before the first, after
    every ``BARE_EVERY`` URLs and after the last: each URL's share is of the mean of the bare
    runs just before and just after it, so that a machine that slows down or speeds up during
    the run (shared machines do) moves both sides of the ratio alike."""
    print(f"\n  {connections} connections, {seconds:g} s per URL", flush=True)

    def measure(target: dict) -> dict:
        # The expected size is learned again just before the run: a board changes while it is
        # measured (listings expire), and the last page of a search, for one, loses a card.
        target["size"] = learn_size(port, target)
        result = run_wrk(wrk, port, target, connections, seconds, timeout)
        row = {"label": target["label"], "path": target["path"], **result}
        # One request's service time under load (each worker serves one at a time), or on the
        # idle server when the run completed nothing.
        service = WORKERS / result["rps"] if result.get("rps") else 0
        row["settle_seconds"] = settle(port, max(service, target["size"]["idle_seconds"]))
        if "failure" in result:
            print(f"    {target['label']}: wrk failed: {result['failure']}", flush=True)
        else:
            print(
                f"    {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
                f"p99 {result['p99_ms']:7.1f} ms  errors {result['errors']:>4}  "
                f"{target['label']}",
                flush=True,
            )
        return row

    bare_runs = [measure(bare)]
    rows = []
    for start in range(0, len(found), BARE_EVERY):
        group = [measure(target) for target in found[start : start + BARE_EVERY]]
        bare_runs.append(measure(bare))
        before, after = (run.get("rps") or 0 for run in bare_runs[-2:])
        reference = (before + after) / 2 if before and after else before or after
        for row in group:
            row["bare_rps"] = reference
        rows += group
    bare_row = dict(bare_runs[0])
    completed = [run["rps"] for run in bare_runs if run.get("rps")]
    if completed:
        bare_row["rps"] = statistics.mean(completed)
    bare_row["bare_runs"] = [run.get("rps") for run in bare_runs]
    bare_row["bare_rps"] = bare_row.get("rps")
    rows.insert(0, bare_row)
    for row in rows:
        reference = row.get("bare_rps")
        row["share_of_bare"] = row["rps"] / reference if reference and "rps" in row else None
    return rows


def warm(port: int, found: list[dict]) -> None:
    """Ask for every page of the set once (each of the 1,000 job and company pages too), so
    that the runs measure a warm cache."""
    started = time.monotonic()
    count = 0
    for target in found:
        paths = (
            Path(target["paths_file"]).read_text(encoding="utf-8").split()
            if target["paths_file"]
            else [target["path"]]
        )
        for path in paths:
            with contextlib.suppress(OSError):
                fetch(port, path, target["headers"])
            count += 1
    print(f"  cache warmed: {count:,} pages in {time.monotonic() - started:.0f} s", flush=True)


def mix_paths(facts: dict, count: int, seed: int = 20261202) -> list[str]:
    """A day of visits, drawn: most people on the first pages of a few searches, the home
    page and popular listings; a long tail of searches nobody else makes (keyword, filters
    and page combined at random), which the cache cannot have."""
    import random

    rng = random.Random(seed)
    popular_searches = ["/jobs/", *(url.replace(*DEEP_PAGE) for _, url in SEARCHES)]
    popular_weights = [1 / (rank + 1) for rank in range(len(popular_searches))]
    jobs = facts["job_paths"]
    job_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(jobs))]
    words = ["python", "spark", "llm", "vision", "rust", "nlp", "data", "platform", "ml", "ai"]
    words += ["research", "analytics", "scientist", "engineer", "mlops", "pytorch", "sql"]
    seniorities, workplaces = ["EN", "MI", "SE", "EX"], ["remote", "hybrid", "onsite"]
    countries = ["US", "DE", "GB", "FR", "CA", "IN", "NL", "ES"]

    def long_tail() -> str:
        parts = [f"q={rng.choice(words)}+{rng.choice(words)}"]
        if rng.random() < 0.6:
            parts.append(f"seniority={rng.choice(seniorities)}")
        if rng.random() < 0.5:
            parts.append(f"workplace={rng.choice(workplaces)}")
        if rng.random() < 0.4:
            parts.append(f"country={rng.choice(countries)}")
        if rng.random() < 0.4:
            parts.append(f"salary_min={rng.randrange(50, 300) * 1000}")
        parts.append(f"page={rng.randrange(1, 6)}")
        return "/jobs/?" + "&".join(parts)

    paths = []
    for _ in range(count):
        draw = rng.random()
        if draw < 0.10:
            paths.append(rng.choice(["/", "/careers/", "/salaries/", facts["article"]]))
        elif draw < 0.55:
            search = rng.choices(popular_searches, popular_weights)[0]
            page = rng.choices([1, 2, 3], [0.8, 0.15, 0.05])[0]
            joiner = "&" if "?" in search else "?"
            paths.append(search if page == 1 else f"{search}{joiner}page={page}")
        elif draw < 0.85:
            paths.append(rng.choices(jobs, job_weights)[0])
        else:
            paths.append(long_tail())
    return paths


def measure_mix(wrk: str, arguments, facts: dict, work: Path) -> dict:
    """The realistic mix at 16 connections: req/s, latency and the cache's hit ratio."""
    paths = mix_paths(facts, MIX_REQUESTS)
    paths_file = work / f"{facts['database']}-mix.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    target = {"label": "mix", "path": paths[0], "headers": {}, "paths_file": str(paths_file)}
    result = run_wrk(
        wrk, arguments.port, target, SHORT_CONNECTIONS, arguments.mix_seconds, arguments.timeout
    )
    if "failure" in result:
        print(f"  mix: wrk failed: {result['failure']}", flush=True)
        return result
    result["hit_ratio"] = result["cache_hits"] / result["checked"] if result["checked"] else 0
    result["distinct_paths"] = len(set(paths))
    print(
        f"  realistic mix: {result['rps']:.1f} req/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, hit ratio {result['hit_ratio']:.1%}, "
        f"errors {result['errors']}",
        flush=True,
    )
    return result


# -- Output ------------------------------------------------------------------------------------


def error_text(row: dict) -> str:
    if "failure" in row:
        return "wrk failed"
    if not row["requests"] and not row["errors"]:
        return "0 (no response completed)"
    if not row["errors"]:
        return "0"
    parts = []
    if row["bad_status"]:
        parts.append(f"{row['bad_status']} status (first {row['first_bad_status']})")
    if row["bad_size"]:
        parts.append(f"{row['bad_size']} size")
    if row["timeouts"]:
        parts.append(f"{row['timeouts']} timeout")
    other = row["socket_errors"] - row["timeouts"]
    if other:
        parts.append(f"{other} socket")
    return f"{row['errors']:,} ({', '.join(parts)})"


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| URL | req/s | p50 | p99 | errors | bytes/response | share of bare |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        label = row["label"].replace("|", "\\|")
        if row.get("bare_runs") and len(row["bare_runs"]) > 1:
            runs = ", ".join("-" if rps is None else f"{rps:,.0f}" for rps in row["bare_runs"])
            label += f", the mean of {len(row['bare_runs'])} runs: {runs}"
        if "failure" in row:
            lines.append(f"| {label} | - | - | - | wrk failed | - | - |")
            continue
        share = row["share_of_bare"]
        if not row["requests"]:
            lines.append(f"| {label} | 0 | - | - | {error_text(row)} | - | 0% |")
            continue
        lines.append(
            f"| {label} | {row['rps']:,.1f} | {row['p50_ms']:,.1f} ms | {row['p99_ms']:,.1f} ms "
            f"| {error_text(row)} | {row['bytes_per_response']:,.0f} "
            f"| {'-' if share is None else f'{share:.1%}'} |"
        )
    return lines


def report(run: dict) -> str:
    levels = ", ".join(
        f"{connections} connections for {seconds:g} s per URL"
        for connections, seconds in run["levels"]
    )
    lines = [
        "# Load test: the production stack at 100,000 listings on PostgreSQL",
        "",
        f"- Generated by `bench/load.py` (`make bench-load`) on {run['started']} UTC "
        f"on `{run['host']}` in {run['minutes']:.0f} min.",
        f"- Git commit: {run['git']}.",
        f"- CPUs: {run['cpus']}; load average at the start {run['load_start']}, at the end "
        f"{run['load_end']} (wrk, gunicorn and PostgreSQL share this machine).",
        f"- PostgreSQL {run['postgresql']}; Python {run['python']}.",
        f"- Server: gunicorn, {WORKERS} sync workers, DEBUG off, WhiteNoise manifest storage, "
        f"`bench.settings`, 127.0.0.1:{run['port']}.",
        f"- Cache: `CACHE_URL={run.get('cache', 'dummy://')}`"
        + (
            " (no cache: every page rendered)."
            if cache_off(run.get("cache", "dummy://"))
            else " (warm: every page of the set requested once before the runs)."
        ),
        f"- Load: {run['wrk']}, {THREADS} threads, {levels}; request timeout "
        f"{run['timeout']:g} s. At each level the bare view is measured first, after "
        f"every {BARE_EVERY} URLs and last.",
    ]
    for board in run["boards"]:
        facts = board["facts"]
        state = "built for this run" if facts["rebuilt"] else "reused"
        lines.append(
            f"- Board {facts['history_days']} days (`{facts['database']}`): "
            f"{facts['listings']:,} listings, {facts['visible']:,} visible, "
            f"{facts['companies']:,} companies (the largest have "
            f"{', '.join(f'{size:,}' for size in facts['largest_companies'])} listings), "
            f"{facts['distinct_descriptions']:,} distinct descriptions"
            f"{' (description_html filled)' if facts['description_html_filled'] else ''}; "
            f"built {facts['built_at'][:16].replace('T', ' ')} UTC in "
            f"{facts['build_seconds']:.0f} s ({state})."
        )
    lines += [
        "",
        "req/s: completed responses per second. p50, p99: latency percentiles (wrk). errors: "
        "responses that were not a 200 (a redirect included), bodies of an unexpected size "
        f"(a single URL: more than {SIZE_TOLERANCE} bytes from its first response, plus twice "
        "the difference between two first responses; job and company pages: an empty body), "
        "socket errors and timeouts. bytes/response: the mean body length. share of bare: "
        "req/s of the URL divided by the mean req/s of the runs of /bench/bare/ just before "
        "and just after it (the bare row: the mean of all its runs).",
    ]
    for board in run["boards"]:
        mix = board.get("mix")
        if mix and "rps" in mix:
            lines += [
                "",
                f"Board {board['facts']['history_days']} days, realistic mix "
                f"({MIX_REQUESTS:,} visits drawn, {mix['distinct_paths']:,} distinct URLs; "
                f"{SHORT_CONNECTIONS} connections): {mix['rps']:,.1f} req/s, p50 "
                f"{mix['p50_ms']:.1f} ms, p99 {mix['p99_ms']:.1f} ms, cache hit ratio "
                f"{mix['hit_ratio']:.1%}, errors {mix['errors']}.",
            ]
        for level in board["levels"]:
            lines += [
                "",
                f"## Board {board['facts']['history_days']} days "
                f"({BOARDS[board['facts']['history_days']]}): "
                f"{level['connections']} connections, {level['seconds']:g} s per URL",
                "",
                *table(level["rows"]),
            ]
    return "\n".join(lines) + "\n"


def output_paths(arguments, started: datetime) -> tuple[Path, Path]:
    host = re.sub(r"[^A-Za-z0-9.-]+", "-", platform.node() or "host")
    full = (arguments.short, arguments.long) == (SHORT_SECONDS, LONG_SECONDS)
    cached = "" if cache_off(arguments.cache) else "-cache"
    name = f"{started:%Y-%m-%d}-{host}-load{cached}{'' if full else '-quick'}"
    return arguments.output_dir / f"{name}.md", arguments.output_dir / f"{name}.json"


def cache_off(cache_url: str) -> bool:
    return cache_url.startswith("dummy:")


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


# -- Main --------------------------------------------------------------------------------------


def prepare_board(arguments, days: int, work: Path) -> dict:
    facts_file = work / f"facts-{days}.json"
    command = [
        sys.executable,
        str(BENCH / "load_data.py"),
        "--database-url",
        f"{arguments.server.rstrip('/')}/jb_load_{days}",
        "--days",
        str(days),
        "--listings",
        str(arguments.listings),
        "--facts",
        str(facts_file),
    ]
    if arguments.rebuild:
        command.append("--rebuild")
    subprocess.run(command, check=True, cwd=PROJECT, timeout=PREPARE_TIMEOUT)
    return json.loads(facts_file.read_text(encoding="utf-8"))


def measure_board(arguments, wrk: str, facts: dict, environment: dict, work: Path) -> dict:
    server = Server(environment, arguments.port, work / f"gunicorn-{facts['database']}.log")
    try:
        server.start()
        found = targets(facts, arguments.port, work)
        if arguments.only:
            found = [
                target
                for target in found
                if arguments.only in target["label"] or arguments.only in target["path"]
            ]
        bare = {
            "label": "/bench/bare/ (bare view)",
            "path": "/bench/bare/",
            "headers": {},
            "paths_file": None,
        }
        for target in [bare, *found]:
            target["size"] = learn_size(arguments.port, target)
            if target["size"]["status"] != 200:
                print(
                    f"  warning: {target['path']} answered {target['size']['status']} "
                    "before the run (counted as errors)",
                    flush=True,
                )
        if not cache_off(arguments.cache):
            warm(arguments.port, found)
        levels = []
        for connections, seconds in arguments.levels:
            rows = measure_level(
                wrk, arguments.port, bare, found, connections, seconds, arguments.timeout
            )
            for row, target in zip(rows, [bare, *found], strict=True):
                row["before_run"] = target["size"]
            levels.append({"connections": connections, "seconds": seconds, "rows": rows})
        mix = None
        if not cache_off(arguments.cache) and arguments.mix_seconds > 0:
            mix = measure_mix(wrk, arguments, facts, work)
        # The raw numbers keep a few of the 1,000 paths, not all of them.
        kept = {
            key: value[:5] if key in ("job_paths", "company_paths") else value
            for key, value in facts.items()
        }
        return {"facts": kept, "levels": levels, "mix": mix}
    finally:
        server.stop()


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
