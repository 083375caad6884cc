"""Admin forms: a role's lists are edited as plain text, one item per line.

No text field accepts a control character (anything in Unicode category Cc but tab, line feed
and carriage return): PostgreSQL refuses NUL, and the others are invisible and break feeds.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from careers.models import ROLE_LIST_FIELDS, Comparison, Role
from careers.text_repair import control_character_code
from config.concurrency import EditConflictFormMixin
from core.text import show_control_characters

# Bullet marks editors paste along with a list ("• ", "- ", "* ", "1. ").
LEADING_BULLET = re.compile(r"^\s*(?:[\u2022\u2023\u25e6\u2043\u2219*\-\u2013\u2014]|\d+[.)])\s+")


# The line breaks an editor's browser sends; other line separators are control characters.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def refuse_control_characters(value) -> None:
    """A validator: no control character in a text (tab and line breaks are fine)."""
    code = control_character_code(value) if isinstance(value, str) else None
    if code:
        raise ValidationError(
            "This text contains a control character (%(code)s), which cannot be saved: "
            "remove it or type the text again.",
            code="control_character",
            params={"code": code},
        )


def split_items(text: str) -> list[str]:
    """One item per non-empty line, without pasted bullet marks or extra spaces."""
    items = []
    for line in (text or "").splitlines():
        item = " ".join(LEADING_BULLET.sub("", line).split())
        if item:
            items.append(item)
    return items


class ItemListField(forms.CharField):
    """A list of strings in a textarea, one item per line."""

    def __init__(self, *, rows: int = 6, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, "cols": 90}))
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return [str(item) for item in value]
        text = super().to_python(value)
        self._refuse_control_characters(text)
        return split_items(text)

    @staticmethod
    def _refuse_control_characters(text: str) -> None:
        """A form error naming each item (line) that holds a control character."""
        errors = []
        for line in LINE_BREAK.split(text or ""):
            code = control_character_code(line)
            if code is None:
                continue
            item = " ".join(LEADING_BULLET.sub("", show_control_characters(line)).split())
            if len(item) > 80:
                item = item[:79] + "\u2026"
            errors.append(
                ValidationError(
                    "The item \u201c%(item)s\u201d contains a control character (%(code)s): "
                    "remove it or type the item again.",
                    code="control_character",
                    params={"item": item, "code": code},
                )
            )
        if errors:
            raise ValidationError(errors)

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class RefuseControlCharactersMixin:
    """Adds the control-character check to every plain text field of a model form (Django's
    own check refuses only NUL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if type(form_field) is forms.CharField:
                form_field.validators.append(refuse_control_characters)


class RoleForm(EditConflictFormMixin, RefuseControlCharactersMixin, forms.ModelForm):
    responsibilities = ItemListField(label="Responsibilities", help_text="One item per line.")
    skills = ItemListField(label="Required skills", help_text="One item per line.")
    education = ItemListField(label="Educational background", help_text="One item per line.")
    tools = ItemListField(label="Tools and software", help_text="One item per line.")
    industries = ItemListField(label="Common industries", help_text="One item per line.")
    tips = ItemListField(label="Practical tips for getting started", help_text="One item per line.")
    keywords = ItemListField(
        rows=3,
        label="Listing keywords",
        help_text=(
            "Words that find this role\u2019s open listings by title or skill, one per line. "
            "Empty: the salary title."
        ),
    )

    class Meta:
        model = Role
        fields = [
            "name",
            "slug",
            "definition",
            *ROLE_LIST_FIELDS,
            "tips_intro",
            "salary_title",
            "keywords",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            "tips_intro": forms.Textarea(attrs={"rows": 2, "cols": 90}),
        }


# Wide single-line inputs: titles and slugs are long.
WIDE_INPUT = {"class": "vLargeTextField"}


class ComparisonForm(EditConflictFormMixin, RefuseControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = Comparison
        fields = [
            "role_a",
            "role_b",
            "title",
            "slug",
            "subtitle",
            "intro",
            "outlook",
            "conclusion",
            "status",
            "published_on",
        ]
        widgets = {
            "title": forms.TextInput(attrs=WIDE_INPUT),
            "slug": forms.TextInput(attrs=WIDE_INPUT),
            "subtitle": forms.TextInput(attrs=WIDE_INPUT),
        }
