"""How long ``manage.py import_jobs`` takes on PostgreSQL: first import, unchanged and changed.

Generates a realistic CSV file (10,000 listings unless told otherwise: every column the importer
accepts, about 500 companies, 70 skills, salaries in 20 currencies, yearly, monthly and hourly,
drafts and published listings, dates with and without a time or an offset), creates a separate
PostgreSQL database (``jb_import_bench``), migrates it, then times ``manage.py import_jobs`` as
a user runs it (a new process each time, Django's start included):

1. the first import into empty listing tables;
2. the same file again (nothing changed: nothing should be written);
3. a copy of the file where 10% of the rows changed (description, salary, skills, status,
   expiry or the title's case), the rest unchanged.

The three imports are repeated (three times by default, listing tables emptied before each
round) and the medians reported. The result goes to
``bench/results/<date>-<hostname>-import.md``. The database is dropped at the end (keep it
with ``--keep-database``); the script refuses a database whose name does not contain "bench".

Run from the project root::

    .venv/bin/python bench/import_jobs_bench.py
    .venv/bin/python bench/import_jobs_bench.py --rows 10000 --runs 3 \
        --database-url postgres://postgres@127.0.0.1:5432/jb_import_bench
    .venv/bin/python bench/import_jobs_bench.py --csv-only /tmp/listings.csv  # just the file
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlparse

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jb_import_bench"
RANDOM_SEED = 20250119
COLUMNS = [
    "title",
    "company",
    "company_website",
    "description",
    "skills",
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
    "currency",
    "period",
    "status",
    "published_at",
    "expires_at",
    "featured_until",
]


def words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


TITLES = words(
    """Data Scientist, Data Engineer, Machine Learning Engineer, Data Analyst, MLOps Engineer,
    Research Scientist, Applied Scientist, AI Engineer, Analytics Engineer,
    Computer Vision Engineer, NLP Engineer, Data Architect, Business Intelligence Analyst,
    Deep Learning Engineer, AI Research Engineer, Data Platform Engineer, Big Data Engineer,
    Prompt Engineer, Head of Data, Director of Machine Learning, Statistician,
    Quantitative Researcher, Data Product Manager, Robotics Engineer,
    Speech Recognition Engineer, Recommendation Systems Engineer, LLM Engineer,
    Data Quality Engineer, Analytics Manager, Decision Scientist"""
)
LEVEL_WORDS = {"EN": ["Junior", ""], "MI": [""], "SE": ["Senior", "Lead", "Staff"], "EX": [""]}
TEAMS = words(
    """Payments, Search, Ads, Growth, Risk, Platform, Personalization, Forecasting, Supply Chain,
    Fraud, Marketplace, Health, Maps, Safety, Pricing, Infrastructure"""
)
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
    Zenith, Sparrow, Meridian, Kestrel, Larch, Bluefen, Juniper, Osprey, Quarry, Tidal"""
)
COMPANY_KINDS = words("Labs, AI, Analytics, Data, Robotics, Systems, Health, Bank, Insights")
COMPANY_SUFFIXES = ["", " GmbH", " Ltd", " Inc.", " SAS", " BV"]
# Country, weight, local currency, then its places as City/Region.
COUNTRIES = [
    (country, int(weight), currency, [tuple(place.split("/")) for place in places.split(";")])
    for country, weight, currency, places in (
        row.split(" ", 3)
        for row in """\
US 40 USD San Francisco/California;New York/New York;Seattle/Washington;Austin/Texas
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
NO 1 NOK Oslo/Oslo
DK 1 DKK Copenhagen/Capital Region
BR 2 BRL São Paulo/São Paulo
JP 2 JPY Tokyo/Tokyo
IE 2 EUR Dublin/Leinster
IL 1 ILS Tel Aviv/Tel Aviv
MX 1 MXN Mexico City/CDMX
ZA 1 ZAR Cape Town/Western Cape
NZ 1 NZD Auckland/Auckland""".splitlines()
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
# The rates shipped by migration 0002 (USD per unit), used to make plausible salaries; the
# importer converts with the database's own rates.
RATES = {
    "USD": "1",
    "EUR": "1.05",
    "GBP": "1.27",
    "CAD": "0.72",
    "INR": "0.012",
    "AUD": "0.65",
    "CHF": "1.12",
    "JPY": "0.0067",
    "SGD": "0.74",
    "SEK": "0.095",
    "NOK": "0.092",
    "DKK": "0.14",
    "PLN": "0.25",
    "BRL": "0.17",
    "MXN": "0.05",
    "NZD": "0.59",
    "ZAR": "0.055",
    "ILS": "0.28",
}
LABELS = {"FT": "Full Time", "CT": "Contract", "SE": "Senior-level / Expert"}


def company_names(count: int) -> list[str]:
    names = [
        f"{word} {kind}{suffix}"
        for suffix in COMPANY_SUFFIXES
        for word in COMPANY_WORDS
        for kind in COMPANY_KINDS
    ]
    return random.Random(RANDOM_SEED).sample(names, count)


def description(rng: random.Random, title: str, company: str, skills: list[str]) -> str:
    bullets = "\n".join(f"- {skill} in production" for skill in skills[:3]) or "- Curiosity"
    return (
        f"## About the role\n\n{company} is hiring a **{title}** to work on "
        f"{rng.choice(TEAMS).lower()} problems with a small, senior team. You will own "
        f"projects from the first notebook to the service in production.\n\n"
        f"## What you bring\n\n{bullets}\n\n"
        f"We offer {rng.randint(25, 32)} days of holiday, a learning budget and "
        f"[flexible hours](https://example.com/benefits)."
    )


def salary_cells(rng: random.Random, seniority: str, employment: str, currency: str) -> list:
    """salary_min, salary_max, currency, period: plausible in the currency's shipped rate."""
    if rng.random() < 0.15:
        return ["", "", "", ""]
    low, high = PAY_USD[seniority]
    top_usd = rng.uniform(low * 1.2, high)
    bottom_usd = top_usd * rng.uniform(0.7, 0.95)
    if employment in {"CT", "FL", "PT"}:
        period = "hour"
    elif employment == "IN":
        period = "month"
        top_usd, bottom_usd = top_usd / 2, bottom_usd / 2
    else:
        period = "year"
    money = currency if rng.random() < 0.8 else "USD"
    divisor = Decimal(PERIODS[period]) * Decimal(RATES[money])
    places = Decimal("0.01") if period == "hour" else Decimal("1")
    minimum = (Decimal(bottom_usd) / divisor).quantize(places, rounding=ROUND_HALF_UP)
    maximum = (Decimal(top_usd) / divisor).quantize(places, rounding=ROUND_HALF_UP)
    if period == "year" and minimum >= 1000:
        thousand = Decimal(1000)
        minimum = (minimum / thousand).quantize(Decimal(1), rounding=ROUND_HALF_UP) * thousand
        maximum = (maximum / thousand).quantize(Decimal(1), rounding=ROUND_HALF_UP) * thousand
    if rng.random() < 0.15:
        maximum = ""
    # The period column is left empty now and then: "year" by default.
    period_cell = "" if period == "year" and rng.random() < 0.2 else period
    return [
        str(minimum),
        str(maximum),
        money.lower() if rng.random() < 0.05 else money,
        period_cell,
    ]


def moment_cell(rng: random.Random, moment: datetime) -> str:
    """An ISO date, a UTC date and time, or a date and time with an offset."""
    kind = rng.random()
    if kind < 0.4:
        return moment.date().isoformat()
    if kind < 0.8:
        return moment.strftime("%Y-%m-%dT%H:%M")
    offset = timezone(timedelta(hours=rng.choice([-5, 1, 2, 5.5, 9])))
    return moment.astimezone(offset).isoformat(timespec="minutes")


def employment_cell(rng: random.Random, employment: str) -> str:
    """The code, now and then its label, and often nothing for full time (the default)."""
    if employment == "FT" and rng.random() < 0.3:
        return ""
    return LABELS.get(employment, employment) if rng.random() < 0.05 else employment


def generate_rows(count: int, companies: int = 500) -> list[dict[str, str]]:
    """Distinct listings (company, title, country and city differ) with every column."""
    rng = random.Random(RANDOM_SEED)
    names = company_names(companies)
    websites = {
        name: f"https://{name.split()[0].lower()}-{number}.example"
        for number, name in enumerate(names)
    }
    weights = [weight for _, weight, _, _ in COUNTRIES]
    now = datetime(2025, 6, 1, tzinfo=UTC)
    keys: set[tuple] = set()
    rows = []
    while len(rows) < count:
        company = rng.choice(names)
        employment = rng.choices(["FT", "PT", "CT", "FL", "IN"], [84, 3, 7, 3, 3])[0]
        seniority = rng.choices(["EN", "MI", "SE", "EX"], [15, 32, 43, 10])[0]
        if employment == "IN":
            seniority = "EN"
        title = " ".join(
            part for part in (rng.choice(LEVEL_WORDS[seniority]), rng.choice(TITLES)) if part
        )
        if rng.random() < 0.7:
            title += f", {rng.choice(TEAMS)}"
        workplace = rng.choices(["onsite", "hybrid", "remote"], [45, 30, 25])[0]
        country, _, currency, places = rng.choices(COUNTRIES, weights)[0]
        city, region = rng.choice(places) if workplace != "remote" else ("", "")
        key = (company.casefold(), title.casefold(), country, city.casefold())
        if key in keys:
            continue
        keys.add(key)
        skills = rng.sample(SKILLS, rng.randint(0, 6))
        status = "published" if rng.random() < 0.9 else "draft"
        published = now - timedelta(days=rng.uniform(0, 60), minutes=rng.randint(0, 1440))
        expires = published + timedelta(days=rng.choice([30, 45, 60]))
        apply = rng.random()
        slug = title.lower().replace(" ", "-").replace(",", "")
        website = websites[company]
        row = {
            "title": title,
            "company": company,
            "company_website": website if rng.random() < 0.6 else "",
            "description": description(rng, title, company, skills),
            "skills": "; ".join(skills),
            "apply_url": f"{website}/jobs/{slug}" if apply < 0.85 else "",
            "apply_email": f"jobs@{website.removeprefix('https://')}" if apply > 0.7 else "",
            "employment_type": employment_cell(rng, employment),
            "seniority": LABELS.get(seniority, seniority) if rng.random() < 0.05 else seniority,
            "workplace": workplace,
            "city": city,
            "region": region,
            "country": country,
            "status": "" if status == "draft" and rng.random() < 0.5 else status,
            "published_at": moment_cell(rng, published) if status == "published" else "",
            "expires_at": moment_cell(rng, expires)
            if status == "published" and rng.random() < 0.5
            else "",
            "featured_until": moment_cell(rng, published + timedelta(days=14))
            if rng.random() < 0.03
            else "",
        }
        row["salary_min"], row["salary_max"], row["currency"], row["period"] = salary_cells(
            rng, seniority, employment, currency
        )
        rows.append(row)
    return rows


def changed_rows(rows: list[dict[str, str]], share: float) -> tuple[list[dict[str, str]], int]:
    """A copy of the rows where a share of them changed in one way or another."""
    rng = random.Random(RANDOM_SEED + 1)
    changed = [dict(row) for row in rows]
    picked = rng.sample(range(len(rows)), round(len(rows) * share))
    for number, index in enumerate(picked):
        row = changed[index]
        kind = number % 6
        if kind == 0:
            row["description"] += "\n\nUpdated: the team moved to a four-day week."
        elif kind == 1 and row["salary_min"]:
            row["salary_min"] = str(
                (Decimal(row["salary_min"]) * Decimal("1.05")).quantize(Decimal("0.01"))
            )
            if row["salary_max"]:
                row["salary_max"] = str(
                    (Decimal(row["salary_max"]) * Decimal("1.05")).quantize(Decimal("0.01"))
                )
        elif kind == 2:
            skills = [name for name in row["skills"].split("; ") if name][1:]
            skills.append(rng.choice([name for name in SKILLS if name not in skills]))
            row["skills"] = "; ".join(skills)
        elif kind == 3:
            row["status"] = "published" if row["status"] != "published" else "draft"
            if row["status"] == "published" and not row["published_at"]:
                row["published_at"] = "2025-05-20"
        elif kind == 4:
            row["expires_at"] = "2025-09-30"
            if not row["published_at"]:
                row["status"], row["published_at"] = "published", "2025-05-21T08:00"
        else:
            row["title"] = row["title"].upper()  # the same listing (case is ignored)
            row["description"] += "\n\n(Title spelled in capitals.)"
    return changed, len(picked)


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


# -- Database ---------------------------------------------------------------------------------


def server_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def database_name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to use {name!r}: the bench database's name must say bench.")
    return name


def recreate_database(url: str) -> None:
    import psycopg

    name = database_name(url)
    with psycopg.connect(server_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = database_name(url)
    with psycopg.connect(server_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_sql(url: str, sql: str) -> list[tuple]:
    import psycopg

    database_name(url)
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def empty_listing_tables(url: str) -> None:
    run_sql(url, "TRUNCATE jobs_job_skills, jobs_job, jobs_company, jobs_skill CASCADE")
    run_sql(url, "VACUUM ANALYZE")


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}


def migrate(url: str, manage: Path) -> None:
    subprocess.run(
        [sys.executable, str(manage), "migrate", "--noinput", "-v", "0"],
        env=environment(url),
        check=True,
        cwd=manage.parent,
    )


def timed_import(url: str, manage: Path, path: Path) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (user + system, of the command's process, not of the
    database server) of one ``manage.py import_jobs`` run, and its summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(manage), "import_jobs", str(path)],
        env=environment(url),
        cwd=manage.parent,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode:
        raise SystemExit(f"import_jobs failed:\n{done.stderr[-3000:]}")
    summary = " ".join(line for line in done.stdout.splitlines() if line.startswith("Imported"))
    return elapsed, cpu, summary.split(": ", 1)[-1].rstrip(".")


# -- Report -----------------------------------------------------------------------------------


def checkout_version(folder: Path) -> str:
    """The git commit of the checkout that is measured (dirty: with uncommitted changes)."""
    done = subprocess.run(
        ["git", "-C", str(folder), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() if done.returncode == 0 else "not a git checkout"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changed-share", type=float, default=0.10)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_IMPORT_DATABASE_URL") or DEFAULT_DATABASE_URL,
    )
    parser.add_argument(
        "--manage",
        type=Path,
        default=PROJECT / "manage.py",
        help="the manage.py to run (another checkout's, to compare versions)",
    )
    parser.add_argument(
        "--output", type=Path, help="default: bench/results/<date>-<host>-import.md"
    )
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--csv-only", type=Path, help="only write the generated file there")
    return parser.parse_args()


def main() -> None:
    arguments = parse_arguments()
    rows = generate_rows(arguments.rows)
    if arguments.csv_only:
        write_csv(arguments.csv_only, rows)
        print(f"Wrote {len(rows):,} rows to {arguments.csv_only}")
        return
    url = arguments.database_url
    manage = arguments.manage.resolve()
    changed, changed_count = changed_rows(rows, arguments.changed_share)
    timings: dict[str, list[float]] = {"first": [], "unchanged": [], "changed": []}
    cpu_times: dict[str, list[float]] = {"first": [], "unchanged": [], "changed": []}
    loads: list[float] = []
    summaries: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        listings, listings_changed = Path(folder) / "listings.csv", Path(folder) / "changed.csv"
        write_csv(listings, rows)
        write_csv(listings_changed, changed)
        recreate_database(url)
        try:
            migrate(url, PROJECT / "manage.py")
            version = run_sql(url, "SHOW server_version")[0][0]
            for run in range(1, arguments.runs + 1):
                empty_listing_tables(url)
                for kind, path in (
                    ("first", listings),
                    ("unchanged", listings),
                    ("changed", listings_changed),
                ):
                    loads.append(os.getloadavg()[0])
                    seconds, cpu, summaries[kind] = timed_import(url, manage, path)
                    timings[kind].append(seconds)
                    cpu_times[kind].append(cpu)
                    print(
                        f"run {run}: {kind:9} {seconds:7.2f} s, CPU {cpu:6.2f} s, load "
                        f"{loads[-1]:.2f}  ({summaries[kind]})",
                        flush=True,
                    )
            counts = run_sql(
                url,
                "SELECT (SELECT count(*) FROM jobs_job), (SELECT count(*) FROM jobs_company), "
                "(SELECT count(*) FROM jobs_skill), (SELECT count(*) FROM jobs_job_skills)",
            )[0]
        finally:
            if not arguments.keep_database:
                drop_database(url)

    now = datetime.now(UTC)
    host = socket.gethostname()
    output = arguments.output or RESULTS / f"{now:%Y-%m-%d}-{host}-import.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    labels = {
        "first": f"First import ({arguments.rows:,} new listings)",
        "unchanged": "The same file again (nothing changed)",
        "changed": f"{changed_count:,} rows changed ({arguments.changed_share:.0%}), the rest not",
    }
    lines = [
        f"# import_jobs on PostgreSQL: {arguments.rows:,} rows",
        "",
        f"Generated by `bench/import_jobs_bench.py` on {now:%Y-%m-%d %H:%M} UTC, host `{host}`: "
        f"{os.cpu_count()} CPUs shared with other work (load average {min(loads):.1f} to "
        f"{max(loads):.1f} before the imports), PostgreSQL {version}, "
        f"Python {platform.python_version()}, `{manage}` (commit "
        f"{checkout_version(manage.parent)}).",
        "",
        "Each import is a new `manage.py import_jobs FILE.csv` process, Django's start included. "
        f"{arguments.runs} rounds, the listing tables emptied before each. Wall: seconds on the "
        "clock; CPU: user + system seconds of the command's process (not the database "
        "server's), which moves less with the machine's load.",
        "",
        "| import | wall (median) | CPU (median) | wall, each run | command's summary |",
        "|---|---:|---:|---|---|",
    ]
    for kind, label in labels.items():
        runs = ", ".join(f"{seconds:.2f}" for seconds in timings[kind])
        lines.append(
            f"| {label} | {statistics.median(timings[kind]):.2f} s "
            f"| {statistics.median(cpu_times[kind]):.2f} s | {runs} | {summaries[kind]} |"
        )
    lines += [
        "",
        f"At the end: {counts[0]:,} listings, {counts[1]:,} companies, {counts[2]:,} skills, "
        f"{counts[3]:,} listing-skill links.",
        "",
    ]
    output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"Wrote {output}")


if __name__ == "__main__":
    main()
