"""The databases of the load test (bench/load.py): one board of 100,000 listings each.

Run by bench/load.py, once per board, as its own process (Django reads ``DATABASE_URL`` once)::

    .venv/bin/python bench/load_data.py --days 50 --facts /tmp/facts.json \
        --database-url postgres://postgres@127.0.0.1:5432/jb_load_50

It creates the database when missing, applies the migrations, and fills it when it has no
board yet, when its board was built more than a day ago (listings expire 30 days after
publication: an old board drifts away from the shape it was built with), when it was built by
another version of this fill or with other migrations, or when ``--rebuild`` is given. A board
is rebuilt from an empty database (DROP DATABASE, CREATE DATABASE, migrate). Otherwise the
database is reused as it is.

A board: 2,000 companies with Zipf-like sizes (the largest has about 12,000 listings, most
have a few), 70 skills, 100,000 listings published over the last ``--days`` days (96% of them
published, expiring 30 days after publication, 3% featured for 14 days), each with a
Markdown description of a few paragraphs (headings, bullet lists, a link), its own apply URL,
3 to 6 skills, and the titles, countries, currencies and pay levels of bench/explain_jobs.py.
Then the salary survey (``manage.py import_salaries`` with the shipped file), the careers demo
data (roles and comparison articles, no demo listings), and VACUUM ANALYZE. The build time
and what was built are kept in the table ``bench_meta``.

Last, it writes the facts the load test needs as JSON (``--facts``): the counts, the server's
version, and the URLs to request (1,000 visible listings spread evenly over the ids and their
companies, an article, a role, a salary page).
"""

from __future__ import annotations

import argparse
import bisect
import io
import itertools
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.explain_jobs import (  # noqa: E402
    COMPANY_KINDS,
    COMPANY_WORDS,
    COUNTRIES,
    LEVEL_WORDS,
    PAY_USD,
    PERIODS,
    SKILLS,
    TITLES,
    yearly_usd,
)

# Bump when the shape of the fill changes: boards built by another version are rebuilt.
FILL_VERSION = 2
MAX_AGE = timedelta(days=1)
COMPANIES = 2000
# Company sizes: the company of rank r (1, 2, ...) gets a share of the listings proportional
# to 1 / r ** ZIPF_EXPONENT.
ZIPF_EXPONENT = 1.0
# Distinct descriptions: so many variants of each title's text (companies reuse their texts,
# and rendering each distinct one once keeps the fill quick).
DESCRIPTION_VARIANTS = 60
PATHS_SAMPLED = 1000
EXPIRY_DAYS = 30
SEED = 20251202

DOMAINS = [
    "payments",
    "healthcare",
    "logistics",
    "retail",
    "climate",
    "insurance",
    "media",
    "security",
    "mobility",
    "education",
    "energy",
    "agriculture",
]
PRODUCTS = [
    "fraud detection",
    "demand forecasting",
    "search ranking",
    "recommendations",
    "document understanding",
    "medical imaging",
    "route optimisation",
    "dynamic pricing",
    "support automation",
    "risk scoring",
    "speech interfaces",
    "anomaly detection",
]
INTRO = [
    "We build {product} for {domain} companies, and our models run on millions of events a day.",
    "Our {product} platform is used by {domain} teams in more than thirty countries.",
    "We are a team of engineers, scientists and designers who turn messy {domain} data into "
    "decisions people can trust.",
    "Since our first customer we have cared about one thing: {product} that works in "
    "production, not only in a notebook.",
    "Our customers in {domain} rely on us for {product}; the next version is yours to shape.",
    "We are growing fast and profitably, and the data team is at the centre of the product.",
    "You will join a small, senior team with a lot of autonomy and a clear mission.",
    "We publish what we learn: our engineering blog and open-source tools are read widely.",
]
RESPONSIBILITIES = [
    "Design, build and ship **{product}** models from the first prototype to production",
    "Own data pipelines end to end: ingestion, modelling, testing and monitoring",
    "Work with product managers to turn vague questions into measurable ones",
    "Run and read A/B tests, and explain their results to the people who decide",
    "Keep models healthy in production: drift, latency, cost and fairness",
    "Review code and designs, and help your colleagues grow",
    "Improve our feature store and the tooling around training and evaluation",
    "Write clear documentation and short internal reports",
    "Build dashboards that answer the questions the business actually asks",
    "Evaluate new methods and papers, and say honestly when the simple baseline wins",
    "Scale training to more data and more GPUs without scaling the bill",
    "Talk to customers in {domain} to understand what they need next",
    "Mentor junior colleagues and interns",
    "Take part in an on-call rotation for the systems you own (about one week in eight)",
]
REQUIREMENTS = [
    "Experience with {skill} in production",
    "Solid {skill} and {skill2}: you have used both on real projects",
    "Good knowledge of statistics and experiment design",
    "You write clean, tested code and you care about reviews",
    "Comfortable with SQL and with data that does not fit in memory",
    "Experience with cloud platforms and containers",
    "You explain technical trade-offs clearly to non-specialists",
    "A degree in computer science, statistics, physics or a related field, or equivalent "
    "experience",
    "Fluent English; any other language is a plus",
    "Curiosity about {domain} and the people who work in it",
]
NICE_TO_HAVE = [
    "Publications or open-source contributions",
    "Experience with {skill}",
    "You have worked in {domain} before",
    "Experience with real-time systems",
    "You have led a small team or a project with several teams",
]
TEAM = [
    "The team is {size} people across data engineering, machine learning and analytics. We "
    "work in two-week cycles, write design documents before big changes and keep meetings "
    "short.",
    "You will report to our Head of Data and work closely with product and engineering. Most "
    "of our work happens in writing, so that everyone can take part whatever their time zone.",
    "We deploy several times a day. Models go through the same review, testing and rollout "
    "process as any other code, and we measure their impact after launch.",
    "Our stack is mostly {skill} and {skill2}, but we pick tools for the problem, not the "
    "other way round.",
]
BENEFITS = [
    "Competitive salary and equity",
    "Flexible hours and remote-friendly teams",
    "A yearly learning budget of 2,000 USD",
    "Thirty days of paid holiday",
    "Parental leave beyond the legal minimum",
    "A new laptop of your choice",
    "Health insurance for you and your family",
    "Company offsites twice a year",
]
CLOSING = [
    "We welcome applications from people of every background. If you meet most of the "
    "requirements, apply: nobody ticks every box.",
    "The process: a call with a recruiter, a technical conversation, a take-home exercise "
    "of at most three hours, and a final interview with the team.",
    "Questions? Read our [engineering blog](https://engineering.example.com/{slug}) or write "
    "to us; we answer every message.",
]
APPLY_HOSTS = [
    "boards.greenhouse.example",
    "jobs.lever.example",
    "apply.workable.example",
    "jobs.ashbyhq.example",
]
# How often each skill is asked for: the common ones first.
SKILL_WEIGHTS = [max(1.0, 30.0 / (rank + 1) ** 0.8) for rank in range(len(SKILLS))]


def description(rng: random.Random, title: str) -> str:
    """A listing's description: Markdown with headings, bullet lists and 3 to 5 paragraphs."""
    domain = rng.choice(DOMAINS)
    product = rng.choice(PRODUCTS)
    skills = rng.sample(SKILLS, 4)

    def fill(text: str) -> str:
        return text.format(
            domain=domain,
            product=product,
            skill=skills[0],
            skill2=skills[1],
            size=rng.randint(4, 40),
            slug=title.lower().replace(" ", "-"),
        )

    def bullets(pool: list[str], low: int, high: int) -> str:
        return "\n".join(f"- {fill(item)}" for item in rng.sample(pool, rng.randint(low, high)))

    intro = " ".join(fill(sentence) for sentence in rng.sample(INTRO, rng.randint(2, 3)))
    parts = [
        "## About the role",
        f"We are hiring a **{title}**. {intro}",
        "## What you will do",
        bullets(RESPONSIBILITIES, 4, 6),
        "## What we are looking for",
        bullets(REQUIREMENTS, 3, 5),
        fill(rng.choice(TEAM)),
    ]
    if rng.random() < 0.6:
        parts += ["### Nice to have", bullets(NICE_TO_HAVE, 2, 3)]
    parts += ["## What we offer", bullets(BENEFITS, 3, 5)]
    parts += [fill(paragraph) for paragraph in rng.sample(CLOSING, rng.randint(1, 2))]
    return "\n\n".join(parts) + "\n"


def slugify(text: str) -> str:
    from django.utils.text import slugify as django_slugify

    return django_slugify(text) or "item"


def admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def read_meta(url: str) -> dict | None:
    """What the database says about its board, or None (no board or no database)."""
    import psycopg

    with psycopg.connect(admin_url(url), autocommit=True) as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    if not found:
        return None
    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass('bench_meta')").fetchone()[0] is None:
            return None
        cursor = connection.execute("SELECT * FROM bench_meta ORDER BY built_at DESC LIMIT 1")
        row = cursor.fetchone()
        names = [column.name for column in cursor.description]
    return dict(zip(names, row, strict=True)) if row else None


def disk_migrations() -> str:
    """Every migration of the project's code, one "app.name" a line."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return "\n".join(sorted(f"{app}.{name}" for app, name in loader.disk_migrations))


def why_rebuild(meta: dict | None, listings: int, days: int, migrations: str) -> str:
    """Why the board must be built again ("" when it can be reused)."""
    if meta is None:
        return "no board yet"
    age = datetime.now(UTC) - meta["built_at"]
    if age > MAX_AGE:
        return f"built {age.total_seconds() / 3600:.0f} hours ago (more than a day)"
    if (meta["listings"], meta["history_days"]) != (listings, days):
        return f"built with {meta['listings']:,} listings over {meta['history_days']} days"
    if meta["fill_version"] != FILL_VERSION:
        return f"built by fill version {meta['fill_version']} (now {FILL_VERSION})"
    if meta["migrations"] != migrations:
        return "the migrations changed since it was built"
    return ""


def recreate_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = database_name(url)
    assert name.startswith("jb_load_"), f"refusing to drop {name}: not a load-test database"
    with psycopg.connect(admin_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


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

    from jobs.markup import render_markdown
    from jobs.models import ExchangeRate
    from jobs.search import search_text

    rng = random.Random(SEED + history_days)
    now = datetime.now(UTC)
    rates = dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))

    # Companies: names of bench/explain_jobs.py (so that q=nimbus finds some), sizes ranked at
    # random, a home country where most of their listings are.
    names = [
        f"{word} {kind}" + (f" {number}" if number else "")
        for number in range(10)
        for word in COMPANY_WORDS
        for kind in COMPANY_KINDS
    ][:COMPANIES]
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
                salary = [None, None, None, "year", None, None]
                if rng.random() < 0.85:
                    low, high = PAY_USD[seniority]
                    top_usd = rng.uniform(low * 1.2, high)
                    bottom_usd = top_usd * rng.uniform(0.7, 0.95)
                    period = rng.choices(["year", "month", "hour"], [90, 3, 7])[0]
                    money = currency if rng.random() < 0.8 else "USD"
                    rate = rates[money]
                    divisor = Decimal(PERIODS[period]) * rate
                    places_kept = 2 if period == "hour" else 0
                    minimum = round(Decimal(bottom_usd) / divisor, places_kept)
                    maximum = round(Decimal(top_usd) / divisor, places_kept)
                    if rng.random() < 0.15:
                        maximum = None
                    top = maximum if maximum is not None else minimum
                    salary = [
                        minimum,
                        maximum,
                        money,
                        period,
                        yearly_usd(minimum, period, rate),
                        yearly_usd(top, period, rate),
                    ]
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


def write_meta(
    listings: int, days: int, migrations: str, build_seconds: float, details: dict
) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (built_at timestamptz NOT NULL, "
            "listings integer NOT NULL, history_days integer NOT NULL, "
            "fill_version integer NOT NULL, migrations text NOT NULL, "
            "build_seconds double precision NOT NULL, details jsonb NOT NULL)"
        )
        cursor.execute("DELETE FROM bench_meta")
        cursor.execute(
            "INSERT INTO bench_meta VALUES (now(), %s, %s, %s, %s, %s, %s)",
            [listings, days, FILL_VERSION, migrations, build_seconds, json.dumps(details)],
        )


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


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


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--days", type=int, required=True, help="publication history in days")
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="build even when fresh")
    parser.add_argument("--facts", type=Path, required=True, help="where to write the JSON")
    return parser.parse_args()


def main() -> None:
    arguments = parse_arguments()
    url = arguments.database_url
    if not database_name(url).startswith("jb_load_"):
        raise SystemExit("The load test's databases are named jb_load_*.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from config.dotenv import load_development_env

    load_development_env()
    import django

    django.setup()
    from django.core.management import call_command

    migrations = disk_migrations()
    meta = read_meta(url)
    reason = (
        "--rebuild"
        if arguments.rebuild
        else why_rebuild(meta, arguments.listings, arguments.days, migrations)
    )
    name = database_name(url)
    built = None
    if reason:
        print(f"{name}: building ({reason})", flush=True)
        started = time.perf_counter()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        built = fill(arguments.listings, arguments.days)
        print(f"  listings filled in {time.perf_counter() - started:.1f} s", flush=True)
        load_other_pages()
        vacuum_analyze()
        seconds = time.perf_counter() - started
        write_meta(arguments.listings, arguments.days, migrations, seconds, built)
        print(f"  {name} built in {seconds:.0f} s", flush=True)
        meta = read_meta(url)
    else:
        call_command("migrate", verbosity=0)
        age = (datetime.now(UTC) - meta["built_at"]).total_seconds() / 3600
        print(f"{name}: reusing the board built {age:.1f} hours ago", flush=True)
    result = facts()
    result.update(
        database=name,
        history_days=arguments.days,
        built_at=meta["built_at"].isoformat(),
        build_seconds=round(meta["build_seconds"], 1),
        rebuilt=bool(reason),
        **meta["details"],
    )
    arguments.facts.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
