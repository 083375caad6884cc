"""Step 2: hostile text in every editor field, loaded in Chromium (public pages, the admin,
the feeds as a reader renders them): 0 dialogs, 0 scripts run, 0 CSP violations."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

from bench.loadtest.server import Server, server_environment
from bench.reliability_steps import PORTS
from bench.reliability_steps.client import request
from bench.reliability_steps.databases import drop, manage, recreate
from bench.reliability_steps.hostile_payloads import HOSTILE_SETUP, PAYLOADS, WATCH

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def feed_fragments(port: int, path: str) -> list[str]:
    body = request(port, path)[2]
    root = ET.fromstring(body)
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "description" or (
            tag in {"summary", "content"} and element.get("type") == "html"
        ):
            found.append(element.text or "")
    return found


def step_hostile(context: dict) -> dict:
    from playwright.sync_api import sync_playwright

    arguments, work = context["arguments"], context["work"]
    url = f"{arguments.server.rstrip('/')}/jb_reliability_hostile"
    recreate(url)
    try:
        manage(url, "migrate", "--noinput", "-v", "0")
        output = manage(url, "shell", "-c", HOSTILE_SETUP, stdin=json.dumps(PAYLOADS)).stdout
        paths = json.loads(output.strip().splitlines()[-1])
        port = PORTS["hostile"]
        environment = server_environment(
            url, context["secret"], context["static_root"], port, "dummy://"
        )
        server = Server(environment, port, work / "gunicorn-hostile.log")
        server.start()
        loads, dialogs, violations, problems = 0, [], [], []
        try:
            public = [
                "/",
                "/jobs/",
                "/jobs/?q=engineer",
                "/careers/",
                *paths["jobs"],
                *paths["companies"],
                *paths["articles"],
                *paths["roles"],
            ]
            admin_pages = [
                "/admin/jobs/job/",
                "/admin/jobs/company/",
                "/admin/jobs/skill/",
                "/admin/careers/comparison/",
                "/admin/careers/role/",
                *paths["admin"],
            ]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                )
                page = browser.new_page()
                page.add_init_script(WATCH)
                page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
                base = f"http://127.0.0.1:{port}"
                # The detector itself: a live handler in a page must be caught.
                control = browser.new_page()
                caught = []
                control.on("dialog", lambda dialog: (caught.append(1), dialog.dismiss()))
                control.set_content("<img src=x onerror=alert('control')>", wait_until="load")
                control.wait_for_timeout(200)
                control.close()
                if caught != [1]:
                    problems.append("the detector missed a live onerror handler")

                def visit(path):
                    nonlocal loads
                    response = page.goto(base + path, wait_until="load")
                    loads += 1
                    page.wait_for_timeout(50)
                    if response is None or response.status != 200:
                        problems.append(f"{path}: {response.status if response else 'no answer'}")
                    found = page.evaluate("window.__violations")
                    violations.extend(f"{path}: {item}" for item in found)
                    ran = page.evaluate("typeof window.__pwned !== 'undefined'")
                    if ran:
                        problems.append(f"{path}: a payload ran")

                for path in public:
                    visit(path)
                page.goto(base + "/admin/login/")
                page.fill("#id_username", "reliability")
                page.fill("#id_password", "reliability-" + "x" * 20)
                page.click("input[type=submit]")
                page.wait_for_url(base + "/admin/")
                for path in admin_pages:
                    visit(path)
                # Feeds as a reader renders them: their HTML decoded, in a page without the
                # site's CSP (a reader applies none).
                for path in (
                    "/jobs/feed/rss/",
                    "/jobs/feed/atom/",
                    "/careers/feed/rss/",
                    "/careers/feed/atom/",
                ):
                    fragments = feed_fragments(port, path)
                    reader = browser.new_page()
                    reader.on(
                        "dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())
                    )
                    reader.set_content(
                        "<!doctype html><html><body>"
                        + "".join(f"<article>{fragment}</article>" for fragment in fragments)
                        + "</body></html>",
                        wait_until="load",
                    )
                    reader.wait_for_timeout(200)
                    loads += 1
                    if not fragments:
                        problems.append(f"{path}: no items")
                    reader.close()
                browser.close()
        finally:
            server.stop()
    finally:
        drop(url)
    return {
        "name": "Hostile text in every editor field, in Chromium",
        "requirement": f"{len(PAYLOADS)} payloads: 0 scripts run, 0 dialogs",
        "measured": (
            f"{loads} page loads (public pages, admin lists and change forms, 4 feeds rendered "
            f"as a reader would; the detector caught its control payload): {len(dialogs)} "
            f"dialogs, {len(violations)} CSP violations, "
            f"{len(problems)} other problems"
        ),
        "passed": not dialogs and not violations and not problems and loads > 0,
        "details": [*dialogs[:10], *violations[:10], *problems[:10]],
    }
