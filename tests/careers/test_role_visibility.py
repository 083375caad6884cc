"""A role has a public page and a sitemap entry only while it is a side of a published
comparison; editors preview the others, as they do draft articles."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone

from careers.models import Role
from tests.factories import ComparisonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def sitemap_roles(client) -> str:
    return client.get("/sitemap-roles.xml").content.decode()


@pytest.fixture
def roles():
    today = timezone.localdate()
    published = ComparisonFactory()
    draft = ComparisonFactory(status="draft", published_on=None)
    scheduled = ComparisonFactory(published_on=today + timedelta(days=3))
    alone = RoleFactory(name="Lonely Role")
    return {
        "published": published.role_a,
        "other side": published.role_b,
        "draft": draft.role_a,
        "scheduled": scheduled.role_a,
        "in no comparison": alone,
    }


def test_only_roles_of_published_comparisons_have_public_pages(client, roles):
    for name, role in roles.items():
        response = client.get(role.get_absolute_url())
        public = name in {"published", "other side"}
        assert response.status_code == (200 if public else 404), name
    assert set(Role.objects.published()) == {roles["published"], roles["other side"]}


def test_the_sitemap_lists_only_roles_with_a_public_page(client, roles):
    xml = sitemap_roles(client)
    for name, role in roles.items():
        listed = f"<loc>http://testserver{role.get_absolute_url()}</loc>" in xml
        assert listed == (name in {"published", "other side"}), name


def test_a_scheduled_comparison_makes_its_roles_public_on_its_day(client, roles):
    role = roles["scheduled"]
    assert client.get(role.get_absolute_url()).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=3, hours=1)):
        assert client.get(role.get_absolute_url()).status_code == 200
        assert role.get_absolute_url() in sitemap_roles(client)


def test_unpublishing_the_last_comparison_hides_the_role_at_the_next_request(client, roles):
    role = roles["published"]
    assert client.get(role.get_absolute_url()).status_code == 200
    role.comparisons_as_a.update(status="draft")
    assert client.get(role.get_absolute_url()).status_code == 404
    assert role.get_absolute_url() not in sitemap_roles(client)


def test_editors_preview_a_role_that_is_not_public(client, roles):
    editor = User.objects.create_user("edith", password="a long passphrase 1", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(roles["draft"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Preview.</strong>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<link rel="canonical"' not in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # A public role has no preview notice, for editors either.
    public = client.get(roles["published"].get_absolute_url()).content.decode()
    assert "<strong>Preview.</strong>" not in public


def test_staff_without_the_permission_get_the_404(client, roles):
    client.force_login(User.objects.create_user("sam", password="x" * 14, is_staff=True))
    assert client.get(roles["draft"].get_absolute_url()).status_code == 404
