"""What the listings' admin (jobs/admin/listings.py) shows of the link checks: a "Link broken"
filter and a column. Both read the check of the listing's present apply URL only (a check of an
URL the editor has since replaced says nothing). The column reads the check through the list's
``select_related("link_check")``: no query per row."""

from django.contrib import admin
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from linkcheck.models import BROKEN_AFTER, ApplyLinkCheck, Outcome

NOT_CHECKED = "—"


class LinkBrokenFilter(admin.SimpleListFilter):
    title = "link broken"
    parameter_name = "link_broken"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No"), ("unchecked", "Not checked")]

    def queryset(self, request, queryset):
        current = ApplyLinkCheck.objects.current()
        match self.value():
            case "yes":
                return queryset.filter(pk__in=ApplyLinkCheck.objects.broken().values("job_id"))
            case "no":
                working = current.filter(failures_in_row__lt=BROKEN_AFTER)
                return queryset.filter(pk__in=working.values("job_id"))
            case "unchecked":
                return queryset.exclude(pk__in=current.values("job_id"))
        return queryset  # anything else is ignored


# The column sorts by the streak of the check of the present URL (none: below any check).
STREAK = Case(
    When(link_check__url=F("apply_url"), then=F("link_check__failures_in_row")),
    default=Value(-1),
    output_field=IntegerField(),
)


@admin.display(description="apply link", ordering=STREAK)
def link_status(job) -> str:
    """ "Link broken since 3 Jan 2027 (404)", "OK", "404 once", "Not reached", or "—"."""
    check = getattr(job, "link_check", None)
    if check is None or not check.is_current(job):
        return NOT_CHECKED
    if check.is_broken:
        since = date_format(timezone.localtime(check.broken_since), "j M Y")
        return f"Link broken since {since} ({check.last_failure})"
    if check.failures_in_row:
        return f"{check.last_failure.capitalize()} once: checked again on the next run"
    if check.outcome == Outcome.ERROR:
        return Truncator(f"Not reached: {check.detail}").chars(80)
    return "OK"
