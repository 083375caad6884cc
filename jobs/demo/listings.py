"""Demo companies and listings for ``manage.py seed_demo``.

Over 300 listings across 45 invented companies (their sites are on the reserved ``.example``
domain) in 13 countries, with every seniority, employment type and workplace; salaries in USD,
EUR, GBP, CAD, INR and a few other currencies, yearly, hourly (contract, freelance and part-time
work) and monthly (internships); some without salary, some expired, some drafts, a few
scheduled and eight featured.

What the listings are made of is data, in ``data/`` beside this module (read and checked by
``jobs.demo.datafiles``): the companies, the countries (currency, pay relative to the US,
cities), the survey titles (median pay per level, kind of work), the kinds of work (missions,
duties, skills) and the wording per level and workplace. This module makes the listings from
them.

Titles and pay follow the ai-jobs.net salary survey (``../shared/data/``, snapshot of
2025-01-19, CC0): the medians per title and level and the pay factors per country were derived
from it once, offline, and are written out in the data files so that seeding never reads the
survey. A listing's range is its title's median at its level times its country's factor,
spread from about 0.87 to 1.15 of it, converted at the shipped exchange rate and rounded as
people write salaries. Contract, freelance and part-time listings are paid by the hour at the
same yearly figure over 2,080 hours; internships by the month at half the entry-level figure.

Everything is deterministic (one ``random.Random`` with a fixed seed) except that publication
dates are relative to the day of seeding, so the demo always looks fresh. Records are updated or
created one by one on stable keys (a company by name, a listing by company and slug), through
the ORM so that the yearly USD columns are computed: a second run changes no row counts.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.text import slugify

from core.slugs import available_slug
from jobs import pay_transparency
from jobs.choices import EmploymentType, SalaryPeriod, Seniority, Workplace
from jobs.demo.datafiles import load
from jobs.eligibility import regions
from jobs.models import Company, ExchangeRate, Job, Skill
from jobs.money import PERIODS_PER_YEAR

RANDOM_SEED = 20250119
LISTING_COUNT = 320
FEATURED_COUNT = 8

# Employment types in turn: mostly full time, then the others.
EMPLOYMENT_CYCLE = [EmploymentType.FULL_TIME] * 14 + [
    EmploymentType.CONTRACT,
    EmploymentType.CONTRACT,
    EmploymentType.FREELANCE,
    EmploymentType.PART_TIME,
    EmploymentType.INTERNSHIP,
    EmploymentType.FULL_TIME,
]


def nice_amount(amount: Decimal, period: str) -> Decimal:
    """Round as employers write salaries: 82,000 a year, 4,300 a month, 65 an hour."""
    step = {SalaryPeriod.YEAR: 1000, SalaryPeriod.MONTH: 100, SalaryPeriod.HOUR: 1}[period]
    if amount >= 1_000_000:
        step *= 10
    rounded = (amount / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step
    return max(rounded, Decimal(step))


def salary(rng, data, title, level, country, employment_type, rates):
    """Min, max, currency and period of a listing that follows the survey."""
    currency = data.countries[country].currency
    if currency not in rates:  # an editor removed that rate: pay in dollars instead
        currency = "USD"
    yearly_usd = Decimal(data.titles[title].medians[level]) * data.countries[country].pay_factor
    if employment_type == EmploymentType.INTERNSHIP:
        amount, period = yearly_usd / 2 / 12, SalaryPeriod.MONTH
    elif employment_type in (
        EmploymentType.CONTRACT,
        EmploymentType.FREELANCE,
        EmploymentType.PART_TIME,
    ):
        amount, period = yearly_usd / PERIODS_PER_YEAR[SalaryPeriod.HOUR], SalaryPeriod.HOUR
    else:
        amount, period = yearly_usd, SalaryPeriod.YEAR
    local = amount / rates[currency]
    low = nice_amount(local * Decimal(str(rng.uniform(0.82, 0.92))), period)
    high = nice_amount(local * Decimal(str(rng.uniform(1.08, 1.22))), period)
    if rng.random() < 0.12:  # "from" salaries: a minimum only
        high = None
    return low, high, currency, period


def description(rng, data, company, title, level, family, workplace, city, country_name, skills):
    kind = data.families[family]
    duties = rng.sample(kind.duties, k=min(4, len(kind.duties)))
    requirements = [
        data.levels[level].requirement,
        f"Hands-on experience with {', '.join(skills[:-1])} and {skills[-1]}"
        if len(skills) > 1
        else f"Hands-on experience with {skills[0]}",
        "Clear written English; you explain trade-offs without jargon",
    ]
    where = data.workplace_sentences[workplace].format(city=city, country=country_name)
    return "\n".join(
        [
            f"{company.name}: {company.description[0].lower()}{company.description[1:]} "
            f"We are looking for a **{title}** to {rng.choice(kind.missions)}.",
            "",
            "**What you will do**",
            "",
            *[f"- {duty}" for duty in duties],
            "",
            "**What you bring**",
            "",
            *[f"- {requirement}" for requirement in requirements],
            "",
            f"{where} We publish a salary range for every role and answer every application "
            "within two weeks.",
        ]
    )


def remote_reach(country: str, number: int) -> str:
    """Where the demo's remote listing number ``number`` is open to, in turn: its country
    alone, a region around it (EU, North America, APAC) or the whole world (no random draw:
    the other demo data stays as it was)."""
    around = [
        code for code in ("EU", "NORTH_AMERICA", "APAC") if country in regions()[code].countries
    ]
    choices = ["", *around, "WORLDWIDE"]
    return choices[number % len(choices)]


def skill_named(name: str) -> Skill:
    """The skill of that name in any case, created when missing."""
    skill = Skill.objects.filter(name__iexact=name).first()
    if skill is None:
        skill = Skill.objects.create(name=name, slug=available_slug(Skill, name, 60))
    return skill


def company_records(demo_companies) -> list[Company]:
    companies = []
    for demo in demo_companies:
        slug = slugify(demo.name)
        company, _ = Company.objects.update_or_create(
            name=demo.name,
            defaults={
                "website": f"https://{slug.replace('-', '')}.example",
                "description": demo.description,
            },
            create_defaults={
                "slug": slug,
                "website": f"https://{slug.replace('-', '')}.example",
                "description": demo.description,
            },
        )
        companies.append(company)
    return companies


def comply_with_pay_rules(fields: dict, company: Company, pay, rates, now) -> None:
    """A demo listing that a pay-transparency rule would refuse gets the range it asks for
    (jobs.pay_transparency): the demo data complies, as an editor's would. No random draw, so
    the rest of the demo stays as it was."""
    low, high, currency, period = pay
    for _attempt in range(3):
        job = Job(company=company, **fields)
        job.subdivision = pay_transparency.subdivision_of(job.country, job.region)
        if job.status != Job.Status.PUBLISHED:
            return
        found = pay_transparency.refusals(pay_transparency.findings(job, rates, now=now))
        if not found:
            return
        if fields["salary_min"] is None or fields["salary_max"] is None:
            high = high or nice_amount(low * Decimal("1.2"), period)
        else:  # a range too wide for its rule (Ontario): narrower
            high = nice_amount(fields["salary_min"] * Decimal("1.15"), period)
        fields.update(
            salary_min=low if fields["salary_min"] is None else fields["salary_min"],
            salary_max=high,
            salary_currency_id=currency,
            salary_period=period,
        )
        low = fields["salary_min"]


def listing_plans(rng, data, companies, rates, now):
    """Every demo listing as (company, slug, fields, skill names), deterministic but for now."""
    titles = list(data.titles)
    # Common titles come up more often, as in the survey.
    weights = [max(1, 12 - index // 2) for index in range(len(titles))]
    slugs_taken: set[tuple[int, str]] = set()
    plans = []
    for number in range(LISTING_COUNT):
        company = companies[number % len(companies)]
        demo = data.companies[number % len(data.companies)]
        employment_type = EMPLOYMENT_CYCLE[number % len(EMPLOYMENT_CYCLE)]
        title = rng.choices(titles, weights)[0]
        levels = list(data.titles[title].medians)
        if employment_type == EmploymentType.INTERNSHIP:
            title = rng.choice([t for t in titles if "EN" in data.titles[t].medians])
            level = Seniority.ENTRY
            listing_title = f"{title} Intern"
        else:
            level = Seniority(rng.choice(levels))
            if title.startswith("Head of"):
                listing_title = title
            else:
                listing_title = rng.choice(data.levels[level].titles).format(title=title)
        family = data.titles[title].family

        workplace = rng.choices(
            [Workplace.ONSITE, Workplace.HYBRID, Workplace.REMOTE], [35, 35, 30]
        )[0]
        country = demo.country
        if workplace == Workplace.REMOTE and rng.random() < 0.25:
            country = rng.choice(list(data.countries))  # hiring remotely elsewhere
        city, region = rng.choice(data.countries[country].cities)
        if workplace == Workplace.REMOTE:
            city, region = "", ""

        pay = salary(rng, data, title, level, country, employment_type, rates)
        has_salary = rng.random() >= 0.15
        family_skills = data.families[family].skills
        skill_names = list(
            dict.fromkeys(
                [
                    *data.titles[title].skills,
                    *rng.sample(family_skills, k=min(len(family_skills), rng.randint(3, 5))),
                ]
            )
        )[:6]

        # Publication: mostly in the last four weeks; some expired, drafts and scheduled.
        roll = rng.random()
        days_ago = rng.randint(0, 27)
        hours_ago = rng.randint(0, 23)
        status, published_at, expires_at = Job.Status.PUBLISHED, None, None
        if roll < 0.05:
            status = Job.Status.DRAFT
        elif roll < 0.06:
            published_at = now + timedelta(days=rng.randint(1, 5))  # scheduled
        elif roll < 0.15:
            published_at = now - timedelta(days=rng.randint(35, 80), hours=hours_ago)
            expires_at = published_at + timedelta(days=30)  # expired
        else:
            published_at = now - timedelta(days=days_ago, hours=hours_ago)
            expires_at = published_at + timedelta(days=rng.choice([30, 30, 45, 60]))

        base_slug = slugify(f"{listing_title} {city or 'remote ' + country}")[:180]
        slug, suffix = base_slug, 1
        while (company.pk, slug) in slugs_taken:
            suffix += 1
            slug = f"{base_slug}-{suffix}"
        slugs_taken.add((company.pk, slug))

        domain = company.website.removeprefix("https://")
        by_email = rng.random() < 0.2
        fields = {
            "title": listing_title,
            "survey_title": title,
            "description": description(
                rng,
                data,
                company,
                listing_title,
                level,
                family,
                workplace,
                city,
                data.countries[country].name,
                skill_names,
            ),
            "employment_type": employment_type,
            "seniority": level,
            "workplace": workplace,
            "city": city,
            "region": region,
            "country": country,
            "eligible": remote_reach(country, len(plans)) if workplace == Workplace.REMOTE else "",
            "salary_min": pay[0] if has_salary else None,
            "salary_max": pay[1] if has_salary else None,
            "salary_currency_id": pay[2] if has_salary else None,
            "salary_period": pay[3] if has_salary else SalaryPeriod.YEAR,
            "apply_url": "" if by_email else f"https://{domain}/careers/{slug}",
            "apply_email": f"jobs@{domain}" if by_email else "",
            "status": status,
            "published_at": published_at,
            "expires_at": expires_at,
            "featured_until": None,
        }
        if data.benefits:
            fields["benefits"] = data.benefits[number % len(data.benefits)]
        comply_with_pay_rules(fields, company, pay, rates, now)
        plans.append((company, slug, fields, skill_names))

    # Feature a few visible listings with a salary, spread over the list.
    visible = [
        plan
        for plan in plans
        if plan[2]["status"] == Job.Status.PUBLISHED
        and plan[2]["published_at"] <= now
        and plan[2]["expires_at"] > now + timedelta(days=3)
        and plan[2]["salary_min"] is not None
    ]
    step = len(visible) // FEATURED_COUNT
    for index in range(FEATURED_COUNT):
        visible[index * step][2]["featured_until"] = now + timedelta(days=rng.randint(3, 21))
    return plans


def seed(stdout):
    rng = random.Random(RANDOM_SEED)
    now = timezone.now()
    rates = dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))
    data = load()
    companies = company_records(data.companies)
    skills: dict[str, Skill] = {}
    created = 0
    for company, slug, fields, skill_names in listing_plans(rng, data, companies, rates, now):
        job, was_created = Job.objects.update_or_create(company=company, slug=slug, defaults=fields)
        created += was_created
        for name in skill_names:
            if name not in skills:
                skills[name] = skill_named(name)
        job.skills.set([skills[name] for name in skill_names])
    stdout.write(
        f"Demo listings: {LISTING_COUNT} listings ({created} new) at {len(companies)} companies."
    )
