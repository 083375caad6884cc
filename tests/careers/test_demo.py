"""The careers demo data: enough roles and articles, every state an editor meets, idempotent."""

import io
from importlib import resources

import pytest
from django.utils import timezone

from careers import demo
from careers.models import Comparison, Role

pytestmark = pytest.mark.django_db

# Job titles of the ai-jobs.net survey (../shared/data/), where the salary pages look up pay.
SURVEY_TITLES = {
    "Data Engineer",
    "Data Scientist",
    "Machine Learning Engineer",
    "Data Analyst",
    "Research Scientist",
    "AI Engineer",
    "Analytics Engineer",
    "MLOps Engineer",
    "Data Architect",
}


def test_demo_articles_cover_published_scheduled_and_draft(client):
    demo.seed(io.StringIO())
    today = timezone.localdate()
    assert Role.objects.count() >= 8
    assert Comparison.objects.count() >= 10
    published = Comparison.objects.published()
    dates = list(published.values_list("published_on", flat=True))
    assert len(dates) >= 8
    assert len(set(dates)) == len(dates)  # different dates
    assert Comparison.objects.filter(status="published", published_on__gt=today).count() == 1
    assert Comparison.objects.filter(status="draft").count() == 1
    assert set(Role.objects.values_list("salary_title", flat=True)) <= SURVEY_TITLES
    for comparison in published:
        assert client.get(comparison.get_absolute_url()).status_code == 200
    for role in Role.objects.all():
        assert role.keywords
        assert client.get(role.get_absolute_url()).status_code == 200


def test_seeding_twice_changes_nothing():
    demo.seed(io.StringIO())
    first = {c.pk: (c.title, c.published_on, c.updated_at) for c in Comparison.objects.all()}
    roles = Role.objects.count()
    demo.seed(io.StringIO())
    assert {c.pk: (c.title, c.published_on, c.updated_at) for c in Comparison.objects.all()} == (
        first
    )
    assert Role.objects.count() == roles


def test_the_data_files_are_shipped_and_agree():
    tables = demo.load()
    names = {role["name"] for role in tables["roles"]}
    assert len(names) == len(tables["roles"]) >= 8
    assert {role["salary_title"] for role in tables["roles"]} <= SURVEY_TITLES
    for comparison in tables["comparisons"]:
        assert {comparison["role_a"], comparison["role_b"]} <= names
        assert comparison["status"] in Comparison.Status.values

    # Every file of data/ is read (pyproject.toml ships them: tests/test_foundation.py).
    shipped = resources.files("careers.demo").joinpath("data")
    files = sorted(entry.name for entry in shipped.iterdir() if entry.is_file())
    assert files == ["comparisons.toml", "roles.toml"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["roles"][0].pop("tips"), r"role 1: missing \['tips'\]"),
        (lambda t: t["roles"][1].update(name="Data Engineer"), "Data Engineer is listed twice"),
        (lambda t: t["comparisons"][0].update(role_b="Baker"), "no role Baker"),
        (lambda t: t["comparisons"][1].update(status="live"), "status is one of"),
        (lambda t: t["comparisons"][2].pop("days_ago"), "needs days_ago"),
        (lambda t: t["comparisons"][3].update(role_b=t["comparisons"][3]["role_a"]), "new pair"),
    ],
)
def test_a_mistake_in_the_data_files_is_named(change, message):
    tables = demo.read_tables()
    change(tables)
    with pytest.raises(demo.DemoDataError, match=message):
        demo.check(tables)
