"""Filling a load-test board: 2,000 companies, 70 skills and the listings through COPY, then
the salary survey and the careers demo data."""

from __future__ import annotations

import bisect
import io
import itertools
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from bench.board.descriptions import DOMAINS, PRODUCTS, description
from bench.board.vocabulary import (
    COUNTRIES,
    LEVEL_WORDS,
    SKILLS,
    TITLES,
    company_names,
    salary_columns,
)

# Bump when the shape of the fill changes: boards built by another version are rebuilt.
# 3: remote eligibility, 4: visible_since, 5: title key, subdivision, benefits (issue 14),
# 6: the keyword postings (written by the triggers of migration 0023 as COPY inserts)
FILL_VERSION = 6
# What US listings give as benefits (pay-transparency laws ask for them), by listing id.
BENEFITS = (
    "Health, dental and vision insurance; 401(k) with a match; 20 days of paid leave.",
    "Medical cover for you and your family, equity, parental leave and a learning budget.",
)
COMPANIES = 2000
# Company sizes: the company of rank r (1, 2, ...) gets a share of the listings proportional
# to 1 / r ** ZIPF_EXPONENT.
ZIPF_EXPONENT = 1.0
# Distinct descriptions: so many variants of each title's text (companies reuse their texts,
# and rendering each distinct one once keeps the fill quick).
DESCRIPTION_VARIANTS = 60
EXPIRY_DAYS = 30
SEED = 20251202

APPLY_HOSTS = [
    "boards.greenhouse.example",
    "jobs.lever.example",
    "apply.workable.example",
    "jobs.ashbyhq.example",
]
# How often each skill is asked for: the common ones first.
SKILL_WEIGHTS = [max(1.0, 30.0 / (rank + 1) ** 0.8) for rank in range(len(SKILLS))]


def slugify(text: str) -> str:
    from django.utils.text import slugify as django_slugify

    return django_slugify(text) or "item"


def remote_reach(country: str, job_id: int) -> str:
    """Where a remote listing of the board is open to, by its id (no random draw, so that the
    rest of the board stays as it was): its country, a region around it or the world."""
    from jobs.eligibility import regions

    around = [
        code for code in ("EU", "NORTH_AMERICA", "APAC") if country in regions()[code].countries
    ]
    choices = [country, *around, "WORLDWIDE"]
    return choices[job_id % len(choices)]


def job_columns(cursor) -> dict[str, list]:
    """The columns of jobs_job: is_nullable, column_default, is_identity, is_generated."""
    cursor.execute(
        "SELECT column_name, is_nullable, column_default, is_identity, is_generated "
        "FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'jobs_job'"
    )
    return {name: details for name, *details in cursor}


def fill(listings: int, history_days: int, stdout=sys.stdout) -> dict:
    """Companies, skills and listings through COPY; returns what was written."""
    from django.db import connection, transaction

    from jobs.duplicates import title_key
    from jobs.markup import render_markdown
    from jobs.models import ExchangeRate
    from jobs.pay_transparency import subdivision_of
    from jobs.search import search_text

    rng = random.Random(SEED + history_days)
    now = datetime.now(UTC)
    rates = dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))

    # Companies: names of bench/explain_jobs.py (so that q=nimbus finds some), sizes ranked at
    # random, a home country where most of their listings are.
    names = company_names(COMPANIES)
    rng.shuffle(names)  # names[0] is the largest company
    company_weights = list(
        itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(names)))
    )
    country_weights = [weight for _, weight, _, _ in COUNTRIES]
    company_slugs = [slugify(name) for name in names]
    company_country = [rng.choices(COUNTRIES, country_weights)[0] for _ in names]

    skill_slugs = []
    for name in SKILLS:
        slug = base = slugify(name)
        for number in itertools.count(2):
            if slug not in skill_slugs:
                break
            slug = f"{base}-{number}"
        skill_slugs.append(slug)
    skill_cumulative = list(itertools.accumulate(SKILL_WEIGHTS))

    started = time.perf_counter()
    pool = {
        (title, variant): description(rng, title)
        for title in TITLES
        for variant in range(DESCRIPTION_VARIANTS)
    }
    with connection.cursor() as cursor:
        columns = job_columns(cursor)
    with_html = "description_html" in columns

    job_fields = [
        "id",
        "title",
        "slug",
        "company_id",
        "description",
        "apply_url",
        "apply_email",
        "employment_type",
        "seniority",
        "workplace",
        "city",
        "region",
        "country",
        "salary_min",
        "salary_max",
        "salary_currency",
        "salary_period",
        "salary_min_usd_yearly",
        "salary_max_usd_yearly",
        "survey_title",
        "status",
        "published_at",
        "expires_at",
        "featured_until",
        "created_at",
        "updated_at",
    ]
    if with_html:
        job_fields.append("description_html")
    with_search_text = "search_text" in columns
    if with_search_text:
        job_fields.append("search_text")
    with_eligible = "eligible" in columns  # remote eligibility (jobs.eligibility)
    if with_eligible:
        job_fields.append("eligible")
    with_visible_since = "visible_since" in columns  # what alerts send (Job.visible_since)
    if with_visible_since:
        job_fields.append("visible_since")
    # Possible duplicates' title key, pay-transparency's subdivision, benefits and override.
    with_editor_checks = "title_key" in columns
    if with_editor_checks:
        job_fields.extend(["title_key", "subdivision", "benefits", "pay_rule_override"])
    unfilled = sorted(
        name
        for name, (nullable, default, identity, generated) in columns.items()
        if nullable == "NO"
        and default is None
        and identity != "YES"
        and generated != "ALWAYS"
        and name not in job_fields
    )
    if unfilled:
        raise SystemExit(
            f"jobs_job has NOT NULL columns this fill does not write: {', '.join(unfilled)}. "
            "Add them to bench/load_data.py."
        )
    rendered = {key: render_markdown(text) for key, text in pool.items()} if with_html else {}
    stdout.write(
        f"  {len(pool):,} distinct descriptions"
        + (", rendered once each to description_html" if with_html else "")
        + f" in {time.perf_counter() - started:.1f} s\n"
    )

    sizes = [0] * len(names)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY jobs_company (id, name, slug, website, description, created_at, updated_at) "
            "FROM STDIN"
        ) as copy:
            for number, (name, slug) in enumerate(zip(names, company_slugs, strict=True), 1):
                text = (
                    f"{name} builds {rng.choice(PRODUCTS)} for {rng.choice(DOMAINS)} teams."
                    if rng.random() < 0.9
                    else ""
                )
                copy.write_row((number, name, slug, f"https://www.{slug}.example", text, now, now))
        with raw.copy("COPY jobs_skill (id, name, slug) FROM STDIN") as copy:
            for number, (name, slug) in enumerate(zip(SKILLS, skill_slugs, strict=True), 1):
                copy.write_row((number, name, slug))

        title_slugs: dict[str, str] = {}
        links = io.StringIO()
        with raw.copy(f"COPY jobs_job ({', '.join(job_fields)}) FROM STDIN") as copy:
            for job_id in range(1, listings + 1):
                company = bisect.bisect_left(company_weights, rng.random() * company_weights[-1])
                sizes[company] += 1
                seniority = rng.choices(["EN", "MI", "SE", "EX"], [15, 32, 43, 10])[0]
                base_title = rng.choice(TITLES)
                title = f"{rng.choice(LEVEL_WORDS[seniority])} {base_title}".strip()
                slug = title_slugs.get(title) or title_slugs.setdefault(title, slugify(title))
                employment = rng.choices(["FT", "PT", "CT", "FL", "IN"], [84, 3, 7, 3, 3])[0]
                workplace = rng.choices(["onsite", "hybrid", "remote"], [45, 30, 25])[0]
                if rng.random() < 0.8:
                    country, _, currency, places = company_country[company]
                else:
                    country, _, currency, places = rng.choices(COUNTRIES, country_weights)[0]
                city, region = rng.choice(places) if workplace != "remote" else ("", "")
                salary = salary_columns(rng, seniority, currency, rates)
                published_status = rng.random() < 0.96
                published = now - timedelta(days=rng.uniform(-2, history_days))
                featured = published + timedelta(days=14) if rng.random() < 0.03 else None
                key = (base_title, rng.randrange(DESCRIPTION_VARIANTS))
                host = rng.choice(APPLY_HOSTS)
                row = [
                    job_id,
                    title,
                    slug,
                    company + 1,
                    pool[key],
                    f"https://{host}/{company_slugs[company]}/jobs/{job_id}-{slug}/apply",
                    "",
                    employment,
                    seniority,
                    workplace,
                    city,
                    region,
                    country,
                    *salary,
                    "",
                    "published" if published_status else "draft",
                    published if published_status else None,
                    published + timedelta(days=EXPIRY_DAYS) if published_status else None,
                    featured if published_status else None,
                    published if published_status else now,
                    now,
                ]
                if with_html:
                    row.append(rendered[key])
                chosen: set[int] = set()
                wanted = rng.randint(3, 6)
                while len(chosen) < wanted:
                    chosen.add(
                        bisect.bisect_left(skill_cumulative, rng.random() * skill_cumulative[-1])
                        + 1
                    )
                if with_search_text:
                    skill_names = [SKILLS[skill_id - 1] for skill_id in chosen]
                    row.append(search_text(title, names[company], skill_names))
                if with_eligible:
                    row.append(remote_reach(country, job_id) if workplace == "remote" else "")
                if with_visible_since:
                    row.append(published if published_status else None)
                if with_editor_checks:
                    row.extend(
                        [
                            title_key(title),
                            subdivision_of(country, region),
                            BENEFITS[job_id % len(BENEFITS)] if country == "US" else "",
                            "",
                        ]
                    )
                copy.write_row(row)
                for skill_id in chosen:
                    links.write(f"{job_id}\t{skill_id}\n")
        with raw.copy("COPY jobs_job_skills (job_id, skill_id) FROM STDIN") as copy:
            copy.write(links.getvalue())
        for table in ("jobs_company", "jobs_skill", "jobs_job", "jobs_job_skills"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    biggest = sorted(sizes, reverse=True)
    return {
        "companies": len(names),
        "largest_companies": biggest[:5],
        "companies_with_one_to_ten": sum(1 for size in sizes if 1 <= size <= 10),
        "distinct_descriptions": len(pool),
        "description_html": with_html,
    }


def load_other_pages(stdout=sys.stdout) -> None:
    """The salary survey and the careers demo data (roles, comparisons), no demo listings."""
    from django.core.management import call_command
    from django.db import transaction

    from careers import demo as careers_demo
    from jobs.models import ExchangeRate
    from jobs.salaries.importing import SHIPPED_SURVEY

    if not ExchangeRate.objects.exists():
        raise SystemExit("No exchange rates after migrate (jobs.0002 adds them).")
    call_command("import_salaries", str(SHIPPED_SURVEY), stdout=stdout)
    with transaction.atomic():
        careers_demo.seed(stdout)
    stdout.write("\n")
