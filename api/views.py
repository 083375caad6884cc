"""The API's views: anonymous, read-only (GET, HEAD, OPTIONS), JSON.

Each is mounted in ``api/urls.py`` behind the rate limit, CORS and the page cache. They read
what the pages read, with the pages' own functions: the search (``JobFilter`` through
``api.filters``), a company's open listings and when they change (``jobs.views``), a salary
title's figures (``jobs.salaries.views.title_breakdown``).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers
from api.filters import SEARCH_PARAMETERS, JobSearchBackend
from config import page_cache
from jobs.models import Company, Job
from jobs.salaries.forms import SalaryFilterForm
from jobs.salaries.models import SalaryTitle
from jobs.salaries.views import ATTRIBUTION, title_breakdown
from jobs.views import company_listings_change

BAD_PARAMETERS = OpenApiResponse(
    serializers.ErrorSerializer, description="A parameter's value is invalid: named with why."
)


class NewestFirst(CursorPagination):
    ordering = ("-published_at", "-id")
    page_size = 25
    page_size_query_param = None


@extend_schema(
    parameters=SEARCH_PARAMETERS, responses={200: serializers.JobSerializer, 400: BAD_PARAMETERS}
)
class JobListView(generics.ListAPIView):
    """Visible listings that match the job list's parameters, newest first."""

    serializer_class = serializers.JobSerializer
    filter_backends = [JobSearchBackend]
    pagination_class = NewestFirst

    def get_queryset(self):
        return Job.objects.visible(timezone.now())

    def paginate_queryset(self, queryset):
        # The card data (company, skill names) of the page's rows only.
        return super().paginate_queryset(queryset.with_card_data())


class JobDetailView(generics.RetrieveAPIView):
    """A visible listing (a draft, a scheduled or an expired listing: 404)."""

    serializer_class = serializers.JobDetailSerializer
    lookup_url_kwarg = "pk"

    def get_queryset(self):
        return Job.objects.visible(timezone.now()).select_related("company").with_skill_names()

    def get_object(self):
        job = super().get_object()
        page_cache.listing_shown(job)  # the cached answer ends when it expires or stops featuring
        return job


class CompanyView(APIView):
    """A company, the number of its open listings and its page."""

    @extend_schema(responses=serializers.CompanySerializer)
    def get(self, request, slug):
        company = get_object_or_404(Company, slug=slug)
        company.open_listings = Job.objects.visible(timezone.now()).filter(company=company).count()
        page_cache.changes_at(lambda: company_listings_change(company))
        serializer = serializers.CompanySerializer(company, context={"request": request})
        return Response(serializer.data)


SALARY_PARAMETERS = [
    OpenApiParameter("country", str, description="The company's country (ISO 3166 alpha-2)."),
    OpenApiParameter("experience", str, enum=["EN", "MI", "SE", "EX"]),
    OpenApiParameter("employment_type", str, enum=["FT", "PT", "CT", "FL"]),
    OpenApiParameter("remote_ratio", int, enum=[0, 50, 100]),
    OpenApiParameter("year", int, description="A year of the survey's reports."),
]


class SalaryView(APIView):
    """A salary survey title's figures in USD a year, as its page shows them, with the page's
    filters; an invalid filter is a 400 naming it (the page ignores it with a notice)."""

    @extend_schema(
        parameters=SALARY_PARAMETERS,
        responses={200: serializers.SalarySurveySerializer, 400: BAD_PARAMETERS},
    )
    def get(self, request, slug):
        salary_title = get_object_or_404(SalaryTitle.objects.select_related("snapshot"), slug=slug)
        data = request.query_params
        form = SalaryFilterForm(data or None, salary_title=salary_title)
        lookups, _ignored = form.active_filters() if form.is_bound else ({}, [])
        if form.is_bound and form.errors:
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        figures = title_breakdown(salary_title, lookups)
        histogram = figures.histogram
        payload = {
            "title": salary_title.title,
            "slug": salary_title.slug,
            "url": request.build_absolute_uri(salary_title.get_absolute_url()),
            "filters": form.chosen_values() if form.is_bound else {},
            "figures": _figures(figures.figures),
            "levels": [
                {"code": row.code, "label": row.label, "figures": _figures(row.figures)}
                for row in figures.levels
            ],
            "years": [
                {"year": row.year, "count": row.count, "median": row.median, "too_few": row.too_few}
                for row in figures.years
            ],
            "histogram": [
                {"low": item.low, "high": item.high, "count": item.count}
                for item in (histogram.bins if histogram else [])
            ],
            "attribution": ATTRIBUTION,
        }
        return Response(serializers.SalarySurveySerializer(payload).data)


def _figures(figures):
    if figures is None:
        return None
    return {
        "count": figures.count,
        "median": figures.median,
        "p10": figures.p10,
        "p25": figures.p25,
        "p75": figures.p75,
        "p90": figures.p90,
        "too_few": figures.too_few,
    }
