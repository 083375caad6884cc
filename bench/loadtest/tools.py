"""The tools of a run and what the report says about the machine: wrk (installed when
missing), the git commit, the load average."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


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


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())
