"""The shared rules of ``core``: one implementation each, used by every app."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError

from core.links import is_http_url, require_http_url
from core.permissions import can_preview
from core.scriptjson import script_json
from core.slugs import available_slug, free_slug, slug_of
from core.text import (
    control_character_codes,
    reject_control_characters,
    search_box_text,
    show_control_characters,
)


def test_one_set_of_control_characters_for_every_check():
    # C0 and C1 controls, DEL and the non-characters U+FFFE/U+FFFF; never tab or line breaks.
    text = "a\x00b\x1bc\x7fd\x85e\ufffef\ufffftab\tline\r\nend"
    assert control_character_codes(text) == ("U+0000, U+001B, U+007F, U+0085, U+FFFE, U+FFFF")
    with pytest.raises(ValidationError, match=r"U\+0000, U\+001B"):
        reject_control_characters(text)
    reject_control_characters("tab\tline\r\nend")
    assert show_control_characters("d\x07b\ufffe") == "d[U+0007]b[U+FFFE]"
    assert show_control_characters("d\x07b", "replacement") == "d\ufffdb"


def test_the_survey_import_and_the_article_forms_refuse_what_the_listings_refuse():
    from careers.text_repair import control_character_code
    from core import text

    # The survey import (jobs.salaries.survey_file) and the careers forms use core's pattern: a
    # non-character U+FFFE is now refused there too, as it always was on listings.
    assert control_character_code("x\ufffey") == "U+FFFE"
    from jobs.salaries import survey_file

    assert survey_file.CONTROL_CHARACTERS is text.CONTROL_CHARACTERS


def test_search_box_text():
    assert search_box_text("  data\x00 \tengineer \ufffe ") == "data engineer"
    assert len(search_box_text("x" * 500)) == 100


def test_script_json_cannot_close_its_element_and_keeps_the_text():
    value = "</script><script>alert(1)</script> & more"
    text = script_json({"name": value})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": value}
    assert script_json({"a": 1, "b": [1, 2]}, compact=True) == '{"a":1,"b":[1,2]}'
    assert script_json({"a": 1, "b": [1, 2]}) == '{"a": 1, "b": [1, 2]}'


def test_slugs():
    assert slug_of("Data Engineer (m/f/d)") == "data-engineer-mfd"
    assert slug_of("!!!") == "item" and slug_of("!!!", fallback="role") == "role"
    assert free_slug("data", {"data", "data-2"}, 200) == "data-3"
    assert free_slug("a" * 10, {"a" * 10}, 10) == "a" * 8 + "-2"


@pytest.mark.django_db
def test_available_slug_skips_the_taken_ones_but_not_its_own_row():
    from jobs.models import Company

    first = Company.objects.create(name="Acme", slug="acme")
    Company.objects.create(name="Acme 2", slug="acme-2")
    assert available_slug(Company, "ACME") == "acme-3"
    assert available_slug(Company, "ACME", exclude_pk=first.pk) == "acme"


def test_links():
    assert is_http_url("") and is_http_url("HTTPS://x.example") and is_http_url("http://x")
    assert not is_http_url("javascript:alert(1)") and not is_http_url("ftp://x")
    with pytest.raises(ValidationError, match=r"Use an http:// or https:// address\."):
        require_http_url("mailto:x@example.com")


@pytest.mark.django_db
def test_only_active_staff_with_the_permission_preview():
    editor = User.objects.create_user("edith", password="x" * 14, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    assert can_preview(editor, "jobs.view_job")
    assert can_preview(editor, "careers.view_comparison")
    editor.is_active = False  # the listing preview used to forget this check
    assert not can_preview(editor, "jobs.view_job")
    visitor = User.objects.create_user("vic", password="x" * 14)
    assert not can_preview(visitor, "jobs.view_job")
