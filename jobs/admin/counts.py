"""How many listings a row of the admin has: in words, and as a change-list column."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import ngettext


def listing_count_text(count: int) -> str:
    return ngettext("%(count)d listing", "%(count)d listings", count) % {"count": count}


class ListingCountColumn:
    """A ModelAdmin mixin: a sortable "listings" column, counted for the whole page in one
    grouped query instead of one count per row (the model's listings are ``jobs``)."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(listing_count=Count("jobs"))

    @admin.display(description="listings", ordering="listing_count")
    def listing_count(self, row):
        return row.listing_count
