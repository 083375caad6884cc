"""Admins for roles and comparison articles, built for editors' speed.

A role's lists are plain textareas, one item per line. A comparison picks its roles with
autocomplete; a draft or scheduled article is opened with "Preview" (the public gets a 404),
a published one with "View on site".
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html

from careers.forms import ComparisonForm, RoleForm
from careers.models import ROLE_LIST_FIELDS, Comparison, Role
from config.concurrency import EditConflictAdminMixin


@admin.register(Role)
class RoleAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    form = RoleForm
    list_display = ["name", "salary_title", "comparison_count", "updated_at"]
    search_fields = ["name", "salary_title"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "definition"]}),
        (
            "Lists (one item per line)",
            {
                # The lists, with the tips' introduction just before the tips.
                "fields": [*ROLE_LIST_FIELDS[:-1], "tips_intro", ROLE_LIST_FIELDS[-1]]
            },
        ),
        ("Pay and open jobs", {"fields": ["salary_title", "keywords"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                comparisons=Count("comparisons_as_a", distinct=True)
                + Count("comparisons_as_b", distinct=True)
            )
            .order_by("name")  # an aggregate's GROUP BY drops the default ordering
        )

    @admin.display(description="comparisons", ordering="comparisons")
    def comparison_count(self, role):
        return role.comparisons


class VisibilityFilter(admin.SimpleListFilter):
    """Published (public now), Scheduled (published with a future date) or Draft: what the
    change list's status column shows, rather than the stored status alone."""

    title = "status"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("published", "Published"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        published = Q(status=Comparison.Status.PUBLISHED)
        if self.value() == "published":
            return queryset.filter(published, published_on__lte=today)
        if self.value() == "scheduled":
            return queryset.filter(published, published_on__gt=today)
        if self.value() == "draft":
            return queryset.exclude(published)
        return queryset  # anything else, such as ?visibility=garbage, is ignored


@admin.register(Comparison)
class ComparisonAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    form = ComparisonForm
    change_form_template = "careers/admin/comparison_change_form.html"
    list_display = ["title", "visibility", "published_on", "updated_at", "preview_link"]
    list_filter = [VisibilityFilter, "published_on"]
    list_select_related = ["role_a", "role_b"]
    search_fields = ["title", "role_a__name", "role_b__name"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["role_a", "role_b"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["role_a", "role_b", "title", "slug", "subtitle"]}),
        ("Text (Markdown)", {"fields": ["intro", "outlook", "conclusion"]}),
        ("Publication", {"fields": ["status", "published_on", "created_at", "updated_at"]}),
    ]

    def view_on_site(self, comparison):
        """The public page of a published article; none for drafts and scheduled ones."""
        return comparison.get_absolute_url() if comparison.is_public() else None

    @admin.display(description="status", ordering="status")
    def visibility(self, comparison):
        """ "Published", "Scheduled" (published with a future date) or "Draft"."""
        if comparison.is_public():
            return "Published"
        if comparison.status == Comparison.Status.PUBLISHED:
            return "Scheduled"
        return "Draft"

    @admin.display(description="preview")
    def preview_link(self, comparison):
        return format_html('<a href="{}">Preview</a>', comparison.get_preview_url())
