"""``manage.py`` as a user runs it: migrate, a timed ``import_jobs``, and the git commit of
the checkout that is measured."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}


def migrate(url: str, manage: Path) -> None:
    subprocess.run(
        [sys.executable, str(manage), "migrate", "--noinput", "-v", "0"],
        env=environment(url),
        check=True,
        cwd=manage.parent,
    )


def timed_import(url: str, manage: Path, path: Path) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (user + system, of the command's process, not of the
    database server) of one ``manage.py import_jobs`` run, and its summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(manage), "import_jobs", str(path)],
        env=environment(url),
        cwd=manage.parent,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode:
        raise SystemExit(f"import_jobs failed:\n{done.stderr[-3000:]}")
    summary = " ".join(line for line in done.stdout.splitlines() if line.startswith("Imported"))
    return elapsed, cpu, summary.split(": ", 1)[-1].rstrip(".")


def checkout_version(folder: Path) -> str:
    """The git commit of the checkout that is measured (dirty: with uncommitted changes)."""
    done = subprocess.run(
        ["git", "-C", str(folder), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() if done.returncode == 0 else "not a git checkout"
