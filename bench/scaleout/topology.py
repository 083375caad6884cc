"""The topology of deploy/README.md on one machine: a primary and a streaming replica,
Redis, two gunicorn app servers and nginx, started in order and stopped in reverse."""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.loadtest.server import fetch, server_environment
from bench.scaleout.postgres import as_postgres, postgres_bin
from deploy.render_nginx import render, standalone

PROJECT = Path(__file__).resolve().parents[2]


def wait_for(check, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not come up in {seconds:.0f} s")


class Topology:
    """Every part started, in order, and stopped in the reverse order."""

    def __init__(self, arguments):
        self.arguments = arguments
        base = arguments.port_base
        self.ports = {
            "primary": base + 432,
            "replica": base + 433,
            "redis": base + 1379,
            "app1": base + 3001,
            "app2": base + 3002,
            "nginx": base + 3080,
        }
        self.work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
        self.work.chmod(0o755)
        self.stops: list = []
        self.processes: list[subprocess.Popen] = []

    def url(self, name: str, database: str = "jb_load_50") -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports[name]}/{database}"

    # -- PostgreSQL ------------------------------------------------------------------------

    def cluster_directory(self, name: str) -> Path:
        path = self.work / name
        path.mkdir(mode=0o700)
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(path, postgres.pw_uid, postgres.pw_gid)
        return path

    def start_cluster(self, name: str, data: Path) -> None:
        log = self.work / f"{name}.log"
        log.touch()
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(log, postgres.pw_uid, postgres.pw_gid)
        as_postgres([postgres_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "start"])
        self.stops.append(
            lambda: as_postgres([postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"])
        )

    def start_primary(self) -> None:
        data = self.cluster_directory("primary")
        as_postgres(
            [
                postgres_bin("initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ]
        )
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                f"\nport = {self.ports['primary']}\nlisten_addresses = '127.0.0.1'\n"
                "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                "shared_buffers = 256MB\nunix_socket_directories = ''\n"
            )
        with open(data / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        self.start_cluster("primary", data)

    def start_replica(self) -> None:
        data = self.cluster_directory("replica")
        as_postgres(
            [
                postgres_bin("pg_basebackup"),
                *("-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres"),
                *("-D", str(data), "-R", "-X", "stream"),
            ]
        )
        with open(data / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nport = {self.ports['replica']}\n")
        self.start_cluster("replica", data)

    # -- Redis, app servers, nginx ---------------------------------------------------------

    def start_redis(self) -> None:
        port = self.ports["redis"]
        process = subprocess.Popen(
            [
                *("redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--dir", str(self.work)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.track(process)
        wait_for(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ),
            "Redis",
        )

    def track(self, process: subprocess.Popen) -> None:
        self.processes.append(process)

        def stop():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)

        self.stops.append(stop)

    def app_environment(self) -> dict:
        """The app servers' environment (one key prefix of the cache for all who use it)."""
        if getattr(self, "environment", None):
            return self.environment
        environment = server_environment(
            self.url("primary"),
            self.secret_key,
            self.work / "static",
            self.ports["nginx"],
            f"redis://127.0.0.1:{self.ports['redis']}/0",
        )
        environment.update(
            DATABASE_REPLICA_URLS=self.url("replica"),
            WEB_CONCURRENCY=str(self.arguments.workers),
            FORWARDED_ALLOW_IPS="127.0.0.1",
        )
        self.environment = environment
        return environment

    def start_apps(self) -> None:
        self.secret_key = secrets.token_urlsafe(64)
        environment = self.app_environment()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            check=True,
            cwd=PROJECT,
            env=environment,
        )
        for name in ("app1", "app2"):
            log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
            process = subprocess.Popen(
                [
                    *(str(Path(sys.executable).parent / "gunicorn"), "config.wsgi"),
                    *("--config", str(PROJECT / "gunicorn.conf.py")),
                ],
                env={**environment, "GUNICORN_BIND": f"127.0.0.1:{self.ports[name]}"},
                cwd=PROJECT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.track(process)
            port = self.ports[name]
            wait_for(lambda port=port: fetch(port, "/bench/bare/", timeout=5)[0] == 200, name)

    def start_nginx(self) -> None:
        prefix = self.work / "nginx"
        for directory in ("", "cache", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / directory).mkdir(parents=True, exist_ok=True)
            (prefix / directory).chmod(0o777)
        (self.work / "static").chmod(0o755)
        site = render(
            [f"127.0.0.1:{self.ports['app1']}", f"127.0.0.1:{self.ports['app2']}"],
            str(self.work / "static"),
            listen=f"127.0.0.1:{self.ports['nginx']}",
            cache_dir=str(prefix / "cache"),
            unlimited="127.0.0.1",
        )
        conf = prefix / "nginx.conf"
        conf.write_text(standalone(site, prefix), encoding="utf-8")
        check = subprocess.run(
            ["nginx", "-t", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
        process = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.track(process)
        port = self.ports["nginx"]
        wait_for(lambda: fetch(port, "/bench/bare/", timeout=5)[0] == 200, "nginx")

    def stop(self) -> None:
        for stop in reversed(self.stops):
            with contextlib.suppress(Exception):
                stop()
        shutil.rmtree(self.work, ignore_errors=True)
