"""The role and comparison admins, used through their forms by a member of "Editors"."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from careers.models import Comparison, Role
from tests.factories import ComparisonFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("editor", password="secret-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_editors_group_may_add_change_and_view_roles_and_comparisons():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="careers")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "add_role",
        "change_role",
        "view_role",
        "add_comparison",
        "change_comparison",
        "view_comparison",
    }


ROLE_FORM = {
    "name": "Analytics Engineer",
    "slug": "analytics-engineer",
    "definition": "Builds the tables analysts query.",
    "responsibilities": (
        "\u2022 Model raw data\n\n  - Write tests for every model  \n* Review SQL\n"
    ),
    "skills": "SQL\r\ndbt",
    "education": "",
    "tools": "dbt\nGit",
    "industries": "",
    "tips_intro": "",
    "tips": "1. Publish a dbt project",
    "salary_title": "Analytics Engineer",
    "keywords": "analytics engineer\ndbt",
}


def test_an_editor_adds_a_role_with_one_item_per_line(editor_client):
    response = editor_client.post("/admin/careers/role/add/", {**ROLE_FORM, "_save": "Save"})
    assert response.status_code == 302, response.content.decode()
    role = Role.objects.get()
    assert role.responsibilities == ["Model raw data", "Write tests for every model", "Review SQL"]
    assert role.skills == ["SQL", "dbt"]
    assert role.education == []
    assert role.tips == ["Publish a dbt project"]
    assert role.keywords == ["analytics engineer", "dbt"]

    # The change form shows each list one item per line.
    html = editor_client.get(f"/admin/careers/role/{role.pk}/change/").content.decode()
    assert "Model raw data\nWrite tests for every model\nReview SQL</textarea>" in html


def test_a_duplicate_role_name_is_refused(editor_client):
    RoleFactory(name="Analytics Engineer", slug="ae")
    response = editor_client.post(
        "/admin/careers/role/add/", {**ROLE_FORM, "name": "analytics engineer", "_save": "Save"}
    )
    assert response.status_code == 200
    assert "A role with this name already exists." in response.content.decode()
    assert Role.objects.count() == 1


def comparison_form(role_a, role_b, **changes):
    return {
        "role_a": role_a.pk,
        "role_b": role_b.pk,
        "title": "",
        "slug": "",
        "subtitle": "Which Career Path Should You Choose?",
        "intro": "Intro.",
        "outlook": "",
        "conclusion": "",
        "status": "draft",
        "published_on": "",
        "_save": "Save",
        **changes,
    }


def test_an_editor_adds_a_draft_comparison_with_default_title(editor_client):
    role_a = RoleFactory(name="Data Analyst", slug="data-analyst")
    role_b = RoleFactory(name="Analytics Engineer", slug="analytics-engineer")
    response = editor_client.post("/admin/careers/comparison/add/", comparison_form(role_a, role_b))
    assert response.status_code == 302, response.content.decode()
    comparison = Comparison.objects.get()
    assert comparison.title == "Data Analyst vs. Analytics Engineer"
    assert comparison.slug == "data-analyst-vs-analytics-engineer"

    html = editor_client.get(f"/admin/careers/comparison/{comparison.pk}/change/").content.decode()
    assert f'href="/careers/preview/{comparison.pk}/"' in html
    assert ">Preview</a>" in html
    assert "View on site" not in html  # a draft has no public page
    assert editor_client.get(f"/careers/preview/{comparison.pk}/").status_code == 200


def test_the_same_pair_in_the_other_order_is_refused(editor_client):
    existing = ComparisonFactory(title="A vs. B")
    response = editor_client.post(
        "/admin/careers/comparison/add/",
        comparison_form(existing.role_b, existing.role_a, slug="b-vs-a"),
    )
    assert response.status_code == 200
    assert "These two roles are already compared in \u201cA vs. B\u201d." in (
        response.content.decode()
    )
    response = editor_client.post(
        "/admin/careers/comparison/add/",
        comparison_form(existing.role_a, existing.role_a, slug="a-vs-a"),
    )
    assert "Choose a role different from role A." in response.content.decode()
    assert Comparison.objects.count() == 1


def test_a_published_comparison_has_view_on_site(editor_client):
    comparison = ComparisonFactory(slug="published-one")
    html = editor_client.get(f"/admin/careers/comparison/{comparison.pk}/change/").content.decode()
    assert "View on site" in html
    response = editor_client.get(f"/admin/r/{_content_type_id()}/{comparison.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith("/careers/published-one/")


def _content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get(app_label="careers", model="comparison").pk


def test_change_list_search_filters_and_constant_queries(
    editor_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    data = RoleFactory(name="Data Engineer", slug="data-engineer")
    for number in range(15):
        ComparisonFactory(role_a=data, published_on=today - timedelta(days=number))
    ComparisonFactory(status="draft", published_on=None, title="Unfinished draft")
    ComparisonFactory(published_on=today + timedelta(days=10), title="Future piece")
    with django_assert_max_num_queries(12):
        response = editor_client.get("/admin/careers/comparison/")
    html = response.content.decode()
    assert html.count(">Published</td>") == 15
    assert html.count(">Scheduled</td>") == 1
    assert html.count(">Draft</td>") == 1
    assert html.count(">Preview</a>") == 17

    found = editor_client.get("/admin/careers/comparison/", {"q": "data engineer"})
    assert "15 results" in found.content.decode()
    drafts = editor_client.get("/admin/careers/comparison/", {"status__exact": "draft"})
    assert "Unfinished draft" in drafts.content.decode()
    by_year = editor_client.get("/admin/careers/comparison/", {"published_on__year": today.year})
    assert by_year.status_code == 200
    assert editor_client.get("/admin/careers/role/", {"q": "data"}).status_code == 200


def test_role_autocomplete_answers_an_editor(editor_client):
    RoleFactory(name="Data Engineer", slug="data-engineer")
    RoleFactory(name="Chef", slug="chef")
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "careers",
            "model_name": "comparison",
            "field_name": "role_a",
            "term": "data",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Data Engineer"]


# -- Control characters never reach the database --------------------------------------------


@pytest.mark.parametrize(
    ("char", "code"),
    [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x85", "U+0085")],
    ids=["nul", "bell", "escape", "c1-next-line"],
)
def test_a_list_item_with_a_control_character_is_a_form_error_naming_it(editor_client, char, code):
    form = {**ROLE_FORM, "skills": f"SQL\nd{char}bt\nPython", "_save": "Save"}
    response = editor_client.post("/admin/careers/role/add/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f"The item \u201cd[{code}]bt\u201d contains a control character ({code}): "
        "remove it or type the item again."
    ) in html
    assert Role.objects.count() == 0


@pytest.mark.parametrize("field", ["name", "definition", "tips_intro", "salary_title", "keywords"])
@pytest.mark.parametrize(("char", "code"), [("\x00", "U+0000"), ("\x07", "U+0007")])
def test_role_text_fields_refuse_control_characters(editor_client, field, char, code):
    form = {**ROLE_FORM, field: f"Analytics{char} Engineer", "_save": "Save"}
    response = editor_client.post("/admin/careers/role/add/", form)
    assert response.status_code == 200
    assert f"contains a control character ({code})" in response.content.decode()
    assert Role.objects.count() == 0


@pytest.mark.parametrize("field", ["title", "subtitle", "intro", "outlook", "conclusion"])
@pytest.mark.parametrize(("char", "code"), [("\x00", "U+0000"), ("\x1b", "U+001B")])
def test_comparison_text_fields_refuse_control_characters(editor_client, field, char, code):
    role_a = RoleFactory(name="Data Analyst", slug="data-analyst")
    role_b = RoleFactory(name="Analytics Engineer", slug="analytics-engineer")
    response = editor_client.post(
        "/admin/careers/comparison/add/",
        comparison_form(role_a, role_b, **{field: f"Some{char} text", "slug": "some"}),
    )
    assert response.status_code == 200
    assert f"contains a control character ({code})" in response.content.decode()
    assert Comparison.objects.count() == 0


def test_tabs_and_line_breaks_are_fine_in_text_fields(editor_client):
    role_a = RoleFactory(name="Data Analyst", slug="data-analyst")
    role_b = RoleFactory(name="Analytics Engineer", slug="analytics-engineer")
    response = editor_client.post(
        "/admin/careers/comparison/add/",
        comparison_form(role_a, role_b, intro="First\tparagraph.\r\n\r\nSecond."),
    )
    assert response.status_code == 302, response.content.decode()
    assert Comparison.objects.get().intro == "First\tparagraph.\r\n\r\nSecond."


# -- The status filter of the change list ---------------------------------------------------


def test_change_list_filters_published_scheduled_and_draft(editor_client):
    today = timezone.localdate()
    ComparisonFactory(title="Live piece", published_on=today - timedelta(days=1))
    ComparisonFactory(title="Today piece", published_on=today)
    ComparisonFactory(title="Future piece", published_on=today + timedelta(days=10))
    ComparisonFactory(title="Unfinished draft", status="draft", published_on=None)
    ComparisonFactory(title="Dated draft", status="draft", published_on=today - timedelta(days=3))

    def titles(visibility):
        response = editor_client.get("/admin/careers/comparison/", {"visibility": visibility})
        assert response.status_code == 200
        return {c.title for c in response.context["cl"].result_list}

    html = editor_client.get("/admin/careers/comparison/").content.decode()
    assert "By status" in html
    for label, value in (("Published", "published"), ("Scheduled", "scheduled")):
        assert f'href="?visibility={value}"' in html
        assert f">{label}</a>" in html
    assert titles("published") == {"Live piece", "Today piece"}
    assert titles("scheduled") == {"Future piece"}
    assert titles("draft") == {"Unfinished draft", "Dated draft"}
    # An unknown value is ignored, not a 500.
    assert len(titles("garbage")) == 5
