"""Listings in the admin: a form that refuses what the model refuses, filters, and the
publish, feature and expire actions (jobs.services)."""

from datetime import UTC, datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django_countries.filters import CountryFilter

from config.concurrency import EditConflictAdminMixin, EditConflictFormMixin
from core.links import require_http_url
from jobs import duplicates, pay_transparency, services
from jobs.admin import from_page
from jobs.admin.counts import listing_count_text
from jobs.models import Job, read_rates
from jobs.salaries.titles import checked_survey_title
from linkcheck.admin import LinkBrokenFilter, link_status

FEATURE_DAYS = 30


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no filter of the listings at this moment; any other value (``?featured=garbage``)
    is ignored."""

    answers = [("yes", "Yes"), ("no", "No")]

    def lookups(self, request, model_admin):
        return self.answers

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return getattr(self, self.value())(queryset, timezone.now())
        return queryset

    def yes(self, queryset, now):
        raise NotImplementedError

    def no(self, queryset, now):
        raise NotImplementedError


class FeaturedFilter(YesNoFilter):
    title = parameter_name = "featured"
    answers = [("yes", "Currently featured"), ("no", "Not featured")]

    def yes(self, queryset, now):
        return queryset.filter(featured_until__gt=now)

    def no(self, queryset, now):
        return queryset.filter(Q(featured_until__isnull=True) | Q(featured_until__lte=now))


class ExpiredFilter(YesNoFilter):
    title = parameter_name = "expired"

    def yes(self, queryset, now):
        return queryset.expired(now)

    def no(self, queryset, now):
        return queryset.not_expired(now)


class JobChangeList(ChangeList):
    """The listings' change list, which drops a date-hierarchy filter outside the calendar.

    Django turns ``?published_at__year=9999&published_at__month=12`` into a range that ends in
    the year 10000 and fails with a 500 (so does a year of eleven digits); such a filter is
    ignored with a message instead, and the list shows unfiltered.
    """

    def get_filters(self, request):
        if self.date_hierarchy and not self.date_hierarchy_in_calendar():
            for part in ("year", "month", "day"):
                self.params.pop(f"{self.date_hierarchy}__{part}", None)
                self.filter_params.pop(f"{self.date_hierarchy}__{part}", None)
            messages.warning(request, "Ignored the date filter: no such date in the calendar.")
        return super().get_filters(request)

    def date_hierarchy_in_calendar(self) -> bool:
        """Whether the date hierarchy's range (as Django computes it) has dates at both ends."""
        year, month, day = (
            self.filter_params.get(f"{self.date_hierarchy}__{part}")
            for part in ("year", "month", "day")
        )
        if year is None:
            return True
        try:
            start = datetime(
                int(year[-1]),
                int(month[-1] if month is not None else 1),
                int(day[-1] if day is not None else 1),
            )
            if day:
                end = start + timedelta(days=1)
            elif month:
                end = (start + timedelta(days=32)).replace(day=1)
            else:
                end = start.replace(year=start.year + 1)
            for moment in (start, end):
                timezone.make_aware(moment).astimezone(UTC)
        except (ValueError, OverflowError):
            return False
        return True


# The listing form's layout; its fields are these but the computed USD figures.
FIELDSETS = [
    ("Listing", {"fields": ["title", "slug", "company", "status", "description", "skills"]}),
    ("Role", {"fields": ["seniority", "employment_type", "survey_title"]}),
    ("Location", {"fields": ["workplace", "city", "region", "subdivision", "country", "eligible"]}),
    (
        "Salary",
        {
            "description": (
                "Amounts as the employer states them (62.50 an hour is fine). Leave the "
                "minimum empty for a listing without salary. The yearly USD figures are "
                "computed when you save."
            ),
            "fields": [
                ("salary_min", "salary_max"),
                ("salary_currency", "salary_period"),
                ("salary_min_usd_yearly", "salary_max_usd_yearly"),
                "benefits",
            ],
        },
    ),
    ("Apply", {"fields": ["apply_url", "apply_email"]}),
    ("Dates", {"fields": ["published_at", "expires_at", "featured_until"]}),
]
READ_ONLY_FIELDS = ["salary_min_usd_yearly", "salary_max_usd_yearly", "pay_rule_override"]
# Shown to editors who may publish despite a pay-transparency rule (jobs.pay_transparency).
PAY_RULE_FIELDSET = (
    "Pay transparency",
    {
        "description": pay_transparency.DISCLAIMER,
        "fields": ["pay_rule_reason", "pay_rule_override"],
    },
)


class JobAdminForm(EditConflictFormMixin, forms.ModelForm):
    class Meta:
        model = Job
        fields = [name for name in flatten_fieldsets(FIELDSETS) if name not in READ_ONLY_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 12}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
        }

    pay_rule_reason = forms.CharField(
        label="Publish anyway: your reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Only when a pay-transparency rule refuses the publication and you are sure it "
            "does not apply (e.g. the employer is exempt). Kept with the listing and in its "
            "history."
        ),
    )
    # Set by JobAdmin.get_form: whether the editor holds jobs.publish_despite_pay_rules.
    may_override = False
    not_a_duplicate = forms.BooleanField(
        label="Save it: it is not a duplicate",
        required=False,
        help_text="Tick after checking the possible duplicates named above.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Filled from the title in the browser; without JavaScript, by the model's defaults.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Part of the listing's URL. Empty: made from the title."

    def add_error(self, field, error):
        # The model's clean() runs even when the form has refused a field (a currency that is
        # not an option), and would add a second error about the same field ("Choose the
        # salary's currency"): each field keeps its first error.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            fresh = {
                name: errors
                for name, errors in error.error_dict.items()
                if name == NON_FIELD_ERRORS or name not in self.errors
            }
            if not fresh:
                return
            error = ValidationError(fresh)
        super().add_error(field, error)

    def clean_apply_url(self):
        return require_http_url(self.cleaned_data["apply_url"])

    # What a duplicate is compared by: a change of one of them checks the listing again.
    DUPLICATE_FIELDS = {"title", "company", "country", "city", "apply_url"}

    def check_duplicates(self) -> None:
        """Possible duplicates, named with links: the editor confirms before saving."""
        self.found_duplicates = []
        if self.errors or self.cleaned_data.get("not_a_duplicate"):
            return
        if self.instance.pk and not self.DUPLICATE_FIELDS & set(self.changed_data):
            return
        self.found_duplicates = duplicates.possible_duplicates(self.instance)
        for duplicate in self.found_duplicates:
            self.add_error(
                None,
                format_html(
                    'Possible duplicate of <a href="{}">listing #{} “{}” at {}</a> ({}).',
                    duplicate.admin_url,
                    duplicate.pk,
                    duplicate.title,
                    duplicate.company,
                    duplicate.why,
                ),
            )
        if self.found_duplicates:
            self.add_error(
                "not_a_duplicate",
                "Check the listings named above; tick this box and save again if this one is "
                "a different opening.",
            )

    def _post_clean(self):
        """After the model's checks: possible duplicates (jobs.duplicates), and the
        pay-transparency rules (jobs.pay_transparency) when this save publishes the listing
        or changes what they read of a published one."""
        super()._post_clean()
        self.check_duplicates()
        self.pay_warnings: list[pay_transparency.Finding] = []
        self.pay_override = ""
        job = self.instance
        if self.errors or not pay_transparency.needs_check(
            job, pay_transparency.stored_values(job)
        ):
            return
        found = pay_transparency.findings(job, read_rates(), company=job.company)
        self.pay_warnings = pay_transparency.warnings(found)
        refused = pay_transparency.refusals(found)
        if not refused:
            return
        reason = " ".join(self.cleaned_data.get("pay_rule_reason", "").split())
        if self.may_override and reason:
            job.pay_rule_override = reason
            self.pay_override = pay_transparency.override_message(refused, reason)
            return
        for finding in refused:
            self.add_error(None, finding.message)
        if self.may_override:
            way_out = "or write your reason under “Publish anyway” to publish it as it is."
        else:
            way_out = "or ask an editor who may publish despite a pay-transparency rule."
        self.add_error(
            None,
            f"Give what the rule asks, save the listing as a draft, {way_out} "
            f"{pay_transparency.DISCLAIMER}",
        )

    def clean_survey_title(self):
        """Empty (guessed from the listing's title), or a title of the salary survey in the
        survey's spelling; anything else is an error naming up to 5 close matches."""
        return checked_survey_title(self.cleaned_data["survey_title"])


@admin.register(Job)
class JobAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    form = JobAdminForm
    fieldsets = FIELDSETS
    readonly_fields = READ_ONLY_FIELDS
    autocomplete_fields = ["company", "skills"]
    prepopulated_fields = {"slug": ["title"]}
    list_display = [
        "title",
        "company",
        "seniority",
        "location",
        "salary",
        "status",
        "featured",
        "published_at",
        "expires_at",
        link_status,
    ]
    list_filter = [
        "status",
        "seniority",
        "employment_type",
        "workplace",
        ("country", CountryFilter),
        FeaturedFilter,
        ExpiredFilter,
        LinkBrokenFilter,
    ]
    # The link check's column (linkcheck.admin) reads it without a query per row.
    list_select_related = ["company", "link_check"]
    search_fields = ["title", "company__name"]
    search_help_text = "Search by title or company name."
    date_hierarchy = "published_at"
    actions = ["publish", "feature", "stop_featuring", "expire_now"]
    # The list with an "Add from a job page" button beside "Add" (jobs/admin/from_page.py).
    change_list_template = "admin/jobs/job/change_list.html"

    def get_changelist(self, request, **kwargs):
        return JobChangeList

    def get_urls(self):
        def add_from_page(request):
            return from_page.add_from_page_view(self, request)

        view = self.admin_site.admin_view(add_from_page)
        # Before the model's own URLs, whose "<object_id>/" would take "add-from-page/".
        return [path("add-from-page/", view, name="jobs_job_add_from_page"), *super().get_urls()]

    def get_changeform_initial_data(self, request):
        """The add form's initial values: the query string's, or a job page's (from_page)."""
        return from_page.changeform_initial(request, super().get_changeform_initial_data(request))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.may_override = request.user.has_perm(pay_transparency.PERMISSION)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if request.method == "POST":
            # The confirmation, on a form shown again (after a possible duplicate).
            fieldsets.append(("Possible duplicates", {"fields": ["not_a_duplicate"]}))
        if request.user.has_perm(pay_transparency.PERMISSION):
            fieldsets.append(PAY_RULE_FIELDSET)
        elif obj is not None and obj.pay_rule_override:
            fieldsets.append(("Pay transparency", {"fields": ["pay_rule_override"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "pay_override", ""):
            self.log_change(request, obj, form.pay_override)
        for finding in getattr(form, "pay_warnings", []):
            self.message_user(
                request,
                f"{finding.message} A warning only: the listing is saved. "
                f"{pay_transparency.DISCLAIMER}",
                messages.WARNING,
            )

    @admin.display(description="location", ordering="country")
    def location(self, job):
        return job.location_display

    @admin.display(description="salary", ordering="salary_max_usd_yearly")
    def salary(self, job):
        return job.salary_display or None  # shown as the admin's empty value

    @admin.display(description="featured", boolean=True, ordering="featured_until")
    def featured(self, job):
        return job.is_featured()

    # Actions write with bulk updates: a few queries whatever the number of listings selected.

    @admin.action(description="Publish the selected listings", permissions=["change"])
    def publish(self, request, queryset):
        refused = pay_transparency.refused_publications(queryset)
        for job, found in refused:
            self.message_user(
                request,
                f"Not published: “{job.title}”. {' '.join(f.message for f in found)} Open it "
                "to give what the rule asks (or, with the permission, your reason).",
                messages.ERROR,
            )
        listings, hidden = services.publish(queryset.exclude(pk__in=[job.pk for job, _ in refused]))
        self.report(
            request,
            f"Published {listing_count_text(len(listings))}.",
            len(hidden),
            "Still hidden because already expired: {listings}. "
            "Give them a later expiry date to show them.",
        )

    @admin.action(description=f"Feature for {FEATURE_DAYS} days", permissions=["change"])
    def feature(self, request, queryset):
        until = timezone.now() + timedelta(days=FEATURE_DAYS)
        until_text = date_format(timezone.localtime(until), "j N Y")
        count, not_visible = services.feature(queryset, until)
        self.report(
            request,
            f"Featured {listing_count_text(count)} until {until_text}.",
            not_visible,
            "Not visible now (draft, scheduled or expired), so featured only once "
            "visible: {listings}.",
        )

    @admin.action(description="Stop featuring", permissions=["change"])
    def stop_featuring(self, request, queryset):
        count = services.stop_featuring(queryset)
        self.message_user(request, f"Stopped featuring {listing_count_text(count)}.")

    @admin.action(description="Expire now", permissions=["change"])
    def expire_now(self, request, queryset):
        count, scheduled = services.expire_now(queryset)
        self.report(
            request,
            f"Expired {listing_count_text(count)}.",
            scheduled,
            "Left as they are, because scheduled for later publication: {listings}.",
        )

    def report(self, request, done: str, left_out: int, why: str) -> None:
        """An action's result, and a warning about the listings it left out (``why``, with
        ``{listings}`` for how many)."""
        self.message_user(request, done)
        if left_out:
            warning = why.format(listings=listing_count_text(left_out))
            self.message_user(request, warning, messages.WARNING)
