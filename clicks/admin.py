"""Apply statistics in the admin: clicks per listing and per company over the last 7, 30 and 90
days, and each table as a CSV file. Read-only, for holders of ``clicks.view_applyclick`` (the
"Editors" group, migration 0002); anyone else on the staff gets 403."""

from __future__ import annotations

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse

from clicks import stats
from clicks.counting import today
from clicks.models import ApplyClick
from core.csvfile import spreadsheet_safe

CSV_TABLES = {
    "listings": {
        "filename": "apply-clicks-by-listing",
        "header": [
            "listing id",
            "listing",
            "company",
            "clicks, last 7 days",
            "clicks, last 30 days",
            "clicks, last 90 days",
        ],
        "columns": ["job_id", "title", "company", "last_7", "last_30", "last_90"],
        "rows": stats.by_listing,
    },
    "companies": {
        "filename": "apply-clicks-by-company",
        "header": [
            "company",
            "listings clicked in 90 days",
            "clicks, last 7 days",
            "clicks, last 30 days",
            "clicks, last 90 days",
        ],
        "columns": ["company", "listings", "last_7", "last_30", "last_90"],
        "rows": stats.by_company,
    },
}


@admin.register(ApplyClick)
class ApplyClickAdmin(admin.ModelAdmin):
    """Not a change list: one page of two tables (``statistics_view``) and their CSV files.
    No row is added, changed or deleted here."""

    actions = None

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.statistics_view), name=f"{prefix}_changelist"),
            path(
                "listings.csv",
                wrap(self.csv_view),
                {"table": "listings"},
                name=f"{prefix}_listings_csv",
            ),
            path(
                "companies.csv",
                wrap(self.csv_view),
                {"table": "companies"},
                name=f"{prefix}_companies_csv",
            ),
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # There is no delete page or action. The counts go with their listing: whoever may
        # delete a listing may delete its counts (the admin asks this of every row a deletion
        # cascades to, and would otherwise refuse to delete a clicked listing).
        return obj is not None and request.user.has_perm("jobs.delete_job")

    def allowed(self, request):
        """None for a reader allowed to see the statistics, else the answer."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        return None

    def statistics_view(self, request):
        refused = self.allowed(request)
        if refused:
            return refused
        day = today()
        listings = stats.by_listing(day, limit=stats.LIMIT)
        companies = stats.by_company(day, limit=stats.LIMIT)
        for row in listings.rows:
            row["admin_url"] = reverse("admin:jobs_job_change", args=[row["job_id"]])
        for row in companies.rows:
            row["admin_url"] = reverse("admin:jobs_company_change", args=[row["company_id"]])
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": "Apply statistics",
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "periods": stats.periods(day),
            "today": day,
            "limit": stats.LIMIT,
            "listings": listings,
            "companies": companies,
            "listings_csv_url": reverse(f"{prefix}_listings_csv"),
            "companies_csv_url": reverse(f"{prefix}_companies_csv"),
        }
        return TemplateResponse(request, "admin/clicks/applyclick/statistics.html", context)

    def csv_view(self, request, table: str):
        """A table as a CSV file: every row of the last 90 days (the page shows the first
        ``stats.LIMIT``), a header row, text cells neutralised for spreadsheets."""
        refused = self.allowed(request)
        if refused:
            return refused
        spec = CSV_TABLES[table]
        day = today()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{spec["filename"]}-{day:%Y-%m-%d}.csv"'
        )
        response.write("\ufeff")  # a byte order mark: Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(spec["header"])
        for row in spec["rows"](day, limit=None).rows:
            writer.writerow([spreadsheet_safe(row[column]) for column in spec["columns"]])
        return response
