"""The browser set-up itself: a page loads under the strict CSP without console errors."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_without_console_errors(page):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Find your next job")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.console_errors == []
