"""The stored keyword-search text (jobs.search) follows every write that changes what a keyword
search should find: a listing's title and skills, a company's name, a skill's name, a deleted
skill, the importer. Each test searches the list page as a job seeker would."""

import subprocess
import sys
from pathlib import Path

import pytest

from jobs import pay_transparency
from jobs.models import Job
from jobs.search import search_text
from tests.factories import CompanyFactory, JobFactory, SkillFactory
from tests.jobs.test_import_jobs import FULL_HEADER, listing_rows, run_import, write_rows
from tests.jobs.test_list import listed_titles

pytestmark = pytest.mark.django_db


def found(client, query: str) -> list[str]:
    response = client.get("/jobs/", {"q": query})
    assert response.status_code == 200
    return sorted(listed_titles(response))


def test_a_listing_is_found_by_skills_set_after_it_was_saved(client):
    job = JobFactory(title="Vision Engineer")
    assert found(client, "kubeflow") == []

    job.skills.set([SkillFactory(name="Kubeflow")])
    assert found(client, "kubeflow") == ["Vision Engineer"]

    job.skills.clear()
    assert found(client, "kubeflow") == []


def test_skills_added_and_cleared_from_the_skill_side_count_too(client):
    skill = SkillFactory(name="Kubeflow")
    JobFactory(title="Vision Engineer")
    job = JobFactory(title="Data Engineer")

    skill.jobs.add(job)
    assert found(client, "kubeflow") == ["Data Engineer"]

    skill.jobs.clear()
    assert found(client, "kubeflow") == []


def test_a_renamed_title_is_found_by_its_new_words_only(client):
    job = JobFactory(title="Vision Engineer")
    job.title = "Speech Engineer"
    job.save()

    assert found(client, "speech") == ["Speech Engineer"]
    assert found(client, "vision") == []


def test_a_renamed_company_is_found_by_its_new_name_only(client):
    company = CompanyFactory(name="Quokka Labs")
    JobFactory(title="Vision Engineer", company=company)
    JobFactory(title="Data Engineer", company=company)

    company = type(company).objects.get(pk=company.pk)  # as the admin loads it
    company.name = "Wombat Analytics"
    company.save()

    assert found(client, "wombat") == ["Data Engineer", "Vision Engineer"]
    assert found(client, "quokka") == []


def test_a_renamed_or_deleted_skill_changes_what_its_listings_are_found_by(client):
    skill = SkillFactory(name="Kubeflow")
    JobFactory(title="Vision Engineer", skills=[skill])

    skill = type(skill).objects.get(pk=skill.pk)
    skill.name = "Airflow"
    skill.save()
    assert found(client, "airflow") == ["Vision Engineer"]
    assert found(client, "kubeflow") == []

    skill.delete()
    assert found(client, "airflow") == []
    assert Job.objects.get().skills.count() == 0


def test_a_word_never_matches_across_the_title_and_the_company(client):
    JobFactory(title="Team Lead", company=CompanyFactory(name="Ernst Data"))

    assert found(client, "lead") == ["Team Lead"]
    assert found(client, "leadernst") == []
    assert found(client, "lead ernst") == ["Team Lead"]


def test_case_is_folded_beyond_ascii_on_every_database(client):
    JobFactory(title="Datenanalyst Straße", company=CompanyFactory(name="ÉCOLE Data"))

    assert found(client, "STRASSE") == ["Datenanalyst Straße"]
    assert found(client, "école") == ["Datenanalyst Straße"]


def test_short_words_match_whole_words_of_any_of_the_three_texts(client):
    JobFactory(title="Email Marketing Analyst")
    JobFactory(title="Analyst", company=CompanyFactory(name="Acme AI"))
    JobFactory(title="Engineer", skills=[SkillFactory(name="R")])
    JobFactory(title="Scientist (AI/ML)")

    assert found(client, "ai") == ["Analyst", "Scientist (AI/ML)"]
    assert found(client, "r") == ["Engineer"]


def test_the_stored_text_is_what_the_listing_makes():
    job = JobFactory(
        title="ML Engineer (AI)",
        company=CompanyFactory(name="Acme"),
        skills=[SkillFactory(name="PyTorch"), SkillFactory(name="C++")],
    )

    job.refresh_from_db()
    assert job.search_text == search_text("ML Engineer (AI)", "Acme", ["C++", "PyTorch"])
    assert job.search_text == (
        "ml engineer (ai)\nacme\nc++\npytorch\n ml engineer ai acme c pytorch "
    )


def test_imported_listings_get_their_search_text_with_their_rows(tmp_path, monkeypatch):
    # Generated listings of every kind, about the search text: no pay-transparency rules.
    monkeypatch.setattr(pay_transparency, "rules", dict)
    run_import(write_rows(tmp_path, listing_rows(12, "Quokka", "Zeta ")))
    assert Job.objects.count() == 12
    # Nothing was left stale: recomputing every listing's text from its rows changes none.
    assert Job.objects.refresh_search_text() == 0
    assert Job.objects.filter(search_text__contains="zeta").exists()

    changed = listing_rows(12, "Quokka", "Eta ")
    changed[0]["title"] = "Platform Engineer"
    run_import(write_rows(tmp_path, changed, "changed.csv"))
    assert Job.objects.refresh_search_text() == 0
    assert Job.objects.filter(search_text__contains="platform engineer").count() == 1

    # Without a skills column, listings keep their skills, and their text keeps them too.
    header = [column for column in FULL_HEADER if column != "skills"]
    without_skills = listing_rows(12, "Quokka")
    without_skills[1]["description"] = "Changed, and still with its skills."
    out, _ = run_import(write_rows(tmp_path, without_skills, "no-skills.csv", header=header))
    assert "updated 1" in out
    assert Job.objects.refresh_search_text() == 0
    changed_listing = Job.objects.get(title="Data Engineer 1")
    assert changed_listing.skills.exists()
    assert "\neta " in changed_listing.search_text


def test_the_search_package_imports_no_models():
    """``jobs.models`` (and migration 0013) import ``search_text`` from ``jobs.search``: the
    package's ``__init__`` must not import the models back (a circular import)."""
    code = (
        "import sys, jobs.search; "
        "assert jobs.search.search_text('T', 'C', ['s']) == 't\\nc\\ns\\n t c s '; "
        "assert not [name for name in sys.modules if name.startswith('jobs.models')]"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_the_search_text_stays_in_the_row_on_postgresql():
    """Migration 0022: a keyword search rechecks search_text on every row its trigram index
    finds; stored out of the row (TOAST), each recheck read another table."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage setting")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'jobs_job'::regclass "
            "AND attname IN ('search_text', 'title_key', 'description') ORDER BY attname"
        )
        storage = dict(cursor.fetchall())
    assert storage == {"description": "x", "search_text": "m", "title_key": "m"}
