"""wrk's runs: each URL's expected size, one run through bench/load.lua, the wait for the
server to drain, a level of connections with the bare view around each group of URLs."""

from __future__ import annotations

import contextlib
import json
import os
import re
import statistics
import subprocess
import time
from pathlib import Path

from bench.loadtest.server import WORKERS, fetch

PROJECT = Path(__file__).resolve().parents[2]
LUA_SCRIPT = PROJECT / "bench" / "load.lua"
THREADS = 2
# A single URL's body may differ from its first response by so many bytes (dates, counts).
SIZE_TOLERANCE = 400
# The longest wait for the server to drain the requests of the previous run.
SETTLE_LIMIT = 300
# The bare view is measured again after so many URLs (and after the last one).
BARE_EVERY = 6


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


def measure_level(
    wrk, port, bare, found, connections, seconds, timeout, warm_first=False
) -> list[dict]:
    """Every URL at one connection count, with the bare view measured before the first, after
    every ``BARE_EVERY`` URLs and after the last: each URL's share is of the mean of the bare
    runs just before and just after it, so that a machine that slows down or speeds up during
    the run (shared machines do) moves both sides of the ratio alike.

    With ``warm_first`` (a cache is on) each URL's pages are asked for once just before its
    run: pages whose time ran out since the last run of the set (a listing on them turned a
    day older, say) are rendered then, not all in the first second of the run, where a
    hundred renders at once queued every connection behind them (job pages at 64
    connections: p99 164 ms, 30 minutes after one warm-up at the start)."""
    print(f"\n  {connections} connections, {seconds:g} s per URL", flush=True)

    def measure(target: dict) -> dict:
        if warm_first and target is not bare:
            warm(port, [target], quiet=True)
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


def warm(port: int, found: list[dict], quiet: bool = False) -> None:
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
    if not quiet:
        print(f"  cache warmed: {count:,} pages in {time.monotonic() - started:.0f} s", flush=True)
