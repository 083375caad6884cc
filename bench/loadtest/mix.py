"""With a cache: a realistic mix of visits, measured at 16 connections with its hit ratio."""

from __future__ import annotations

from pathlib import Path

from bench.board.searches import SEARCHES
from bench.loadtest.defaults import SHORT_CONNECTIONS
from bench.loadtest.measure import run_wrk
from bench.loadtest.targets import DEEP_PAGE

# With a cache: the realistic mix of URLs (mix_paths), at 16 connections for so long.
MIX_SECONDS = 30
MIX_REQUESTS = 60_000


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
