"""Step 4: a PostgreSQL cluster of its own stopped for 3 s under load: only 503 while it is
down, the first 200 within 2 s after it is back."""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time

from bench.loadtest.server import Server, server_environment
from bench.reliability_steps import PORTS
from bench.reliability_steps.client import hammer
from bench.reliability_steps.databases import manage
from bench.scaleout.postgres import as_postgres, postgres_bin


def step_restart(context: dict) -> dict:
    work = context["work"]
    data = work / "cluster"
    data.mkdir(mode=0o700)
    if os.geteuid() == 0:
        import pwd

        owner = pwd.getpwnam("postgres")
        os.chown(data, owner.pw_uid, owner.pw_gid)
        os.chown(work, owner.pw_uid, owner.pw_gid)
    port = PORTS["cluster"]
    log = work / "cluster.log"
    pg_ctl = postgres_bin("pg_ctl")
    as_postgres(
        [postgres_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    )
    with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
        )
    start = [pg_ctl, "-D", str(data), "-l", str(log), "-w", "start"]
    stop = [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]
    as_postgres(start)
    server = None
    try:
        import psycopg

        url = f"postgres://postgres@127.0.0.1:{port}/jobboard"
        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{port}/postgres", autocommit=True
        ) as admin:
            admin.execute("CREATE DATABASE jobboard")
        manage(url, "migrate", "--noinput", "-v", "0")
        manage(url, "seed_demo")
        environment = server_environment(
            url, context["secret"], context["static_root"], PORTS["restart"], "dummy://"
        )
        server = Server(environment, PORTS["restart"], work / "gunicorn-restart.log")
        server.start()
        rng = random.Random(7)
        words = ["data", "engineer", "python", "remote", "senior", "ml", "ai", "scientist"]
        paths = [
            rng.choice(
                [
                    f"/jobs/?q={rng.choice(words)}&page={rng.randrange(1, 3)}",
                    f"/jobs/?seniority=SE&location={rng.choice(words)}",
                    "/",
                    "/careers/",
                    "/salaries/",
                ]
            )
            for _ in range(500)
        ]
        stop_event = threading.Event()
        threads, outcomes = hammer(PORTS["restart"], paths, 8, stop_event)
        time.sleep(4)
        down_at = time.monotonic()
        as_postgres(stop)
        stopped_at = time.monotonic()
        time.sleep(3)
        as_postgres(start)
        up_at = time.monotonic()
        time.sleep(6)
        stop_event.set()
        for thread in threads:
            thread.join(60)
    finally:
        if server:
            server.stop()
        with contextlib.suppress(Exception):
            as_postgres(stop)
    during = [o for o in outcomes if o[1] >= down_at and o[0] <= up_at]
    bad_during = [o for o in during if o[2] not in (200, 503)]
    after = sorted((o for o in outcomes if o[2] == 200 and o[1] > up_at), key=lambda o: o[1])
    first_ok = after[0][1] - up_at if after else None
    answered_503 = sum(1 for o in outcomes if o[2] == 503)
    failures = [o for o in outcomes if o[2] not in (200, 503)]
    return {
        "name": "PostgreSQL stopped for 3 s under load (a cluster of its own)",
        "requirement": "only 503 while down, the first 200 within 2 s after it is back",
        "measured": (
            f"{len(outcomes):,} requests; {answered_503} x 503 (Retry-After), "
            f"{len(failures)} others (500s, timeouts, resets); stopped in "
            f"{stopped_at - down_at:.1f} s; first 200 "
            + (
                f"{first_ok:.2f} s after it accepted connections"
                if first_ok is not None
                else "never"
            )
        ),
        "passed": not bad_during and not failures and first_ok is not None and first_ok <= 2.0,
        "details": [f"{o[2]} {o[3]}" for o in failures[:10]],
    }
