"""The median of several runs of ``bench/load.py``, as one table.

The machines are shared: one run's figures move with the load of the others. Three runs one
after the other on the same commit, and the median of each URL's share of the bare view (and
of its req/s and p99), say more than any one of them::

    .venv/bin/python bench/load_median.py RUN1.json RUN2.json RUN3.json --output OUT.md

Each JSON file is the raw output of one ``bench/load.py`` run (same boards, same URLs, same
connection counts). Errors are summed over the runs: a URL answered with an error in any
run shows it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from pathlib import Path


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", type=Path, help="the .json files of load.py runs")
    parser.add_argument("--output", type=Path, required=True, help="the Markdown file to write")
    parser.add_argument("--title", default="Load test: the median of several runs")
    return parser.parse_args()


def level_rows(run: dict) -> dict[tuple, dict]:
    """(board days, connections, seconds, label) -> row, for every row of a run."""
    rows = {}
    for board in run["boards"]:
        days = board["facts"]["history_days"]
        for level in board["levels"]:
            for row in level["rows"]:
                # "company pages (the companies of those listings: 372)": the count of
                # distinct companies drawn may differ from run to run.
                label = re.sub(r": [\d,]+\)$", ")", row["label"])
                key = (days, level["connections"], level["seconds"], label)
                rows[key] = row
    return rows


def median_table(runs: list[dict]) -> list[str]:
    per_run = [level_rows(run) for run in runs]
    keys = [key for key in per_run[0] if all(key in rows for rows in per_run)]
    lines = [
        "| board | connections | URL | req/s (median) | share (median) | shares of the runs "
        "| p99 (median) | errors (all runs) |",
        "|---|--:|---|--:|--:|---|--:|--:|",
    ]
    for key in keys:
        days, connections, _seconds, label = key
        rows = [rows[key] for rows in per_run]
        shares = [row.get("share_of_bare") for row in rows]
        known = [share for share in shares if share is not None]
        rps = [row["rps"] for row in rows if "rps" in row]
        p99 = [row["p99_ms"] for row in rows if "p99_ms" in row]
        errors = sum(row.get("errors", 0) for row in rows)
        label = label.replace("|", "\\|")
        if len(label) > 100:
            label = label[:97] + "..."
        lines.append(
            f"| {days} | {connections} | {label} "
            f"| {statistics.median(rps):,.1f} "
            f"| {statistics.median(known):.1%} "
            f"| {', '.join('-' if share is None else f'{share:.1%}' for share in shares)} "
            f"| {statistics.median(p99):,.0f} ms | {errors} |"
            if rps and known and p99
            else f"| {days} | {connections} | {label} | - | - | - | - | {errors} |"
        )
    return lines


def main() -> None:
    arguments = parse_arguments()
    runs = [json.loads(path.read_text(encoding="utf-8")) for path in arguments.runs]
    commits = sorted({run["git"] for run in runs})
    lines = [
        f"# {arguments.title}",
        "",
        f"- Runs: {', '.join(f'`{path.name}`' for path in arguments.runs)}, started "
        f"{', '.join(run['started'] for run in runs)} UTC on `{runs[0]['host']}` "
        f"({runs[0]['cpus']} CPUs).",
        f"- Git commit{'s' if len(commits) > 1 else ''}: {'; '.join(commits)}.",
        "- share: req/s of the URL over the req/s of the bare view measured around it in the "
        "same run (bench/load.py); the median share is the median of the runs' shares.",
        "",
        *median_table(runs),
    ]
    arguments.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
