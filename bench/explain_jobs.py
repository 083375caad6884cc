"""How the job list's queries run on PostgreSQL at 100,000 listings.

Fills a separate PostgreSQL database (``jb_bench`` unless told otherwise) with companies,
skills and listings shaped like a real board (COPY, a few seconds), ANALYZEs it, then requests
/jobs/ with the searches people make and runs ``EXPLAIN (ANALYZE, BUFFERS)`` on every SQL
query the page really sent (captured from the ORM, not written by hand). The plans, the query
counts and the timings go to ``bench/explain_jobs.txt``.

Run from the project root (PostgreSQL with the pg_trgm extension available)::

    .venv/bin/python bench/explain_jobs.py
    .venv/bin/python bench/explain_jobs.py --listings 100000 \
        --database-url postgres://postgres@127.0.0.1:5432/jb_bench

The database is created when missing; its listings, companies and skills are replaced on every
run (two boards, filled one after the other). It never touches the development database.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlparse

PROJECT = Path(__file__).resolve().parent.parent
OUTPUT = PROJECT / "bench" / "explain_jobs.txt"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jb_bench"

# The searches whose queries are explained: (what a job seeker does, the URL).
SEARCHES = [
    ("Default list: no filter, featured first then newest", "/jobs/"),
    ("Keyword q matching a skill", "/jobs/?q=pytorch"),
    ("Keyword q matching titles", "/jobs/?q=vision"),
    ("Keyword q matching a company name", "/jobs/?q=nimbus"),
    ("Two keywords: a skill and a title word", "/jobs/?q=pytorch+engineer"),
    ("Short keyword (whole word): AI in titles, company names and skills", "/jobs/?q=ai"),
    ("Short keyword (whole word): ML in titles", "/jobs/?q=ml"),
    ("Location text (city or region)", "/jobs/?location=munich"),
    ("Seniority + workplace + country", "/jobs/?seniority=SE&workplace=remote&country=DE"),
    ("Salary minimum (USD 250,000 a year)", "/jobs/?salary_min=250000"),
    ("Salary minimum in EUR, salary sort", "/jobs/?salary_min=150000&currency=EUR&sort=salary"),
    (
        "Everything at once",
        "/jobs/?q=engineer&seniority=SE&seniority=EX&employment_type=FT&workplace=remote"
        "&workplace=hybrid&country=US&location=san&salary_min=150000&posted=30",
    ),
    ("A deep page", "/jobs/?workplace=remote&page=40"),
]
TIMING_RUNS = 5
# The same 100,000 listings published over a short or a long past: (days, heading). Listings
# expire 30 days after publication, so the first board has most of them open (the hard case
# for facet counts, which read every open listing) and the second looks like a board that has
# run for a year.
BOARDS = [
    (50, "Board 1: 100,000 listings published over the last 50 days (most of them open)"),
    (400, "Board 2: 100,000 listings published over the last 400 days (a year of history)"),
]


def words(text: str) -> list[str]:
    """A list written as comma-separated text, to keep the tables below short."""
    return [word.strip() for word in text.split(",") if word.strip()]


TITLES = words(
    """Data Scientist, Data Engineer, Machine Learning Engineer, Data Analyst, ML Ops Engineer,
    Research Scientist, Applied Scientist, AI Engineer, Analytics Engineer,
    Computer Vision Engineer, NLP Engineer, Data Architect, Business Intelligence Analyst,
    Deep Learning Engineer, AI Research Engineer, Data Platform Engineer, Big Data Engineer,
    Prompt Engineer, Head of Data, Director of Machine Learning, Statistician,
    Quantitative Researcher, Data Product Manager, Robotics Engineer,
    Speech Recognition Engineer, Recommendation Systems Engineer, LLM Engineer,
    Data Quality Engineer, Analytics Manager, Decision Scientist"""
)
LEVEL_WORDS = {
    "EN": ["Junior", ""],
    "MI": [""],
    "SE": ["Senior", "Lead", "Staff"],
    "EX": ["Principal"],
}
SKILLS = words(
    """Python, SQL, PyTorch, TensorFlow, Spark, Airflow, dbt, Kubernetes, Docker, AWS, GCP,
    Azure, Snowflake, BigQuery, Databricks, Kafka, scikit-learn, pandas, NumPy, R, Scala, Java,
    Go, Rust, C++, JAX, Hugging Face, LangChain, MLflow, Ray, Tableau, Power BI, Looker,
    PostgreSQL, Redis, Elasticsearch, Terraform, Flink, Hadoop, Hive, Keras, XGBoost, LightGBM,
    OpenCV, spaCy, Transformers, CUDA, Triton, ONNX, Vertex AI, SageMaker, Kubeflow, Dagster,
    Prefect, DuckDB, Polars, Statistics, A/B testing, Causal inference, Time series,
    Reinforcement learning, Computer vision, NLP, LLMs, RAG, Vector databases, GraphQL,
    FastAPI, Django, Flask"""
)
COMPANY_WORDS = words(
    """Nimbus, Quantum, Vector, Tensor, Orbit, Cobalt, Helix, Lumen, Nova, Atlas, Pioneer,
    Signal, Beacon, Cascade, Summit, Polar, Crimson, Granite, Aurora, Falcon, Harbor, Ember,
    Zenith, Sparrow, Meridian, Kestrel"""
)
COMPANY_KINDS = words("Labs, AI, Analytics, Data, Robotics, Systems, Health, Bank")
# Country, weight, local currency, then its places as City/Region.
COUNTRIES = [
    (country, int(weight), currency, [tuple(place.split("/")) for place in places.split(";")])
    for country, weight, currency, places in (
        row.split(" ", 3)
        for row in """\
US 40 USD San Francisco/California;New York/New York;Seattle/Washington;San Jose/California
DE 8 EUR Berlin/Berlin;Munich/Bavaria;Hamburg/Hamburg
GB 9 GBP London/England;Cambridge/England;Edinburgh/Scotland
CA 6 CAD Toronto/Ontario;Montreal/Quebec;Vancouver/British Columbia
IN 7 INR Bengaluru/Karnataka;Hyderabad/Telangana;Pune/Maharashtra
FR 4 EUR Paris/Île-de-France;Lyon/Auvergne-Rhône-Alpes
NL 3 EUR Amsterdam/North Holland;Utrecht/Utrecht
ES 3 EUR Madrid/Madrid;Barcelona/Catalonia
PL 2 PLN Warsaw/Masovia;Kraków/Lesser Poland
CH 2 CHF Zurich/Zurich;Geneva/Geneva
AU 2 AUD Sydney/New South Wales;Melbourne/Victoria
SG 2 SGD Singapore/
SE 2 SEK Stockholm/Stockholm
BR 2 BRL São Paulo/São Paulo
JP 2 JPY Tokyo/Tokyo
IE 2 EUR Dublin/Leinster
PT 1 EUR Lisbon/Lisbon
IL 1 ILS Tel Aviv/Tel Aviv
MX 1 MXN Mexico City/CDMX
ZA 1 ZAR Cape Town/Western Cape""".splitlines()
    )
]
# Yearly USD pay by seniority: the lowest minimum and the highest maximum.
PAY_USD = {
    "EN": (45_000, 110_000),
    "MI": (70_000, 170_000),
    "SE": (110_000, 260_000),
    "EX": (160_000, 420_000),
}
PERIODS = {"year": 1, "month": 12, "hour": 2080}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    return parser.parse_args()


def ensure_database(url: str) -> None:
    """Create the bench database on its server when it does not exist yet."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def set_up_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(PROJECT))
    from config.dotenv import load_development_env

    load_development_env()
    import django

    django.setup()


def yearly_usd(amount: Decimal, period: str, rate: Decimal) -> Decimal:
    return (amount * PERIODS[period] * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fill(listings: int, history_days: int) -> None:
    """Companies, skills and listings through COPY, with the yearly USD columns computed."""
    from django.db import connection

    from jobs.models import ExchangeRate

    rng = random.Random(20250119)
    now = datetime.now(UTC)
    rates = dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))
    companies = [
        f"{word} {kind}" + (f" {number}" if number else "")
        for number in range(10)
        for word in COMPANY_WORDS
        for kind in COMPANY_KINDS
    ][:2000]
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


def explain_search(client, url: str) -> tuple[list[dict], list[float], int]:
    """Request the page, capture its SQL, time it, and EXPLAIN ANALYZE every query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200  # warm the caches
    timings = []
    for _ in range(TIMING_RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    explained = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            explained.append({"sql": query["sql"], "plan": plan})
    return explained, timings, len(response.context["jobs"])


def query_role(sql: str) -> str:
    """What a captured query is for, in the page's own words."""
    if "jobs_exchangerate" in sql:
        return "exchange rates (currency options and conversion)"
    if "_prefetch_related_val_job_id" in sql:
        return "skills of the listings on the page"
    if sql.startswith('SELECT "jobs_job"."seniority" AS "seniority", "jobs_job"."employment_type"'):
        return "facet counts and result count (one grouped query)"
    if "LIMIT" in sql:
        return "the page of listings with their companies"
    return sql[:60] + "…"


def explain_board(client, heading: str) -> tuple[list[str], list[str]]:
    """The summary lines and the full plans of every search on the board now in the database."""
    from jobs.models import Job

    visible = Job.objects.visible().count()
    summary = [
        "",
        heading,
        "-" * len(heading),
        f"Listings: {Job.objects.count():,} ({visible:,} visible), "
        f"companies: {Job.objects.values('company').distinct().count():,}, "
        f"listing-skill links: {Job.skills.through.objects.count():,}.",
    ]
    plans = [f"\n\n{'=' * 100}\n{heading}\n{'=' * 100}"]
    for title, url in SEARCHES:
        explained, timings, shown = explain_search(client, url)
        summary.append(
            f"{title}\n    {url}\n    {len(explained)} queries, "
            f"page {statistics.median(timings):.0f} ms, {shown} cards"
        )
        plans.append(f"\n\n{'#' * 100}\n# {title}\n# {url}\n{'#' * 100}")
        for number, query in enumerate(explained, 1):
            execution = float(query["plan"].rsplit("Execution Time: ", 1)[1].split()[0])
            index_pattern = r"(?:Index Scan|Index Only Scan) (?:Backward )?(?:using|on) (\w+)"
            indexes = sorted(set(re.findall(index_pattern, query["plan"])))
            scans = sorted(set(re.findall(r"Seq Scan on (\w+)", query["plan"])))
            summary.append(
                f"      {number}. {execution:6.1f} ms  {query_role(query['sql'])}\n"
                f"                 indexes: {', '.join(indexes) or '-'}\n"
                f"                 sequential scans: {', '.join(scans) or '-'}"
            )
            plans.append(f"\n-- Query {number}: {query_role(query['sql'])}\n{query['sql']}")
            plans.append(f"\n{query['plan']}")
    return summary, plans


def trigram_index_check() -> list[str]:
    """Whether each trigram index matches the SQL Django writes for the keyword filters.

    On small tables (2,000 companies, 70 skills) PostgreSQL rightly reads the table instead
    of an index, so the searches above cannot show every trigram index at work. Here the ORM's
    own queries (``icontains``, and a keyword's test of the search text, anywhere and as a whole
    short word) are planned with
    sequential and plain index scans disabled: an index whose expression did not match the
    query could still not be used.
    """
    from django.db import connection, transaction

    from jobs.models import Company, Job, Skill
    from jobs.search.keywords import keyword_condition

    checks = [
        (
            f"{model.__name__}.{field}__icontains",
            model.objects.filter(**{f"{field}__icontains": "data"}),
            index,
        )
        for model, field, index in [
            (Job, "title", "job_title_trgm"),
            (Job, "city", "job_city_trgm"),
            (Job, "region", "job_region_trgm"),
            (Company, "name", "company_name_trgm"),
            (Skill, "name", "skill_name_trgm"),
        ]
    ]
    checks += [
        (f"keyword {word}", Job.objects.filter(keyword_condition(word)), "job_search_trgm")
        for word in ("pytorch", "ai")
    ]
    heading = "Trigram indexes against the SQL of the keyword filters (only bitmap scans allowed)"
    lines = ["", heading, "-" * len(heading)]
    for label, queryset, index in checks:
        sql, params = queryset.values("pk").query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            # A GIN index is read through a bitmap scan: leave the planner nothing else.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        verdict = "used" if index in plan else "NOT USED"
        condition = re.search(r"Index Cond: (.*)", plan)
        lines.append(
            f"{index:20} {verdict:9} {label} -> "
            f"{condition.group(1) if condition else plan.splitlines()[0]}"
        )
    return lines


def main() -> None:
    arguments = parse_arguments()
    ensure_database(arguments.database_url)
    set_up_django(arguments.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    setup_test_environment()
    client = Client()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    summary = [
        "EXPLAIN (ANALYZE, BUFFERS) of the SQL the job list really sends",
        "=" * 64,
        f"Generated by bench/explain_jobs.py on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        version,
        f"Page time: median of {TIMING_RUNS} requests through the Django test client, "
        "rendering included, after one warm-up request. Load average at the start: "
        f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs, on a machine shared with other "
        "work: timings move with the load, the plans do not.",
        "Each query: its execution time, the indexes its plan uses and the tables it reads "
        "sequentially. The full plans follow the summary.",
    ]
    plans: list[str] = []
    for history_days, heading in BOARDS:
        started = time.perf_counter()
        fill(arguments.listings, history_days)
        print(f"Filled {arguments.listings:,} listings in {time.perf_counter() - started:.1f} s")
        board_summary, board_plans = explain_board(client, heading)
        summary += board_summary
        plans += board_plans
    summary += trigram_index_check()
    arguments.output.write_text("\n".join(summary + plans) + "\n", encoding="utf-8")
    print("\n".join(summary))
    print(f"Wrote {arguments.output}")


if __name__ == "__main__":
    main()
