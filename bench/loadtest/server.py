"""The production stack on 127.0.0.1: gunicorn with production's environment, in a process
group of its own, and plain requests to it."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
WORKERS = 3
FETCH_TIMEOUT = 300


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
