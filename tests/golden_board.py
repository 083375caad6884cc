"""A deterministic board of a few thousand listings, for the golden-output test.

Everything is drawn from a seeded random generator and dated relative to a fixed moment, with
explicit primary keys, so that the same board (and the same pages) comes out on SQLite and on
PostgreSQL, before and after a change to how the pages are computed. Listings go through
``Job.apply_defaults()`` (the model's own derived columns) and then ``bulk_create``; their
search text is written once their skills are (``refresh_search_text``).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

# The moment the clock is frozen at while the board is built and its pages are requested.
FROZEN_AT = datetime(2026, 6, 15, 9, 30, tzinfo=UTC)
LISTINGS = 3000
COMPANIES = 120

TITLES = [
    "Data Scientist",
    "Data Engineer",
    "Machine Learning Engineer",
    "Data Analyst",
    "ML Ops Engineer",
    "Research Scientist",
    "AI Engineer",
    "Analytics Engineer",
    "Computer Vision Engineer",
    "NLP Engineer",
    "Data Architect",
    "Business Intelligence Analyst",
    "Deep Learning Engineer",
    "Data Platform Engineer",
    "Head of Data",
    "Director of Machine Learning",
    "Statistician",
    "LLM Engineer",
    "Analytics Manager",
    "Data Engineering Lead",
]
LEVEL_WORDS = {"EN": ["Junior", ""], "MI": [""], "SE": ["Senior", "Lead", "Staff"], "EX": [""]}
SKILLS = [
    "Python",
    "SQL",
    "PyTorch",
    "TensorFlow",
    "Spark",
    "Airflow",
    "dbt",
    "Kubernetes",
    "AWS",
    "GCP",
    "Snowflake",
    "R",
    "Go",
    "Scala",
    "pandas",
    "Hugging Face",
    "MLflow",
    "Tableau",
    "Kafka",
    "JAX",
]
COMPANY_WORDS = ["Nimbus", "Quantum", "Vector", "Tensor", "Orbit", "Cobalt", "Helix", "Lumen"]
COMPANY_KINDS = ["Labs", "AI", "Analytics", "Data", "Robotics"]
PLACES = {
    "US": ("USD", [("San Francisco", "California"), ("New York", "New York"), ("Austin", "")]),
    "DE": ("EUR", [("Berlin", "Berlin"), ("Munich", "Bavaria")]),
    "GB": ("GBP", [("London", "England"), ("Edinburgh", "Scotland")]),
    "IN": ("INR", [("Bengaluru", "Karnataka")]),
    "CA": ("CAD", [("Toronto", "Ontario")]),
    "FR": ("EUR", [("Paris", "Île-de-France")]),
}
COUNTRY_WEIGHTS = {"US": 40, "DE": 12, "GB": 12, "IN": 8, "CA": 6, "FR": 5}
PAY_USD = {"EN": (45_000, 110_000), "MI": (70_000, 170_000), "SE": (110_000, 260_000)}
PAY_USD["EX"] = (160_000, 420_000)
PERIODS = {"year": 1, "month": 12, "hour": 2080}
PARAGRAPHS = [
    "We are a small team that ships models to production every week.",
    "You will own pipelines end to end, from **ingestion** to dashboards, and mentor others.",
    "Our stack is boring on purpose: Python, SQL and a warehouse. See [our blog]"
    "(https://example.com/blog) & our *values*.",
    "Benefits: remote budget, 30 days off, learning stipend; R&D time on Fridays.",
]


def description(rng: random.Random, title: str) -> str:
    paragraphs = rng.sample(PARAGRAPHS, 3)
    bullets = "\n".join(f"- {skill}" for skill in rng.sample(SKILLS, 3))
    return (
        f"## About the role\n\nWe are hiring a {title}.\n\n{paragraphs[0]}\n\n"
        f"## What you bring\n\n{bullets}\n\n{paragraphs[1]}\n\n{paragraphs[2]}"
    )


def build_board() -> None:
    """Companies, skills and listings (ids 1..N), some featured, expired, drafts, scheduled."""
    from jobs.models import Company, ExchangeRate, Job, Skill

    rng = random.Random(20261202)
    now = FROZEN_AT
    rates = dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))
    companies = []
    for number in range(COMPANIES):
        word = COMPANY_WORDS[number % len(COMPANY_WORDS)]
        kind = COMPANY_KINDS[(number // len(COMPANY_WORDS)) % len(COMPANY_KINDS)]
        suffix = number // (len(COMPANY_WORDS) * len(COMPANY_KINDS))
        name = f"{word} {kind}" + (f" {suffix + 1}" if suffix else "")
        companies.append(
            Company(
                pk=number + 1,
                name=name,
                slug=name.lower().replace(" ", "-"),
                website=f"https://{name.lower().replace(' ', '')}.example",
                description=f"{name} builds with data." if number % 3 else "",
            )
        )
    Company.objects.bulk_create(companies)
    skills = [
        Skill(pk=number + 1, name=name, slug=f"skill-{number + 1}")
        for number, name in enumerate(SKILLS)
    ]
    Skill.objects.bulk_create(skills)

    # Skewed companies: the first ones have many listings.
    company_weights = [1 / (rank + 1) for rank in range(COMPANIES)]
    countries = list(COUNTRY_WEIGHTS)
    weights = list(COUNTRY_WEIGHTS.values())
    jobs = []
    links = []
    for number in range(1, LISTINGS + 1):
        seniority = rng.choices(["EN", "MI", "SE", "EX"], [15, 32, 43, 10])[0]
        title = f"{rng.choice(LEVEL_WORDS[seniority])} {rng.choice(TITLES)}".strip()
        workplace = rng.choices(["onsite", "hybrid", "remote"], [45, 30, 25])[0]
        country = rng.choices(countries, weights)[0]
        currency, places = PLACES[country]
        city, region = rng.choice(places) if workplace != "remote" else ("", "")
        job = Job(
            pk=number,
            title=title,
            company_id=rng.choices(range(1, COMPANIES + 1), company_weights)[0],
            description=description(rng, title),
            apply_url=f"https://example.com/apply/{number}",
            employment_type=rng.choices(["FT", "PT", "CT", "FL", "IN"], [84, 3, 7, 3, 3])[0],
            seniority=seniority,
            workplace=workplace,
            city=city,
            region=region,
            country=country,
            salary_period="year",
        )
        if rng.random() < 0.8:
            low, high = PAY_USD[seniority]
            top_usd = rng.uniform(low * 1.2, high)
            period = rng.choices(["year", "month", "hour"], [88, 4, 8])[0]
            money = currency if rng.random() < 0.8 else "USD"
            divisor = Decimal(PERIODS[period]) * rates[money]
            places_kept = 2 if period == "hour" else 0
            job.salary_min = round(Decimal(top_usd * rng.uniform(0.7, 0.95)) / divisor, places_kept)
            job.salary_max = (
                None if rng.random() < 0.15 else round(Decimal(top_usd) / divisor, places_kept)
            )
            job.salary_currency_id = money
            job.salary_period = period
        if rng.random() < 0.1:
            job.survey_title = rng.choice(["Data Engineer", "Data Scientist", "Data Analyst"])
        kind = rng.random()
        if kind < 0.04:
            job.status = Job.Status.DRAFT
        else:
            job.status = Job.Status.PUBLISHED
            # Published over the last 60 days, a few scheduled in the next 3 days; listings
            # expire after 30 days (the default), some sooner or later.
            job.published_at = now - timedelta(
                days=rng.uniform(-3, 60), seconds=rng.randrange(86400)
            )
            if rng.random() < 0.1:
                job.expires_at = job.published_at + timedelta(days=rng.choice([7, 45, 90]))
            if rng.random() < 0.05:
                job.featured_until = job.published_at + timedelta(days=rng.choice([7, 14, 30]))
        if number % 250 == 0:
            # A few listings published at the same second: the order must break the tie.
            job.published_at = jobs[-1].published_at
            job.status = jobs[-1].status
        job.apply_defaults()
        jobs.append(job)
        links.extend(
            Job.skills.through(job_id=number, skill_id=skill)
            for skill in rng.sample(range(1, len(SKILLS) + 1), rng.randint(0, 4))
        )
    Job.objects.bulk_create(jobs, batch_size=500)
    Job.skills.through.objects.bulk_create(links, batch_size=2000)
    # bulk_create sends no signal: the keyword-search text as the skill links make it.
    Job.objects.refresh_search_text()
