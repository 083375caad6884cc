"""Two editors on one listing, article, role or company: the one whose form is older than the
stored object gets a clear conflict message, and nothing is overwritten."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from careers.models import Comparison, Role
from jobs.models import Company, Job
from tests.factories import ComparisonFactory, JobFactory

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would submit from the page's main form (the admin change form)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(
                attrs.get("value", "on" if kind == "checkbox" else "")
            )
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def open_form(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in parser.data.items()}
    assert data.get("loaded_version"), "the change form carries the version it was opened on"
    return data


def editor_client(name: str) -> Client:
    user = User.objects.create_user(name, password="a long editor passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


CASES = [
    ("job", lambda: JobFactory(), "title", Job),
    ("comparison", lambda: ComparisonFactory(), "title", Comparison),
    ("role", lambda: ComparisonFactory().role_a, "definition", Role),
    ("company", lambda: JobFactory().company, "description", Company),
]


@pytest.mark.parametrize(("kind", "make", "field", "model"), CASES, ids=[c[0] for c in CASES])
def test_the_older_form_gets_a_conflict_and_overwrites_nothing(kind, make, field, model):
    obj = make()
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
    edith, otto = editor_client("edith"), editor_client("otto")
    edith_form = open_form(edith, url)
    otto_form = open_form(otto, url)

    otto_form[field] = "Otto's version"
    response = otto.post(url, otto_form)
    assert response.status_code == 302, response.context["adminform"].form.errors

    edith_form[field] = "Edith's version"
    response = edith.post(url, edith_form)
    assert response.status_code == 200
    html = response.content.decode()
    name = model._meta.verbose_name
    assert f"otto saved this {name} at " in html
    assert "Your changes were not saved, so that theirs are not overwritten" in html
    assert "Edith&#x27;s version" in html or "Edith's version" in html  # kept in the form
    obj.refresh_from_db()
    assert getattr(obj, field) == "Otto's version"

    # Opened again, the form saves.
    fresh = open_form(edith, url)
    fresh[field] = "Edith's version"
    assert edith.post(url, fresh).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Edith's version"


def test_saving_twice_from_the_same_open_form_is_a_conflict_too():
    job = JobFactory()
    url = f"/admin/jobs/job/{job.pk}/change/"
    edith = editor_client("edith")
    form = open_form(edith, url)
    form["_continue"] = "Save and continue editing"
    assert edith.post(url, form).status_code == 302
    # The same stale form posted again (a second tab, the back button): refused.
    response = edith.post(url, form)
    assert response.status_code == 200
    assert "edith saved this job at " in response.content.decode()
