"""The board of bench/explain_jobs.py: its database (``jb_bench``) and its listings, replaced
on every run through COPY."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from bench.board.vocabulary import (
    COUNTRIES,
    LEVEL_WORDS,
    SKILLS,
    TITLES,
    company_names,
    salary_columns,
)


def ensure_database(url: str) -> None:
    """Create the bench database on its server when it does not exist yet."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def fill(listings: int, history_days: int) -> None:
    """Companies, skills and listings through COPY, with the yearly USD columns computed."""
    from django.db import connection

    from jobs.models import ExchangeRate

    rng = random.Random(20250119)
    now = datetime.now(UTC)
    rates = dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))
    companies = company_names(2000)
    country_weights = [weight for _, weight, _, _ in COUNTRIES]

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE jobs_job_skills, jobs_job, jobs_company, jobs_skill RESTART IDENTITY CASCADE"
        )
        raw = cursor.cursor
        with raw.copy(
            "COPY jobs_company (name, slug, website, description, created_at, updated_at) "
            "FROM STDIN"
        ) as copy:
            for name in companies:
                slug = name.lower().replace(" ", "-")
                copy.write_row(
                    (name, slug, f"https://{slug}.example", "We build with data.", now, now)
                )
        with raw.copy("COPY jobs_skill (name, slug) FROM STDIN") as copy:
            for number, name in enumerate(SKILLS):
                copy.write_row((name, f"skill-{number}"))

        columns = (
            "title, slug, company_id, description, apply_url, apply_email, employment_type, "
            "seniority, workplace, city, region, country, salary_min, salary_max, "
            "salary_currency, salary_period, salary_min_usd_yearly, salary_max_usd_yearly, "
            "survey_title, status, published_at, expires_at, featured_until, created_at, "
            "updated_at"
        )
        with raw.copy(f"COPY jobs_job ({columns}) FROM STDIN") as copy:
            for _ in range(listings):
                seniority = rng.choices(["EN", "MI", "SE", "EX"], [15, 32, 43, 10])[0]
                level = rng.choice(LEVEL_WORDS[seniority])
                title = f"{level} {rng.choice(TITLES)}".strip()
                employment = rng.choices(["FT", "PT", "CT", "FL", "IN"], [84, 3, 7, 3, 3])[0]
                workplace = rng.choices(["onsite", "hybrid", "remote"], [45, 30, 25])[0]
                country, _, currency, places = rng.choices(COUNTRIES, country_weights)[0]
                city, region = rng.choice(places) if workplace != "remote" else ("", "")
                salary = salary_columns(rng, seniority, currency, rates)
                status = "published" if rng.random() < 0.96 else "draft"
                published = now - timedelta(days=rng.uniform(-2, history_days))
                expires = published + timedelta(days=30)
                featured = published + timedelta(days=14) if rng.random() < 0.03 else None
                copy.write_row(
                    (
                        title,
                        title.lower().replace(" ", "-"),
                        rng.randint(1, len(companies)),
                        f"## About the role\n\nWe are hiring a {title}.",
                        "https://example.com/apply",
                        "",
                        employment,
                        seniority,
                        workplace,
                        city,
                        region,
                        country,
                        *salary[:4],
                        *salary[4:],
                        "",
                        status,
                        published if status == "published" else None,
                        expires if status == "published" else None,
                        featured,
                        now,
                        now,
                    )
                )
        with raw.copy("COPY jobs_job_skills (job_id, skill_id) FROM STDIN") as copy:
            for job_id in range(1, listings + 1):
                for skill_id in rng.sample(range(1, len(SKILLS) + 1), 3):
                    copy.write_row((job_id, skill_id))
        cursor.execute("ANALYZE")
