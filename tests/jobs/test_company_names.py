"""Company names are unique in any case: the model's validation, the database's constraint,
migration 0014 that stops on existing clashes, and ``manage.py merge_companies``."""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from jobs.models import Company, Job
from tests.factories import CompanyFactory, JobFactory


@pytest.mark.django_db
def test_a_name_that_differs_only_in_case_is_a_field_error():
    CompanyFactory(name="Acme Robotics")
    with pytest.raises(ValidationError) as caught:
        Company(name="ACME  robotics", slug="acme-2").full_clean()
    assert caught.value.message_dict == {
        "name": [
            "The company \u201cAcme Robotics\u201d already exists (names are the same company "
            "in any case)."
        ]
    }


@pytest.mark.django_db
def test_the_database_refuses_it_too():
    CompanyFactory(name="Acme Robotics")
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.create(name="acme ROBOTICS", slug="acme-robotics-2")


@pytest.mark.django_db
def test_the_admin_shows_the_clash_on_the_name_field(admin_client):
    CompanyFactory(name="Acme Robotics")
    response = admin_client.post(
        "/admin/jobs/company/add/",
        {"name": "ACME ROBOTICS", "slug": "acme-robotics-2", "website": "", "description": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "The company \u201cAcme Robotics\u201d already exists (names are the same company in "
        "any case)."
    ]
    assert Company.objects.count() == 1


def _insert_company(name: str, slug: str, website: str = "") -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO jobs_company (name, slug, website, description, created_at, updated_at)"
            " VALUES (%s, %s, %s, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            [name, slug, website],
        )
    return Company.objects.get(slug=slug).pk


def _migration_0014():
    return importlib.import_module("jobs.migrations.0014_company_name_unique_ci")


@pytest.mark.django_db
def test_the_migration_stops_on_clashes_and_merge_companies_resolves_them():
    # The database of an older version: no constraint yet (dropped inside the test's
    # transaction), and names that differ only in case.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX company_name_unique_ci")
    big = _insert_company("Nimbus Labs", "nimbus-labs")
    small = _insert_company("NIMBUS LABS", "nimbus-labs-2", website="https://nimbus.example")
    other = _insert_company("nimbus labs", "nimbus-labs-3")
    for number in range(3):
        JobFactory(company=Company.objects.get(pk=big), title=f"Engineer {number}")
    JobFactory(company=Company.objects.get(pk=small), title="Data Scientist")

    with pytest.raises(RuntimeError) as caught:
        _migration_0014().refuse_clashes(django_apps, None)
    message = str(caught.value)
    for pk, name in ((big, "Nimbus Labs"), (small, "NIMBUS LABS"), (other, "nimbus labs")):
        assert f"#{pk} \u201c{name}\u201d" in message
    assert "manage.py merge_companies" in message

    out = io.StringIO()
    call_command("merge_companies", "--list", stdout=out)
    assert f"#{big} \u201cNimbus Labs\u201d (3 listings)" in out.getvalue()
    call_command("merge_companies", "--all", stdout=out)
    assert f"Merged #{small}, #{other} into #{big}: 1 listings moved." in out.getvalue()

    kept = Company.objects.get()
    assert kept.pk == big and kept.name == "Nimbus Labs"
    assert kept.website == "https://nimbus.example"  # taken from the merged company
    assert Job.objects.filter(company=kept).count() == 4
    moved = Job.objects.get(title="Data Scientist")
    assert "nimbus labs" in moved.search_text

    # Now the migration goes through, and the constraint can be made.
    _migration_0014().refuse_clashes(django_apps, None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events
        cursor.execute("CREATE UNIQUE INDEX company_name_unique_ci ON jobs_company (LOWER(name))")


@pytest.mark.django_db
def test_merge_into_named_ids_and_dry_run():
    keep = CompanyFactory(name="Orbit AI")
    other = CompanyFactory(name="Orbital Analytics")
    JobFactory(company=other)
    out = io.StringIO()
    call_command("merge_companies", "--into", keep.pk, other.pk, "--dry-run", stdout=out)
    assert f"Would merge #{other.pk} into #{keep.pk}." in out.getvalue()
    assert Company.objects.count() == 2
    call_command("merge_companies", "--into", keep.pk, other.pk, stdout=out)
    assert Company.objects.get().pk == keep.pk
    assert Job.objects.get().company_id == keep.pk
    call_command("merge_companies", "--list", stdout=out)
    assert "No company names differ only in case." in out.getvalue()
