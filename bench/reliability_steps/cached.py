"""Step 7: the load test's pages with the page cache on Redis, at 64 connections: 0 errors."""

from __future__ import annotations

from bench.loadtest.measure import run_wrk
from bench.loadtest.server import Server, fetch, server_environment
from bench.loadtest.tools import ensure_wrk
from bench.reliability_steps import PORTS


def step_cached(context: dict) -> dict:
    arguments, work, facts = context["arguments"], context["work"], context["facts"]
    port = PORTS["cached"]
    environment = server_environment(
        context["board_url"], context["secret"], context["static_root"], port, arguments.cache
    )
    server = Server(environment, port, work / "gunicorn-cached.log")
    server.start()
    try:
        paths = [
            "/",
            "/jobs/",
            "/jobs/?q=pytorch",
            "/jobs/?seniority=SE&workplace=remote&country=DE",
            "/jobs/?salary_min=150000&currency=EUR&sort=salary",
            "/careers/",
            facts["article"],
            facts["role"],
            "/salaries/",
            facts["salary"],
            "/jobs/feed/rss/?seniority=SE&workplace=remote",
            "/sitemap.xml",
            *facts["job_paths"][:200],
            *facts["company_paths"][:100],
        ]
        for path in paths:  # warm the cache
            fetch(port, path)
        paths_file = work / "cached-paths.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        wrk = ensure_wrk()
        target = {"path": paths[0], "headers": {}, "paths_file": str(paths_file), "size": None}
        result = run_wrk(wrk, port, target, 64, arguments.cached_seconds, 30)
    finally:
        server.stop()
    if "failure" in result:
        return {
            "name": "Cached pages, 64 connections",
            "requirement": f"{arguments.cached_seconds:.0f} s: 0 errors",
            "measured": result["failure"],
            "passed": False,
            "details": [],
        }
    hits = result.get("cache_hits", 0)
    return {
        "name": "Cached pages, 64 connections",
        "requirement": f"{arguments.cached_seconds:.0f} s: 0 errors",
        "measured": (
            f"{result['requests']:,} requests, {result['rps']:,.0f} req/s, p50 "
            f"{result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, {result['errors']} errors, "
            f"{hits / max(1, result['checked']):.1%} cache hits"
        ),
        "passed": result["errors"] == 0 and result["requests"] > 0,
        "details": [],
    }
