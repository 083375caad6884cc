"""Alerts in the admin: editors see how many alerts follow each search and what was sent,
never an address; the addresses need the dedicated permission ``alerts.view_addresses``."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from alerts.models import Alert, AlertSearch, Subscriber


@admin.register(AlertSearch)
class AlertSearchAdmin(admin.ModelAdmin):
    list_display = [
        "search",
        "confirmed_alerts",
        "pending_alerts",
        "emails_sent",
        "listings_sent",
        "last_sent_at",
    ]
    search_fields = ["headline", "query"]
    ordering = ["-emails_sent", "query"]
    readonly_fields = [
        "search",
        "query",
        "confirmed_alerts",
        "pending_alerts",
        "emails_sent",
        "listings_sent",
        "last_sent_at",
        "created_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count("alerts", filter=Q(alerts__confirmed_at__isnull=False)),
                pending_count=Count("alerts", filter=Q(alerts__confirmed_at__isnull=True)),
            )
        )

    @admin.display(description="search", ordering="headline")
    def search(self, obj):
        url = reverse("jobs:list") + (f"?{obj.query}" if obj.query else "")
        return format_html('<a href="{}">{}</a>', url, str(obj))

    @admin.display(description="confirmed alerts", ordering="confirmed_count")
    def confirmed_alerts(self, obj):
        return obj.confirmed_count

    @admin.display(description="waiting for confirmation", ordering="pending_count")
    def pending_alerts(self, obj):
        return obj.pending_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AlertInline(admin.TabularInline):
    model = Alert
    fields = ["search", "frequency", "confirmed_at", "last_sent_at", "emails_sent"]
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Addresses: only for holders of ``alerts.view_addresses`` (superusers hold every
    permission); deleting one ends its alerts."""

    list_display = ["email", "alert_count", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at"]
    inlines = [AlertInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alert_total=Count("alerts"))

    @admin.display(description="alerts", ordering="alert_total")
    def alert_count(self, obj):
        return obj.alert_total

    def may_see(self, request) -> bool:
        return request.user.has_perm("alerts.view_addresses")

    def has_module_permission(self, request):
        return self.may_see(request)

    def has_view_permission(self, request, obj=None):
        return self.may_see(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.may_see(request) and super().has_delete_permission(request, obj)
