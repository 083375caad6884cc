"""Exchange rates in the admin: a change recomputes every listing in that currency."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from jobs import services
from jobs.admin.counts import ListingCountColumn, listing_count_text
from jobs.models import ExchangeRate


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
class ExchangeRateAdmin(ListingCountColumn, admin.ModelAdmin):
    form = ExchangeRateForm
    list_display = ["currency", "usd_per_unit", "valid_on", "listing_count"]
    list_editable = ["usd_per_unit", "valid_on"]
    ordering = ["currency"]
    search_fields = ["currency"]

    def get_readonly_fields(self, request, obj=None):
        # Listings refer to a rate by its code: the code of an existing rate never changes.
        return ["currency", "updated_at"] if obj else []

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ExchangeRateForm)
        return super().get_changelist_form(request, **kwargs)

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
