"""An edit on the primary followed to the replica and to the pages served through nginx."""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from pathlib import Path

from bench.loadtest.server import fetch
from bench.scaleout.topology import Topology

PROJECT = Path(__file__).resolve().parents[2]


def edit_reaches_the_pages(topology: Topology, facts: dict) -> dict:
    """Rename a listing on the primary through the ORM (the app's own write path: the page
    cache is invalidated) and time when the replica has it, and when nginx serves it."""
    path = facts["job_paths"][0]
    job_id = int(path.split("/")[2])
    title = f"Renamed {secrets.token_hex(3)}"
    environment = topology.app_environment()
    script = (
        "from jobs.models import Job\n"
        f"job = Job.objects.get(pk={job_id})\n"
        f"job.title = {title!r}\n"
        "job.save()\n"
    )
    fetch(topology.ports["nginx"], path)  # the old page is in every cache
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        check=True,
        cwd=PROJECT,
        env=environment,
        capture_output=True,
    )
    committed = time.monotonic()
    replica_seconds = page_seconds = None
    deadline = committed + 10
    while time.monotonic() < deadline and (replica_seconds is None or page_seconds is None):
        if replica_seconds is None:
            found = subprocess.run(
                [
                    "psql",
                    topology.url("replica"),
                    "-Atc",
                    f"SELECT title FROM jobs_job WHERE id={job_id}",
                ],
                capture_output=True,
                text=True,
            ).stdout.strip()
            if found == title:
                replica_seconds = time.monotonic() - committed
        if page_seconds is None:
            status, body = fetch(topology.ports["nginx"], path)
            if status == 200 and title.encode() in body:
                page_seconds = time.monotonic() - committed
        time.sleep(0.01)
    return {
        "job": path,
        "title": title,
        "write_seconds": committed - started,
        "replica_seconds": replica_seconds,
        "page_seconds": page_seconds,
    }
