"""PostgreSQL's own tools (Debian's layout), run as the postgres user: clusters of the
benchmarks' own, never the machine's."""

from __future__ import annotations

import glob
import os
import subprocess
import sys


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"{name} is missing: install Debian's postgresql package")
    return found[-1]


def as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool as the postgres user (initdb refuses root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)
