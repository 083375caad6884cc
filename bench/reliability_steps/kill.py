"""Step 5: two of the three gunicorn workers killed under load: at most one failed request
per killed worker."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time

from bench.loadtest.server import Server
from bench.reliability_steps.client import hammer


def step_kill(context: dict) -> dict:
    server: Server = context["board_server"]
    port = context["board_port"]
    rng = random.Random(11)
    words = ["data", "engineer", "python", "vision", "nlp", "platform", "analyst", "research"]
    paths = [f"/jobs/?q={rng.choice(words)}&page={rng.randrange(1, 30)}" for _ in range(2000)]
    stop_event = threading.Event()
    threads, outcomes = hammer(port, paths, 8, stop_event)
    killed = []
    try:
        for _ in range(2):
            time.sleep(3)
            children = subprocess.run(
                ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
            ).stdout.split()
            if children:
                victim = int(children[0])
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
        time.sleep(4)
    finally:
        stop_event.set()
        for thread in threads:
            thread.join(60)
    failures = [o for o in outcomes if o[2] != 200]
    return {
        "name": "gunicorn workers killed (SIGKILL) under load",
        "requirement": "at most one failed request per killed worker",
        "measured": (
            f"{len(killed)} workers killed, {len(outcomes):,} requests, "
            f"{len(failures)} failed (" + ", ".join(sorted({str(o[2]) for o in failures})) + ")"
        ),
        "passed": len(killed) == 2 and len(failures) <= len(killed),
        "details": [f"{o[2]} {o[3]}" for o in failures[:10]],
    }
