"""Possible duplicates: the same company, country and city, visible or published in the last
60 days, a very similar title (pg_trgm's similarity >= 0.6 without gender markers), or the same
apply URL. In the admin (a warning with a link, confirmed before saving) and in import_jobs
(a warning, --skip-duplicates, --fail-on-duplicates)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from jobs.duplicates import possible_duplicates, similarity, title_key
from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory
from tests.jobs.test_admin import JOB_ADD_URL, listing_form

pytestmark = pytest.mark.django_db

PAIRS = [
    ("senior data engineer", "senior data engineer"),
    ("senior data engineer", "data engineer"),
    ("senior data engineer", "sr. data engineer"),
    ("machine learning engineer", "machine learning engineer ii"),
    ("machine learning engineer", "ml engineer"),
    ("data scientist", "data analyst"),
    ("lead ai researcher", "lead ai researcher - berlin"),
    ("staff mlops engineer", "staff ml ops engineer"),
    ("ingénieur données", "ingenieur données"),
    ("", "data"),
]


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Data Engineer (m/f/d)", "data engineer"),
        ("Data Engineer (m/w/d)", "data engineer"),
        ("Data Engineer m/w/d", "data engineer"),
        ("Data Engineer (f/m/x)", "data engineer"),
        ("Ingénieur Data (H/F)", "ingénieur data"),
        ("Data Engineer (all genders)", "data engineer"),
        ("ML/AI Engineer", "ml/ai engineer"),  # not a gender marker
        ("  Data   Engineer  ", "data engineer"),
    ],
)
def test_the_title_key_drops_gender_markers_and_case(title, key):
    assert title_key(title) == key


def test_the_python_measure_is_pg_trgms():
    if connection.vendor != "postgresql":
        expected = {
            ("senior data engineer", "senior data engineer"): 1.0,
            # What PostgreSQL 15 answers for similarity('data scientist', 'data analyst').
            ("data scientist", "data analyst"): pytest.approx(0.27272728, abs=1e-6),
        }
        for pair, value in expected.items():
            assert similarity(*pair) == value
        pytest.skip("the comparison with pg_trgm needs PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for first, second in PAIRS:
            cursor.execute("SELECT similarity(%s, %s)", [first, second])
            (expected,) = cursor.fetchone()
            assert similarity(first, second) == pytest.approx(expected, abs=1e-6), (first, second)


@pytest.fixture
def acme():
    return CompanyFactory(name="Acme Analytics")


def stored(company, title="Senior Data Engineer (m/f/d)", **fields):
    fields = {"city": "Berlin", "region": "", "country": "DE", **fields}
    return JobFactory(title=title, company=company, **fields)


def test_a_similar_title_at_the_same_company_and_place_is_found(acme):
    other = stored(acme)
    job = Job(title="Senior Data Engineer", company=acme, country="DE", city="berlin")
    [duplicate] = possible_duplicates(job)
    assert duplicate.pk == other.pk
    assert duplicate.why.startswith("similar title (")


@pytest.mark.parametrize(
    "change",
    [
        {"city": "Munich"},
        {"country": "AT"},
        {"title": "Data Scientist"},
    ],
)
def test_another_place_or_title_is_not_a_duplicate(acme, change):
    stored(acme)
    fields = {"title": "Senior Data Engineer", "country": "DE", "city": "Berlin", **change}
    assert possible_duplicates(Job(company=acme, **fields)) == []


def test_another_company_is_not_a_duplicate_by_title(acme):
    stored(CompanyFactory(name="Other Co"))
    job = Job(title="Senior Data Engineer", company=acme, country="DE", city="Berlin")
    assert possible_duplicates(job) == []


def test_only_listings_visible_or_published_in_the_last_60_days(acme):
    now = timezone.now()
    stored(
        acme,
        published_at=now - timedelta(days=61),
        expires_at=now - timedelta(days=31),
    )
    job = Job(title="Senior Data Engineer", company=acme, country="DE", city="Berlin")
    assert possible_duplicates(job) == []
    stored(acme, published_at=now - timedelta(days=59), expires_at=now - timedelta(days=29))
    assert len(possible_duplicates(job)) == 1


def test_the_same_apply_url_at_any_company(acme):
    other = stored(
        CompanyFactory(name="Agency"), title="Anything", apply_url="https://a.example/j/7"
    )
    job = Job(title="Role", company=acme, country="US", city="", apply_url="https://a.example/j/7")
    [duplicate] = possible_duplicates(job)
    assert (duplicate.pk, duplicate.why) == (other.pk, "same apply URL")


def test_a_listing_is_never_its_own_duplicate(acme):
    job = stored(acme, apply_url="https://a.example/j/1")
    assert possible_duplicates(job) == []


def test_the_admin_warns_with_a_link_and_saves_once_confirmed(editor_client, acme):
    other = stored(acme, title="Senior Data Engineer (m/w/d)")
    form = listing_form(acme, title="Senior Data Engineer", apply_url="https://new.example/1")
    response = editor_client.post(JOB_ADD_URL, form)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f'Possible duplicate of <a href="/admin/jobs/job/{other.pk}/change/">listing '
        f"#{other.pk} “Senior Data Engineer (m/w/d)” at Acme Analytics</a>"
    ) in html
    assert 'name="not_a_duplicate"' in html
    assert Job.objects.count() == 1
    confirmed = editor_client.post(JOB_ADD_URL, {**form, "not_a_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Job.objects.count() == 2


def test_the_admin_does_not_flag_an_unrelated_edit(editor_client, acme):
    other = stored(acme)
    first = stored(acme, title="Data Scientist")
    change = f"/admin/jobs/job/{first.pk}/change/"
    page = editor_client.get(change)
    assert "Possible duplicate" not in page.content.decode()
    assert other.pk != first.pk


HEADER = "title,company,description,seniority,workplace,city,country,apply_url,status\n"


def import_file(tmp_path, rows, *args):
    path = tmp_path / "listings.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_jobs", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_warns_about_a_possible_duplicate_and_imports_it(tmp_path, acme):
    other = stored(acme)
    out, err = import_file(
        tmp_path,
        ["Senior Data Engineer,Acme Analytics,Text,SE,hybrid,Berlin,DE,https://n.example/1,draft"],
    )
    assert "created 1" in out
    assert f"line 2: warning: possible duplicate of listing #{other.pk} “Senior Data" in err
    assert "(similar title, " in err
    assert Job.objects.count() == 2


def test_import_skip_duplicates_leaves_those_lines_out(tmp_path, acme):
    stored(acme)
    out, err = import_file(
        tmp_path,
        [
            "Senior Data Engineer,Acme Analytics,Text,SE,hybrid,Berlin,DE,https://n.example/1,draft",
            "Data Scientist,New Company,Text,SE,hybrid,Berlin,DE,https://n.example/2,draft",
            "Analyst,Fresh Co,Text,SE,hybrid,Berlin,DE,https://n.example/2,draft",
        ],
        "--skip-duplicates",
    )
    assert "created 1, updated 0, unchanged 0" in out
    assert "Left out as possible duplicates: 2." in out
    assert "left out (--skip-duplicates)" in err
    assert sorted(Job.objects.values_list("title", flat=True)) == [
        "Data Scientist",
        "Senior Data Engineer (m/f/d)",
    ]
    # The company named only by a line left out is not created.
    assert not Job.objects.filter(company__name="Fresh Co").exists()
    from jobs.models import Company

    assert not Company.objects.filter(name="Fresh Co").exists()


def test_import_fail_on_duplicates_imports_nothing(tmp_path, acme):
    stored(acme)
    row = "Senior Data Engineer,Acme Analytics,Text,SE,hybrid,Berlin,DE,https://n.example/1,draft"
    with pytest.raises(CommandError, match="nothing was imported"):
        import_file(tmp_path, [row], "--fail-on-duplicates")
    assert Job.objects.count() == 1


def test_a_reimport_updating_a_listing_in_place_is_not_flagged(tmp_path, acme):
    row = "Senior Data Engineer,Acme Analytics,Text,SE,hybrid,Berlin,DE,https://n.example/1,draft"
    import_file(tmp_path, [row])
    out, err = import_file(tmp_path, [row.replace(",Text,", ",Changed text,")])
    assert "updated 1" in out
    assert err == ""
