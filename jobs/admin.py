"""The editors' admin: companies, skills, exchange rates and listings, built for speed.

An editor (the "Editors" group) adds a correct listing in under a minute: company and skills by
autocomplete, a slug filled from the title (also without JavaScript), grouped fieldsets, and a
form that refuses what the model refuses (an implausible salary comes back as an error on the
salary field, naming the plausible range). Change lists run a fixed number of queries whatever
the number of rows.
"""

from datetime import UTC, datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from config.concurrency import EditConflictAdminMixin, EditConflictFormMixin
from core.links import require_http_url
from core.slugs import slug_of
from jobs import services
from jobs.models import Company, ExchangeRate, Job, Skill
from jobs.salaries.titles import checked_survey_title

FEATURE_DAYS = 30


def listing_count_text(count: int) -> str:
    return ngettext("%(count)d listing", "%(count)d listings", count) % {"count": count}


# -- Companies and skills --------------------------------------------------------------------


class CompanyAdminForm(EditConflictFormMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "slug", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled from the name in the browser; without JavaScript, filled when saved.
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Part of the company's URL. Empty: made from the name."

    def clean_website(self):
        return require_http_url(self.cleaned_data["website"])

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        return slug or slug_of(self.cleaned_data.get("name") or "")


@admin.register(Company)
class CompanyAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    form = CompanyAdminForm
    list_display = ["name", "website", "listing_count", "updated_at"]
    ordering = ["name"]  # explicit: the grouped count below drops the model's default order
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # One grouped query for the whole page instead of one count per company.
        return super().get_queryset(request).annotate(listing_count=Count("jobs"))

    @admin.display(description="listings", ordering="listing_count")
    def listing_count(self, company):
        return company.listing_count


class SkillAdminForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Empty: made from the name."

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Skill.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if clash:
            raise ValidationError(f"The skill “{clash.name}” already exists.")
        return name

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        return slug or slug_of(self.cleaned_data.get("name") or "", 60)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """Skills are picked (or added with the "+" beside the field) from the listing form."""

    form = SkillAdminForm
    list_display = ["name", "slug", "listing_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(listing_count=Count("jobs"))

    @admin.display(description="listings", ordering="listing_count")
    def listing_count(self, skill):
        return skill.listing_count


# -- Exchange rates --------------------------------------------------------------------------


class ExchangeRateForm(forms.ModelForm):
    """Refuses a rate that would make a listing's salary implausible, naming the listings."""

    class Meta:
        model = ExchangeRate
        fields = ["currency", "usd_per_unit", "valid_on"]

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean_usd_per_unit(self):
        rate = self.cleaned_data["usd_per_unit"]
        if rate is not None and rate <= 0:
            raise ValidationError("The rate must be a positive amount.")
        return rate

    def clean(self):
        cleaned_data = super().clean()
        rate = cleaned_data.get("usd_per_unit")
        # self.instance still holds the saved values here (the form's values reach it later).
        if self.instance.pk and rate is not None and rate != self.instance.usd_per_unit:
            try:
                services.check_exchange_rate_change(self.instance.currency, rate)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    form = ExchangeRateForm
    list_display = ["currency", "usd_per_unit", "valid_on", "listing_count"]
    list_editable = ["usd_per_unit", "valid_on"]
    ordering = ["currency"]
    search_fields = ["currency"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(listing_count=Count("jobs"))

    def get_readonly_fields(self, request, obj=None):
        # Listings refer to a rate by its code: the code of an existing rate never changes.
        return ["currency", "updated_at"] if obj else []

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ExchangeRateForm)
        return super().get_changelist_form(request, **kwargs)

    @admin.display(description="listings", ordering="listing_count")
    def listing_count(self, rate):
        return rate.listing_count

    def save_model(self, request, obj, form, change):
        if not change or "usd_per_unit" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        recomputed = services.change_exchange_rate(obj, obj.usd_per_unit, obj.valid_on)
        self.message_user(
            request,
            f"{obj.currency}: the yearly USD figures of {listing_count_text(recomputed)} "
            f"were recomputed at USD {obj.usd_per_unit.normalize():f} per unit.",
            messages.SUCCESS,
        )


# -- Listings --------------------------------------------------------------------------------


class FeaturedFilter(admin.SimpleListFilter):
    title = "featured"
    parameter_name = "featured"

    def lookups(self, request, model_admin):
        return [("yes", "Currently featured"), ("no", "Not featured")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(featured_until__gt=now)
        if self.value() == "no":
            return queryset.filter(Q(featured_until__isnull=True) | Q(featured_until__lte=now))
        return queryset  # anything else, such as ?featured=garbage, is ignored


class ExpiredFilter(admin.SimpleListFilter):
    title = "expired"
    parameter_name = "expired"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(expires_at__lte=now)
        if self.value() == "no":
            return queryset.not_expired(now)
        return queryset


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


class JobAdminForm(EditConflictFormMixin, forms.ModelForm):
    class Meta:
        model = Job
        fields = [
            "title",
            "slug",
            "company",
            "status",
            "description",
            "skills",
            "seniority",
            "employment_type",
            "survey_title",
            "workplace",
            "city",
            "region",
            "country",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "apply_url",
            "apply_email",
            "published_at",
            "expires_at",
            "featured_until",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 12})}

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

    def clean_survey_title(self):
        """Empty (guessed from the listing's title), or a title of the salary survey in the
        survey's spelling; anything else is an error naming up to 5 close matches."""
        return checked_survey_title(self.cleaned_data["survey_title"])


@admin.register(Job)
class JobAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    form = JobAdminForm
    fieldsets = [
        ("Listing", {"fields": ["title", "slug", "company", "status", "description", "skills"]}),
        ("Role", {"fields": ["seniority", "employment_type", "survey_title"]}),
        ("Location", {"fields": ["workplace", "city", "region", "country"]}),
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
                ],
            },
        ),
        ("Apply", {"fields": ["apply_url", "apply_email"]}),
        ("Dates", {"fields": ["published_at", "expires_at", "featured_until"]}),
    ]
    readonly_fields = ["salary_min_usd_yearly", "salary_max_usd_yearly"]
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
    ]
    list_filter = [
        "status",
        "seniority",
        "employment_type",
        "workplace",
        ("country", CountryFilter),
        FeaturedFilter,
        ExpiredFilter,
    ]
    list_select_related = ["company"]
    search_fields = ["title", "company__name"]
    search_help_text = "Search by title or company name."
    date_hierarchy = "published_at"
    actions = ["publish", "feature", "stop_featuring", "expire_now"]

    def get_changelist(self, request, **kwargs):
        return JobChangeList

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
        listings, hidden = services.publish(queryset)
        self.message_user(request, f"Published {listing_count_text(len(listings))}.")
        if hidden:
            self.message_user(
                request,
                f"Still hidden because already expired: {listing_count_text(len(hidden))}. "
                "Give them a later expiry date to show them.",
                messages.WARNING,
            )

    @admin.action(description=f"Feature for {FEATURE_DAYS} days", permissions=["change"])
    def feature(self, request, queryset):
        until = timezone.now() + timedelta(days=FEATURE_DAYS)
        until_text = date_format(timezone.localtime(until), "j N Y")
        count, not_visible = services.feature(queryset, until)
        self.message_user(
            request,
            f"Featured {listing_count_text(count)} until {until_text}.",
        )
        if not_visible:
            self.message_user(
                request,
                "Not visible now (draft, scheduled or expired), so featured only once "
                f"visible: {listing_count_text(not_visible)}.",
                messages.WARNING,
            )

    @admin.action(description="Stop featuring", permissions=["change"])
    def stop_featuring(self, request, queryset):
        count = services.stop_featuring(queryset)
        self.message_user(request, f"Stopped featuring {listing_count_text(count)}.")

    @admin.action(description="Expire now", permissions=["change"])
    def expire_now(self, request, queryset):
        count, scheduled = services.expire_now(queryset)
        self.message_user(request, f"Expired {listing_count_text(count)}.")
        if scheduled:
            self.message_user(
                request,
                "Left as they are, because scheduled for later publication: "
                f"{listing_count_text(scheduled)}.",
                messages.WARNING,
            )
