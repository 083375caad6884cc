"""Roles and comparisons: defaults, validation and the database constraints."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careers.models import Comparison, Role
from tests.factories import ComparisonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_title_and_slug_default_to_a_vs_b():
    role_a = RoleFactory(name="Data Engineer", slug="data-engineer")
    role_b = RoleFactory(name="Data Scientist", slug="data-scientist")
    comparison = Comparison(role_a=role_a, role_b=role_b)
    comparison.full_clean()
    comparison.save()
    assert comparison.title == "Data Engineer vs. Data Scientist"
    assert comparison.slug == "data-engineer-vs-data-scientist"
    assert comparison.subtitle == "Which Career Path Should You Choose?"
    assert comparison.status == "draft"
    assert comparison.get_absolute_url() == "/careers/data-engineer-vs-data-scientist/"


def test_a_taken_slug_gets_a_number():
    ComparisonFactory(slug="data-engineer-vs-data-scientist")
    comparison = Comparison(
        role_a=RoleFactory(name="Data Engineer", slug="de"),
        role_b=RoleFactory(name="Data Scientist", slug="ds"),
    )
    comparison.save()
    assert comparison.slug == "data-engineer-vs-data-scientist-2"
    assert Role.objects.create(name="Data Engineer 2").slug == "data-engineer-2"


def test_published_means_published_and_dated_today_or_earlier():
    today = timezone.localdate()
    shown = ComparisonFactory(published_on=today)
    ComparisonFactory(published_on=today + timedelta(days=1))
    ComparisonFactory(status="draft", published_on=today - timedelta(days=1))
    assert list(Comparison.objects.published()) == [shown]


def test_a_published_comparison_without_date_gets_today():
    comparison = ComparisonFactory(published_on=None)
    assert comparison.published_on == timezone.localdate()


def test_database_refuses_a_role_compared_with_itself():
    role = RoleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(role_a=role, role_b=role, slug="same")


def test_database_refuses_the_same_pair_in_either_order():
    first = ComparisonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(role_a=first.role_b, role_b=first.role_a, slug="reversed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(role_a=first.role_a, role_b=first.role_b, slug="again")
    # Another pair sharing one role is fine.
    Comparison.objects.create(role_a=first.role_a, role_b=RoleFactory(), slug="other")


def test_validation_explains_same_role_and_duplicate_pair():
    first = ComparisonFactory()
    same = Comparison(role_a=first.role_a, role_b=first.role_a)
    with pytest.raises(ValidationError) as error:
        same.full_clean()
    assert error.value.message_dict["role_b"] == ["Choose a role different from role A."]

    reversed_pair = Comparison(role_a=first.role_b, role_b=first.role_a)
    with pytest.raises(ValidationError) as error:
        reversed_pair.full_clean()
    assert error.value.message_dict["role_b"] == [
        f"These two roles are already compared in \u201c{first.title}\u201d."
    ]


def test_database_refuses_a_published_comparison_without_date():
    comparison = ComparisonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.filter(pk=comparison.pk).update(published_on=None)


def test_role_names_are_unique_whatever_the_case():
    RoleFactory(name="Data Engineer", slug="data-engineer")
    with pytest.raises(ValidationError) as error:
        Role(name="data  engineer", slug="other").full_clean()
    assert error.value.message_dict["name"] == ["A role with this name already exists."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(name="DATA ENGINEER", slug="upper")


def test_role_lists_must_be_lists_of_text():
    role = RoleFactory.build(slug="x", skills="SQL")
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert error.value.message_dict["skills"] == ["Give a list of items, one per line."]


def test_salary_title_and_keywords_fall_back():
    role = RoleFactory.build(name="Software Data Engineer", salary_title="", keywords=[])
    assert role.salary_lookup_title == "Software Data Engineer"
    assert role.listing_keywords == ["Software Data Engineer"]
    role.salary_title = "Data Engineer"
    assert role.listing_keywords == ["Data Engineer"]
    role.keywords = ["data engineer", "Spark"]
    assert role.listing_keywords == ["data engineer", "Spark"]
