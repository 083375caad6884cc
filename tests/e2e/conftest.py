"""Browser tests: Playwright for Python driving the system Chromium (Debian's package).

Without Chromium the tests are skipped with a printed reason; with ``REQUIRE_E2E=1`` (set by
``.ci/run``) a missing browser is a failure instead. A failing test leaves a screenshot in
``test-results/``.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable
# from the test body (factories, assertions on the database).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


def _missing_reason():
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing_reason()
    if reason is None:
        return
    if os.environ.get("REQUIRE_E2E") == "1":
        return  # CI: let the browser fixture fail loudly instead of skipping.
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture(scope="session")
def browser():
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves an asyncio loop running in this thread, and from then on
    # Django hands the tests new connection objects. The test database's set-up, when it came
    # first, left on the old ones the data that serialized_rollback restores after each
    # transactional test's flush (the data migrations' exchange rates and "Editors" group):
    # carry it over, or the tests after the first would find those tables empty.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def _open_page(request, browser, base_url, name_suffix="", **context_options):
    """A page in a fresh browser context that collects console errors in
    ``page.console_errors`` and leaves a screenshot in test-results/ when the test fails."""
    context = browser.new_context(base_url=base_url, **context_options)
    # The server is local: a step that waits this long has failed (the default is 30 s).
    context.set_default_timeout(10_000)
    page = context.new_page()
    console_errors = []

    def on_console(message):
        if message.type == "error":
            # A failed load says "404 (Not Found)" but not what: add the address.
            where = message.location.get("url")
            console_errors.append(f"{message.text} ({where})" if where else message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    page.console_errors = console_errors
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            RESULTS_DIR.mkdir(exist_ok=True)
            path = RESULTS_DIR / f"{request.node.name}{name_suffix}.png"
            page.screenshot(path=str(path), full_page=True)
        context.close()


@pytest.fixture
def page(request, browser, live_server):
    with _open_page(
        request, browser, live_server.url, viewport={"width": 1280, "height": 900}
    ) as page:
        yield page


@pytest.fixture
def page_without_js(request, browser, live_server):
    """A desktop page with JavaScript turned off: what the site must still do without it."""
    with _open_page(
        request,
        browser,
        live_server.url,
        name_suffix="-nojs",
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    ) as page:
        yield page


@pytest.fixture
def phone_page(request, browser, live_server):
    """A page on a 375 x 812 phone screen (an iPhone's CSS pixels), with touch."""
    with _open_page(
        request,
        browser,
        live_server.url,
        name_suffix="-phone",
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
    ) as page:
        yield page


# True once htmx has nothing in flight: no request, no swap, no settling. htmx pushes the new
# URL before it swaps, and restores attributes of elements with an id ~20 ms after the swap,
# so a test that only waits for the URL could look at the old results or a half-settled page.
HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


@pytest.fixture
def wait_for_search():
    """Wait until an htmx search has pushed ``url`` (a glob or pattern for
    ``page.wait_for_url``) and finished swapping and settling its results."""

    def wait(page, url):
        page.wait_for_url(url)
        page.wait_for_function(HTMX_IDLE)

    return wait


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
