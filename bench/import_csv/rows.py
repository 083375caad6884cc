"""The generated CSV: distinct listings with every column the importer accepts, a copy with a
share of them changed, and the file itself."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from bench.import_csv.vocabulary import (
    BENEFITS,
    COLUMNS,
    COMPANY_KINDS,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    COUNTRIES,
    LABELS,
    LEVEL_WORDS,
    PAY_RANGE_COUNTRIES,
    PAY_USD,
    PERIODS,
    RANDOM_SEED,
    RATES,
    SKILLS,
    TEAMS,
    TITLES,
)


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


def salary_cells(
    rng: random.Random, seniority: str, employment: str, currency: str, full_range: bool
) -> list:
    """salary_min, salary_max, currency, period: plausible in the currency's shipped rate;
    now and then no salary or no maximum, unless ``full_range``."""
    if not full_range and rng.random() < 0.15:
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
    if not full_range and rng.random() < 0.15:
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
        full_range = country in PAY_RANGE_COUNTRIES
        row["salary_min"], row["salary_max"], row["currency"], row["period"] = salary_cells(
            rng, seniority, employment, currency, full_range
        )
        row["benefits"] = BENEFITS if full_range or rng.random() < 0.3 else ""
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
