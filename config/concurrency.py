"""Two editors, one listing: the second save must not silently overwrite the first.

Optimistic locking on ``updated_at``: an admin change form carries, hidden, the version of the
object it was opened on; saving checks it against the stored one, read with a row lock inside
the admin's transaction (``select_for_update``: nobody can save in between), and refuses with
a clear message, naming who saved and when, when they differ. Nothing of either editor's work
is lost: the stored version stays, and the form keeps what this editor typed.
"""

from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

VERSION_FIELD = "loaded_version"


def version_of(moment) -> str:
    return moment.isoformat() if moment else ""


class EditConflictFormMixin:
    """For a ModelForm of a model with ``updated_at``."""

    # Collected by the form metaclass from every base that has declared fields.
    declared_fields = {VERSION_FIELD: forms.CharField(widget=forms.HiddenInput, required=False)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial[VERSION_FIELD] = version_of(self.instance.updated_at)

    def clean(self):
        cleaned = super().clean()
        loaded = (self.data.get(self.add_prefix(VERSION_FIELD)) or "").strip()
        if self.instance.pk and loaded:
            model = type(self.instance)
            stored = (
                model._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if stored is not None and version_of(stored) != loaded:
                raise ValidationError(self.conflict_message(stored), code="edit_conflict")
        return cleaned

    def conflict_message(self, stored) -> str:
        name = self.instance._meta.verbose_name
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(self.instance),
                object_id=str(self.instance.pk),
                action_flag=CHANGE,
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        who = "Someone else"
        if entry and abs((entry.action_time - stored).total_seconds()) < 5:
            who = entry.user.get_full_name() or entry.user.get_username()
        when = timezone.localtime(stored).strftime("%Y-%m-%d %H:%M:%S %Z")
        return (
            f"{who} saved this {name} at {when}, after you opened it. Your changes were not "
            f"saved, so that theirs are not overwritten: open the {name} again to see the "
            "current version, then make your changes there (what you typed is still in this "
            "form, to copy)."
        )


class EditConflictAdminMixin:
    """Puts the hidden version field into the change form's first fieldset."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not fieldsets:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = list(options.get("fields", []))
        if VERSION_FIELD not in fields:
            fields.append(VERSION_FIELD)
        return [(name, {**options, "fields": fields}), *rest]
