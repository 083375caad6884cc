"""What the load test requests on a board (1,000 visible listings spread evenly over the ids,
their companies, an article, a role, a salary page) and the counts of its report."""

from __future__ import annotations

from bench.board.fill import job_columns

PATHS_SAMPLED = 1000


def evenly(items: list, count: int) -> list:
    """``count`` items spread evenly over the list, first and last included."""
    if len(items) <= count:
        return list(items)
    return [items[round(index * (len(items) - 1) / (count - 1))] for index in range(count)]


def facts() -> dict:
    """What the load test requests on this board, and the counts of its header."""
    from django.db import connection

    from careers.models import Comparison, Role
    from jobs.models import Company, Job
    from jobs.salaries.models import SalaryTitle

    visible_ids = list(Job.objects.visible().order_by("id").values_list("id", flat=True))
    chosen = evenly(visible_ids, PATHS_SAMPLED)
    jobs = Job.objects.select_related("company").only("id", "slug", "company__slug")
    by_id = jobs.in_bulk(chosen)
    job_paths = [by_id[pk].get_absolute_url() for pk in chosen]
    company_paths = [by_id[pk].company.get_absolute_url() for pk in chosen]
    article = Comparison.objects.published().newest_first().first()
    role = Role.objects.order_by("name").first()
    salary_title = (
        SalaryTitle.objects.filter(slug="data-scientist").first()
        or SalaryTitle.objects.most_reported().first()
    )
    country = "US" if "US" in salary_title.countries else (salary_title.countries or [""])[0]
    salary_path = f"{salary_title.get_absolute_url()}?country={country}&experience=SE"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
        html_filled = "description_html" in job_columns(cursor)
        if html_filled:
            cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM jobs_job WHERE description_html = '')")
            html_filled = cursor.fetchone()[0]
    return {
        "listings": Job.objects.count(),
        "visible": len(visible_ids),
        "companies": Company.objects.count(),
        "description_html_filled": html_filled,
        "postgresql": server_version,
        "job_paths": job_paths,
        "company_paths": company_paths,
        "distinct_company_paths": len(set(company_paths)),
        "article": article.get_absolute_url() if article else None,
        "role": role.get_absolute_url() if role else None,
        "salary": salary_path,
    }
