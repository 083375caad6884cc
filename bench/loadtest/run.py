"""One board of the load test: built or reused (bench/load_data.py in a process of its own),
served, measured at each level, and its server stopped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.loadtest.measure import learn_size, measure_level, warm
from bench.loadtest.mix import measure_mix
from bench.loadtest.report import cache_off
from bench.loadtest.server import Server
from bench.loadtest.targets import targets

PROJECT = Path(__file__).resolve().parents[2]
PREPARE_TIMEOUT = 3600


def prepare_board(arguments, days: int, work: Path) -> dict:
    facts_file = work / f"facts-{days}.json"
    command = [
        sys.executable,
        str(PROJECT / "bench" / "load_data.py"),
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
                wrk,
                arguments.port,
                bare,
                found,
                connections,
                seconds,
                arguments.timeout,
                warm_first=not cache_off(arguments.cache),
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
