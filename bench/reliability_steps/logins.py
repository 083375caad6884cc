"""Step 3: 50 wrong passwords for one account from one client address: locked after the
configured number of failures, the right password refused while locked."""

from __future__ import annotations

import random
import secrets

from bench.reliability_steps.client import request
from bench.reliability_steps.databases import manage


def login_attempt(port: int, username: str, password: str, client_address: str) -> tuple[int, str]:
    status, headers, body = request(
        port, "/admin/login/", headers={"X-Forwarded-For": client_address}
    )
    cookie = ""
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("csrftoken="):
            cookie = value.split(";", 1)[0]
    token = ""
    text = body.decode(errors="replace")
    marker = 'name="csrfmiddlewaretoken" value="'
    if marker in text:
        token = text.split(marker, 1)[1].split('"', 1)[0]
    if status == 429 or not token:
        # Locked already: the page itself says so. Post anyway, as an attacker would.
        pass
    form = (
        f"csrfmiddlewaretoken={token}&username={username}&password={password}&next=%2Fadmin%2F"
    ).encode()
    status, headers, body = request(
        port,
        "/admin/login/",
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": client_address,
            "Referer": f"http://127.0.0.1:{port}/admin/login/",
        },
    )
    return status, body.decode(errors="replace")


def step_logins(context: dict) -> dict:
    port = context["board_port"]
    url = context["board_url"]
    password = "reliability-" + secrets.token_hex(8)
    username = f"reliability-{secrets.token_hex(3)}"
    manage(
        url,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_user({username!r}, password={password!r}, is_staff=True)",
    )
    address = f"203.0.113.{random.randrange(1, 250)}"
    statuses = []
    locked_at = None
    try:
        for attempt in range(1, 51):
            status, text = login_attempt(port, username, "wrong-password", address)
            statuses.append(status)
            if locked_at is None and status == 429 and "Sign-in locked" in text:
                locked_at = attempt
        right_status, _right_text = login_attempt(port, username, password, address)
    finally:
        manage(
            url,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; from axes.models import AccessAttempt, "
            f"AccessFailureLog, AccessLog; User.objects.filter(username={username!r}).delete(); "
            f"AccessAttempt.objects.filter(username={username!r}).delete(); "
            f"AccessFailureLog.objects.filter(username={username!r}).delete(); "
            f"AccessLog.objects.filter(username={username!r}).delete()",
        )
    limit = context["failure_limit"]
    refused = right_status == 429
    return {
        "name": "50 wrong logins for one account",
        "requirement": f"locked after {limit} failures, the right password refused while locked",
        "measured": (
            f"answers: {statuses.count(200)} x 200 (form again), {statuses.count(429)} x 429; "
            f"locked at attempt {locked_at}; then the right password: {right_status}"
            + (" (refused)" if refused else "")
        ),
        "passed": locked_at == limit and refused and all(s == 429 for s in statuses[limit - 1 :]),
        "details": [],
    }
