"""The API's documentation page (Swagger UI, the site's own files) under the strict CSP."""

import pytest

from tests.factories import JobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_api_docs_load_without_csp_violations(page):
    JobFactory()
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto("/api/v1/docs/")
    page.locator(".opblock-summary-path", has_text="/api/v1/jobs/").first.wait_for()
    assert page.locator(".opblock-summary-path").count() == 4
    assert page.evaluate("window.cspViolations") == []
    assert page.console_errors == []
