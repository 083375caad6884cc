"""The site past one machine, shown on this one (``make bench-scale``).

Starts, with throwaway parts on high ports under a temporary directory, the topology of
deploy/README.md:

- a PostgreSQL primary and a streaming replica, each a cluster of its own (``initdb``, then
  ``pg_basebackup -R`` from the primary), run as the ``postgres`` user, since ``initdb``
  refuses root; the primary gets the 50-day board of 100,000 listings (bench/load_data.py);
- a Redis for the page cache;
- two gunicorn app servers (gunicorn.conf.py, ``bench.settings``: production's settings and
  URLs plus the bare view), reading public pages from the replica;
- nginx in front (deploy/nginx.conf.template, rendered by deploy/render_nginx.py), with its
  1-second cache of anonymous pages;

then runs the load test's URL set through nginx at 16 connections (bench/load.py's table:
req/s, p50, p99, errors, share of the bare view through the same path), shows that an edit
on the primary reaches the replica and the pages served through nginx, with how long each
took, and stops everything it started (also when interrupted). It never touches the
machine's own PostgreSQL or Redis: its parts listen on ports 55432, 55433, 56379, 58001,
58002 and 58080 (``--port-base`` moves them).

    .venv/bin/python bench/scale.py             # about 8 minutes
    .venv/bin/python bench/scale.py --seconds 3 # a quicker check

Results go to ``bench/results/<date>-<host>-scale.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import platform
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import load  # noqa: E402
from deploy.render_nginx import render, standalone  # noqa: E402

RESULTS = PROJECT / "bench" / "results"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8, help="wrk seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port-base", type=int, default=55000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--output-dir", type=Path, default=RESULTS)
    return parser.parse_args()


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
        environment = load.server_environment(
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
            wait_for(lambda port=port: load.fetch(port, "/bench/bare/", timeout=5)[0] == 200, name)

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
        wait_for(lambda: load.fetch(port, "/bench/bare/", timeout=5)[0] == 200, "nginx")

    def stop(self) -> None:
        for stop in reversed(self.stops):
            with contextlib.suppress(Exception):
                stop()
        shutil.rmtree(self.work, ignore_errors=True)


def prepare_board(topology: Topology) -> dict:
    facts_file = topology.work / "facts.json"
    subprocess.run(
        [
            *(sys.executable, str(PROJECT / "bench" / "load_data.py")),
            *("--database-url", topology.url("primary"), "--days", "50"),
            *("--listings", str(topology.arguments.listings), "--facts", str(facts_file)),
        ],
        check=True,
        cwd=PROJECT,
    )
    return json.loads(facts_file.read_text(encoding="utf-8"))


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
    load.fetch(topology.ports["nginx"], path)  # the old page is in every cache
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
            status, body = load.fetch(topology.ports["nginx"], path)
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


def report(run: dict) -> str:
    edit = run["edit"]

    def seconds(value):
        return "not within 10 s" if value is None else f"{value:.3f} s"

    lines = [
        "# Scale-out on one machine: nginx, two app servers, Redis, a primary and a replica",
        "",
        f"- Generated by `bench/scale.py` (`make bench-scale`) on {run['started']} UTC on "
        f"`{run['host']}` ({run['cpus']} CPUs: every part shares them) in "
        f"{run['minutes']:.0f} min; git {run['git']}.",
        f"- nginx (deploy/nginx.conf.template, its 1-second cache of anonymous pages on) on "
        f":{run['ports']['nginx']}; two gunicorn app servers of {run['workers']} workers "
        f"(gunicorn.conf.py) on :{run['ports']['app1']} and :{run['ports']['app2']}; Redis "
        f"on :{run['ports']['redis']}; PostgreSQL primary on :{run['ports']['primary']} and "
        f"a streaming replica (pg_basebackup -R) on :{run['ports']['replica']}, which the "
        "public pages read.",
        f"- Board: {run['facts']['listings']:,} listings published over 50 days, "
        f"{run['facts']['visible']:,} visible.",
        f"- Load: {run['wrk']}, {load.THREADS} threads, {run['connections']} connections for "
        f"{run['seconds']:g} s per URL, through nginx; share: of the bare view through the "
        "same nginx and app servers, measured around each group of URLs.",
        "",
        f"An edit on the primary ({edit['job']} renamed through the ORM, which invalidates "
        f"the page cache; the write took {edit['write_seconds']:.2f} s with Django's start): "
        f"on the replica after {seconds(edit['replica_seconds'])}, served through nginx after "
        f"{seconds(edit['page_seconds'])} (nginx may keep the old page its 1 second).",
        "",
        *load.table(run["rows"]),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    arguments = parse_arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in ("nginx", "redis-server", "redis-cli", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install nginx redis-server postgresql-client")
    wrk = load.ensure_wrk()
    started = datetime.now(UTC)
    clock = time.monotonic()
    topology = Topology(arguments)
    try:
        print(f"Parts under {topology.work}: ports {topology.ports}", flush=True)
        topology.start_primary()
        print("primary up; loading the board", flush=True)
        facts = prepare_board(topology)
        topology.start_replica()
        print("replica up (streaming)", flush=True)
        topology.start_redis()
        topology.start_apps()
        topology.start_nginx()
        print("redis, two app servers and nginx up", flush=True)
        port = topology.ports["nginx"]
        work = topology.work / "urls"
        work.mkdir()
        found = load.targets(facts, port, work)
        bare = {"label": "/bench/bare/ (bare view)", "path": "/bench/bare/", "headers": {}}
        bare["paths_file"] = None
        for target in [bare, *found]:
            target["size"] = load.learn_size(port, target)
        load.warm(port, found)
        rows = load.measure_level(
            wrk, port, bare, found, arguments.connections, arguments.seconds, 30
        )
        edit = edit_reaches_the_pages(topology, facts)
        print(f"edit: {edit}", flush=True)
        run = {
            "started": f"{started:%Y-%m-%d %H:%M}",
            "host": platform.node(),
            "cpus": os.cpu_count(),
            "git": load.git_description(),
            "wrk": load.wrk_version(wrk),
            "ports": topology.ports,
            "workers": arguments.workers,
            "connections": arguments.connections,
            "seconds": arguments.seconds,
            "facts": facts,
            "rows": rows,
            "edit": edit,
            "minutes": (time.monotonic() - clock) / 60,
        }
    finally:
        topology.stop()
        print("stopped everything it started", flush=True)
    host = "".join(c if c.isalnum() or c in ".-" else "-" for c in platform.node() or "host")
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    path = arguments.output_dir / f"{started:%Y-%m-%d}-{host}-scale.md"
    path.write_text(report(run), encoding="utf-8")
    print(path.read_text(encoding="utf-8"))
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
