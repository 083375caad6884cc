"""The salaries section of the sitemap (/sitemap-salaries.xml, named by the index at
/sitemap.xml): /salaries/ and every survey title's page."""

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from jobs.salaries.importing import import_survey
from jobs.salaries.models import SalarySnapshot

DATA = Path(__file__).resolve().parent.parent / "data" / "salaries"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.django_db


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap-salaries.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_the_salary_index_and_every_title_page(client):
    import_survey(DATA / "survey_small.csv")
    SalarySnapshot.objects.update(loaded_at=datetime(2025, 1, 19, 12, 0, tzinfo=UTC))
    entries = sitemap_entries(client)
    salary_urls = {url: lastmod for url, lastmod in entries.items() if "/salaries/" in url}
    assert salary_urls == {
        "http://testserver/salaries/": "2025-01-19",
        "http://testserver/salaries/data-engineer/": "2025-01-19",
        "http://testserver/salaries/statistician/": "2025-01-19",
        "http://testserver/salaries/engineer/": "2025-01-19",
        "http://testserver/salaries/machine-learning-engineer/": "2025-01-19",
    }
    # Each listed page answers.
    for url in salary_urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def index_lastmods(client) -> dict[str, str | None]:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return {
        sitemap.findtext("sm:loc", namespaces=NS): sitemap.findtext("sm:lastmod", namespaces=NS)
        for sitemap in root.findall("sm:sitemap", NS)
    }


def test_the_index_names_the_section_with_the_snapshot_load_time(client):
    import_survey(DATA / "survey_small.csv")
    SalarySnapshot.objects.update(loaded_at=datetime(2025, 1, 19, 12, 0, tzinfo=UTC))
    lastmods = index_lastmods(client)
    assert lastmods["http://testserver/sitemap-salaries.xml"] == "2025-01-19T12:00:00+00:00"


def test_without_a_survey_the_index_names_the_section_without_lastmod(client):
    assert index_lastmods(client)["http://testserver/sitemap-salaries.xml"] is None


def test_without_a_survey_the_sitemap_lists_only_the_index(client):
    entries = sitemap_entries(client)
    assert [url for url in entries if "/salaries/" in url] == ["http://testserver/salaries/"]


def test_salary_sitemap_queries_do_not_grow_with_titles(
    client, tmp_path, django_assert_num_queries
):
    header = (DATA / "survey_small.csv").read_text().splitlines()[0]
    survey = tmp_path / "survey.csv"
    survey.write_text(
        f"{header}\n"
        + "".join(f"2024,SE,FT,Title {n},150000,USD,150000,US,0,US,M\n" for n in range(120))
    )
    import_survey(survey)
    # The titles, then the snapshot's load time (once for all of them).
    with django_assert_num_queries(2):
        entries = sitemap_entries(client)
    assert len([url for url in entries if "/salaries/" in url]) == 121
