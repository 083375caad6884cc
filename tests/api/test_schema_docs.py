"""The OpenAPI schema, every documented parameter of the job list exercised, the docs page
under the site's CSP, and the packages on Django 6.1 (none declares it yet)."""

import re

import django
import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_packages_run_on_django_6_1():
    import drf_spectacular
    import drf_spectacular_sidecar  # noqa: F401
    import rest_framework

    assert django.VERSION[:2] == (6, 1)
    assert rest_framework.VERSION.startswith("3.")
    assert drf_spectacular.__version__


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/jobs/",
        "/api/v1/jobs/{id}/",
        "/api/v1/companies/{slug}/",
        "/api/v1/salaries/{slug}/",
    }
    for path in schema["paths"].values():
        assert set(path) == {"get"}  # read-only
    job = schema["components"]["schemas"]["Job"]["properties"]
    assert {"salary", "eligibility", "company", "location", "skills", "url"} <= set(job)
    salary = schema["components"]["schemas"]["Salary"]["properties"]
    assert set(salary) == {"min", "max", "currency", "period", "yearly_usd_min", "yearly_usd_max"}


# A valid value of each documented parameter of the job list, and one the page ignores.
EXERCISED = {
    "q": ("pytorch", "x" * 101),
    "seniority": ("SE", "XX"),
    "employment_type": ("CT", "XX"),
    "workplace": ("remote", "moon"),
    "country": ("DE", "ZZ"),
    "eligible": ("DE", "EU"),
    "location": ("Berlin", "\x00"),
    "salary_min": ("100000", "many"),
    "currency": ("EUR", "XYZ"),
    "pay_range": ("1", "yes"),
    "posted": ("7", "2"),
    "cursor": None,
}


def test_every_documented_parameter_of_the_job_list_is_exercised(api, client, schema, board):
    documented = {p["name"] for p in schema["paths"]["/api/v1/jobs/"]["get"]["parameters"]}
    assert documented == set(EXERCISED)
    for name, values in EXERCISED.items():
        if values is None:
            continue
        good, bad = values
        extra = "&salary_min=90000" if name == "currency" else ""
        response = (
            api.get("/api/v1/jobs/", {name: good})
            if not extra
            else api.get(f"/api/v1/jobs/?{name}={good}{extra}")
        )
        assert response.status_code == 200, (name, response.json())
        results = response.json()["results"]
        assert results, name
        bad_response = api.get(
            "/api/v1/jobs/", {name: bad, **({"salary_min": "1"} if extra else {})}
        )
        assert bad_response.status_code == 400, name
        assert name in bad_response.json()
    first = api.get("/api/v1/jobs/").json()
    cursor = re.search(r"cursor=([^&]+)", first["next"]).group(1)
    assert api.get(f"/api/v1/jobs/?cursor={cursor}").status_code == 200
    assert api.get("/api/v1/jobs/?cursor=garbage").status_code == 404


def test_the_documentation_page_is_the_sites_own_under_the_strict_csp(client):
    JobFactory()
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    home = client.get("/")
    # The site's strict CSP, with one relaxation of this page's (api/docs.py): data: images
    # (Swagger UI's icons).
    policy = dict(part.strip().split(" ", 1) for part in page["Content-Security-Policy"].split(";"))
    site = dict(part.strip().split(" ", 1) for part in home["Content-Security-Policy"].split(";"))
    assert policy.pop("img-src") == "'self' data:" and site.pop("img-src") == "'self'"
    assert policy == site
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert "'self'" in policy["script-src"] and "data:" not in policy["script-src"]
    # No inline script or style: every script has a src on the site itself.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 3
    for attributes, body in scripts:
        assert body.strip() == ""
        src = re.search(r'src="([^"]+)"', attributes).group(1)
        assert src.startswith("/"), src  # no CDN
        if src.startswith("/static/"):  # a file of the site's static files (sidecar's)
            assert finders.find(src.removeprefix("/static/")), src
        else:
            assert client.get(src.replace("&amp;", "&")).status_code == 200
    assert "<style" not in html and " style=" not in html
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    assert stylesheet.startswith("/static/drf_spectacular_sidecar/")
    init = client.get("/api/v1/docs/?script=")
    assert init["Content-Type"].startswith("application/javascript")
    assert '"/api/v1/schema/"' in init.content.decode()
    assert "csrftoken" not in init.cookies
