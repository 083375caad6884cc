"""Demo companies and listings for ``manage.py seed_demo``.

Over 300 listings across 45 invented companies (their sites are on the reserved ``.example``
domain) in 13 countries, with every seniority, employment type and workplace; salaries in USD,
EUR, GBP, CAD, INR and a few other currencies, yearly, hourly (contract, freelance and part-time
work) and monthly (internships); some without salary, some expired, some drafts, a few
scheduled and eight featured.

Titles and pay follow the ai-jobs.net salary survey (``../shared/data/``, snapshot of
2025-01-19, CC0). The two tables below were derived from it once, offline, and are written out
here so that seeding never reads the survey:

- ``SURVEY_MEDIANS``: for 31 common AI and data titles, the median ``salary_in_usd`` per
  experience level, over the levels with at least 10 reports (a listing is only made at those).
- ``COUNTRY_PAY_FACTORS``: per company country, the median over its reports of
  ``salary_in_usd`` divided by the US median of the same experience level (US medians: EN
  95,776, MI 136,400, SE 166,600, EX 200,000), so that a Senior role in Spain pays about a third
  of one in the US, as the survey says.

A listing's range is its title's median at its level times its country's factor, spread from
about 0.87 to 1.15 of it, converted at the shipped exchange rate and rounded as people write
salaries. Contract, freelance and part-time listings are paid by the hour at the same yearly
figure over 2,080 hours; internships by the month at half the entry-level figure.

Everything is deterministic (one ``random.Random`` with a fixed seed) except that publication
dates are relative to the day of seeding, so the demo always looks fresh. Records are updated or
created one by one on stable keys (a company by name, a listing by company and slug), through
the ORM so that the yearly USD columns are computed: a second run changes no row counts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.text import slugify

from core.slugs import slug_of
from jobs.models import (
    Company,
    EmploymentType,
    ExchangeRate,
    Job,
    SalaryPeriod,
    Seniority,
    Skill,
    Workplace,
)

RANDOM_SEED = 20250119
LISTING_COUNT = 320
FEATURED_COUNT = 8

# Median salary_in_usd by title and experience level (levels with at least 10 reports).
SURVEY_MEDIANS = {
    "Data Scientist": {"EN": 95800, "MI": 130500, "SE": 160000, "EX": 200000},
    "Data Engineer": {"EN": 86600, "MI": 120000, "SE": 152100, "EX": 196200},
    "Machine Learning Engineer": {"EN": 138450, "MI": 163450, "SE": 198600, "EX": 215200},
    "Data Analyst": {"EN": 81500, "MI": 92140, "SE": 120000, "EX": 105000},
    "Research Scientist": {"EN": 167030, "MI": 173000, "SE": 199800},
    "Applied Scientist": {"EN": 144050, "MI": 170000, "SE": 160000},
    "Analytics Engineer": {"EN": 100000, "MI": 130000, "SE": 154688, "EX": 200000},
    "Data Architect": {"MI": 140000, "SE": 155000, "EX": 185000},
    "Research Engineer": {"EN": 145000, "MI": 173000, "SE": 189750},
    "AI Engineer": {"EN": 57146, "MI": 138500, "SE": 170000, "EX": 200035},
    "Business Intelligence Engineer": {"EN": 74100, "MI": 94550, "SE": 130000},
    "Machine Learning Researcher": {"MI": 173250, "SE": 160000},
    "Machine Learning Scientist": {"EN": 137750, "MI": 151500, "SE": 169000},
    "Data Product Manager": {"MI": 141750, "SE": 165060},
    "Head of Data": {"SE": 170095, "EX": 230000},
    "MLOps Engineer": {"MI": 134000, "SE": 170000},
    "Computer Vision Engineer": {"MI": 140670, "SE": 189500},
    "Business Intelligence Analyst": {"EN": 90000, "MI": 110679, "SE": 119946},
    "Data Manager": {"EN": 81450, "MI": 83177, "SE": 115000, "EX": 132988},
    "Prompt Engineer": {"MI": 200800, "SE": 164492},
    "AI Architect": {"SE": 195000},
    "Decision Scientist": {"MI": 138550, "SE": 145000},
    "Data Governance Analyst": {"EN": 95500, "MI": 112500, "SE": 147275},
    "Data Quality Analyst": {"EN": 80000, "MI": 70000, "SE": 109278},
    "Machine Learning Infrastructure Engineer": {"MI": 171150, "SE": 171600},
    "AI Product Manager": {"MI": 203750},
    "Data Analytics Manager": {"MI": 130000, "SE": 145000},
    "Data Modeler": {"MI": 110368, "SE": 137025},
    "Data Operations Engineer": {"MI": 100000, "SE": 138726},
    "Statistician": {"MI": 85800, "SE": 150000},
    "Quantitative Researcher": {"MI": 160000},
}

# Pay in a country relative to the US at the same experience level (survey company_location).
COUNTRY_PAY_FACTORS = {
    "US": Decimal("1.00"),  # 67,062 reports
    "CA": Decimal("0.83"),  # 2,563
    "GB": Decimal("0.53"),  # 2,177
    "DE": Decimal("0.65"),  # 234
    "FR": Decimal("0.53"),  # 186
    "NL": Decimal("0.54"),  # 144
    "ES": Decimal("0.33"),  # 184
    "IE": Decimal("0.60"),  # 71
    "IN": Decimal("0.24"),  # 122
    "AU": Decimal("0.85"),  # 244
    "CH": Decimal("0.88"),  # 37
    "PL": Decimal("0.43"),  # 69
    "PT": Decimal("0.36"),  # 39
}

CURRENCY_OF_COUNTRY = {
    "US": "USD",
    "CA": "CAD",
    "GB": "GBP",
    "DE": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "ES": "EUR",
    "IE": "EUR",
    "PT": "EUR",
    "IN": "INR",
    "AU": "AUD",
    "CH": "CHF",
    "PL": "PLN",
}

# How a remote listing's description names the country where applicants must live.
COUNTRY_NAMES = {
    "US": "the United States",
    "CA": "Canada",
    "GB": "the United Kingdom",
    "DE": "Germany",
    "FR": "France",
    "NL": "the Netherlands",
    "ES": "Spain",
    "IE": "Ireland",
    "IN": "India",
    "AU": "Australia",
    "CH": "Switzerland",
    "PL": "Poland",
    "PT": "Portugal",
}

# Cities where companies hire: (city, region), by country.
CITIES = {
    "US": [
        ("San Francisco", "California"),
        ("New York", "New York"),
        ("Seattle", "Washington"),
        ("Austin", "Texas"),
        ("Boston", "Massachusetts"),
        ("Chicago", "Illinois"),
    ],
    "CA": [("Toronto", "Ontario"), ("Montreal", "Quebec"), ("Vancouver", "British Columbia")],
    "GB": [("London", "England"), ("Manchester", "England"), ("Edinburgh", "Scotland")],
    "DE": [("Berlin", "Berlin"), ("Munich", "Bavaria"), ("Hamburg", "Hamburg")],
    "FR": [("Paris", "Île-de-France"), ("Lyon", "Auvergne-Rhône-Alpes")],
    "NL": [("Amsterdam", "North Holland"), ("Rotterdam", "South Holland")],
    "ES": [("Madrid", "Madrid"), ("Barcelona", "Catalonia")],
    "IE": [("Dublin", "Leinster"), ("Cork", "Munster")],
    "IN": [("Bengaluru", "Karnataka"), ("Hyderabad", "Telangana"), ("Pune", "Maharashtra")],
    "AU": [("Sydney", "New South Wales"), ("Melbourne", "Victoria")],
    "CH": [("Zurich", "Zurich"), ("Basel", "Basel-Stadt")],
    "PL": [("Warsaw", "Masovia"), ("Kraków", "Lesser Poland")],
    "PT": [("Lisbon", "Lisbon"), ("Porto", "Porto")],
}


@dataclass(frozen=True)
class DemoCompany:
    name: str
    country: str
    description: str


# Invented companies: names made up for the demo, sites on the reserved .example domain.
COMPANIES = [
    DemoCompany("Larchfield Data", "US", "Analytics for regional grocers and their suppliers."),
    DemoCompany("Bluefen Labs", "GB", "An applied machine learning studio for public services."),
    DemoCompany("Quillmetric", "IN", "Pricing intelligence for online marketplaces."),
    DemoCompany("Tessellon AI", "US", "Evaluation and monitoring tools for language models."),
    DemoCompany("Marrowind Health", "US", "Clinical data platforms for hospital networks."),
    DemoCompany("Kestrelwave Robotics", "DE", "Vision-guided robots for warehouse picking."),
    DemoCompany("Pinecask Finance", "GB", "Credit risk models for small-business lenders."),
    DemoCompany("Brightsedge Retail", "US", "Demand forecasting for fashion and home retailers."),
    DemoCompany("Veloran Mobility", "DE", "Routing and fleet data for shared e-bikes and vans."),
    DemoCompany("Cobaltine Energy", "CA", "Forecasts of wind and solar output for grid operators."),
    DemoCompany("Saltmarsh Genomics", "GB", "Sequencing analysis pipelines for research labs."),
    DemoCompany("Ferrovane Logistics", "NL", "Port and rail freight planning software."),
    DemoCompany("Lumenfold Vision", "CA", "Camera-based quality inspection for factories."),
    DemoCompany("Driftglass Media", "ES", "Recommendation systems for streaming services."),
    DemoCompany("Northquill Bank", "CA", "A digital bank for freelancers and small firms."),
    DemoCompany("Amberlyne Games", "FR", "Mobile games with player analytics at their core."),
    DemoCompany("Silverbirch Learning", "IE", "Adaptive practice software for schools."),
    DemoCompany("Copperkite Payments", "GB", "Fraud detection for card and bank payments."),
    DemoCompany("Greywater Climate", "US", "Flood and drought risk models for insurers."),
    DemoCompany("Mossgrove Biotech", "CH", "Protein design with machine learning."),
    DemoCompany("Wrenfield Security", "US", "Threat detection on network and cloud logs."),
    DemoCompany("Quorvane Search", "NL", "Search and ranking for e-commerce catalogues."),
    DemoCompany("Velmora Insurance", "FR", "Home and car insurance priced with telematics."),
    DemoCompany("Harrowgate Freight Analytics", "US", "Trucking capacity and price forecasts."),
    DemoCompany("Susurra Speech", "FR", "Speech recognition for call centres in 20 languages."),
    DemoCompany("Tallowmere Foods", "ES", "A food producer modernising its supply chain data."),
    DemoCompany("Brackenlight Telecom", "PL", "Network planning and churn models for carriers."),
    DemoCompany("Cindervale Manufacturing", "DE", "Predictive maintenance for machine tools."),
    DemoCompany("Halcyra Travel", "PT", "Hotel and flight search with dynamic pricing."),
    DemoCompany("Juniperlock Cyber", "IN", "Identity and access analytics for enterprises."),
    DemoCompany("Mirelune Commerce", "IN", "Catalogue and logistics software for online shops."),
    DemoCompany("Oakhollow Civic Data", "US", "Open data tools for city governments."),
    DemoCompany("Plumbrook Property", "AU", "Valuation models for residential property."),
    DemoCompany("Rookwell Sports Analytics", "AU", "Tracking data and insights for sports clubs."),
    DemoCompany("Sablefin Maritime", "NL", "Vessel tracking and emissions reporting."),
    DemoCompany("Thistledown Legal AI", "GB", "Contract review assistants for law firms."),
    DemoCompany("Umberline Semiconductors", "US", "Chip design verification with ML."),
    DemoCompany("Vireoscope Ecology", "CA", "Biodiversity monitoring from audio and images."),
    DemoCompany("Wyvernstack Cloud", "IE", "Managed data platforms for mid-size companies."),
    DemoCompany("Yarrowby Health", "IN", "Telemedicine with triage models for rural clinics."),
    DemoCompany("Zephyrine Aerospace", "FR", "Flight data analysis for airlines and MROs."),
    DemoCompany("Emberquay Markets", "US", "Quantitative trading research and execution."),
    DemoCompany("Foxglen Learning", "US", "Online courses in data and AI for working adults."),
    DemoCompany("Grainmoor Agritech", "CA", "Crop yield models from satellite and soil data."),
    DemoCompany("Hollowpeak Pharma", "CH", "Clinical trial analytics for drug development."),
]

# What kind of work a title is: it picks the description and the skills.
FAMILY_OF_TITLE = {
    "Data Scientist": "science",
    "Applied Scientist": "science",
    "Decision Scientist": "science",
    "Machine Learning Scientist": "science",
    "Statistician": "science",
    "Quantitative Researcher": "science",
    "Machine Learning Engineer": "ml",
    "AI Engineer": "ml",
    "MLOps Engineer": "ml",
    "Computer Vision Engineer": "ml",
    "Machine Learning Infrastructure Engineer": "ml",
    "Prompt Engineer": "ml",
    "Research Engineer": "research",
    "Research Scientist": "research",
    "Machine Learning Researcher": "research",
    "Data Engineer": "engineering",
    "Analytics Engineer": "engineering",
    "Data Architect": "engineering",
    "Data Modeler": "engineering",
    "Data Operations Engineer": "engineering",
    "Data Analyst": "analytics",
    "Business Intelligence Engineer": "analytics",
    "Business Intelligence Analyst": "analytics",
    "Data Quality Analyst": "analytics",
    "Data Governance Analyst": "analytics",
    "Head of Data": "leadership",
    "Data Manager": "leadership",
    "Data Analytics Manager": "leadership",
    "Data Product Manager": "leadership",
    "AI Product Manager": "leadership",
    "AI Architect": "leadership",
}

SKILLS = {
    "science": [
        "Python",
        "SQL",
        "pandas",
        "scikit-learn",
        "Statistics",
        "A/B Testing",
        "R",
        "XGBoost",
        "Causal Inference",
        "Forecasting",
    ],
    "ml": [
        "Python",
        "PyTorch",
        "TensorFlow",
        "Kubernetes",
        "Docker",
        "MLflow",
        "AWS",
        "GCP",
        "LLMs",
        "Ray",
    ],
    "research": ["PyTorch", "JAX", "Python", "LLMs", "Reinforcement Learning", "NLP", "CUDA"],
    "engineering": [
        "SQL",
        "Spark",
        "dbt",
        "Airflow",
        "Kafka",
        "Snowflake",
        "BigQuery",
        "Databricks",
        "Python",
        "Terraform",
        "Scala",
    ],
    "analytics": ["SQL", "Tableau", "Power BI", "Looker", "Excel", "Python", "dbt", "Statistics"],
    "leadership": [
        "Product Management",
        "Stakeholder Management",
        "SQL",
        "Data Governance",
        "LLMs",
        "Python",
    ],
}
# Skills a title always asks for, beside its family's.
TITLE_SKILLS = {
    "Computer Vision Engineer": ["Computer Vision", "OpenCV"],
    "MLOps Engineer": ["MLflow", "Kubernetes"],
    "Prompt Engineer": ["LLMs", "LangChain"],
    "Statistician": ["R", "Statistics"],
    "Quantitative Researcher": ["Python", "Time Series"],
    "Data Architect": ["Data Modeling", "Snowflake"],
    "Data Modeler": ["Data Modeling", "SQL"],
    "Data Governance Analyst": ["Data Governance"],
    "Data Quality Analyst": ["Great Expectations", "SQL"],
    "Machine Learning Infrastructure Engineer": ["Kubernetes", "CUDA"],
}

MISSIONS = {
    "science": [
        "turn messy business questions into models and experiments people trust",
        "build the forecasting and experimentation work behind our biggest decisions",
        "measure what our product changes really do, and model what to do next",
    ],
    "ml": [
        "take models from notebooks to reliable, monitored services",
        "build the machine learning systems at the heart of our product",
        "make our models faster, cheaper to run and easier to ship",
    ],
    "research": [
        "push the state of the art on problems our customers actually have",
        "explore new model architectures and turn the best ideas into products",
    ],
    "engineering": [
        "build the pipelines and models every team's numbers come from",
        "own the data platform that our analysts and scientists stand on",
        "make our data correct, documented and on time",
    ],
    "analytics": [
        "give every team the numbers and dashboards they need to decide",
        "find what the data says about our customers and explain it clearly",
    ],
    "leadership": [
        "lead the people and the roadmap of our data work",
        "decide what we build with data and AI, and why",
    ],
}
DUTIES = {
    "science": [
        "Design, run and read A/B tests with product teams",
        "Build forecasting and classification models and explain them to non-specialists",
        "Find the questions worth answering in our data, then answer them",
        "Write clean, reviewed Python and SQL that others can rerun",
        "Present findings to leadership in plain words",
    ],
    "ml": [
        "Train, evaluate and deploy models to production",
        "Build feature pipelines and model monitoring",
        "Improve latency and cost of inference",
        "Set up CI/CD for models, with reproducible training runs",
        "Work with product engineers on the APIs that serve predictions",
    ],
    "research": [
        "Read, reproduce and extend recent papers",
        "Run large-scale training experiments on our GPU cluster",
        "Publish at top venues when it makes sense",
        "Turn prototypes into code the engineering team can ship",
    ],
    "engineering": [
        "Build batch and streaming pipelines",
        "Model data in the warehouse with tests and documentation",
        "Own data quality checks and alerting",
        "Keep infrastructure as code and costs under control",
        "Help analysts and scientists get the data they need",
    ],
    "analytics": [
        "Build and maintain dashboards the business relies on",
        "Define metrics with stakeholders and keep them consistent",
        "Dig into the numbers behind unexpected changes",
        "Write SQL that is easy to read and review",
    ],
    "leadership": [
        "Hire, grow and support a team of data professionals",
        "Set the roadmap with product and engineering leads",
        "Own budgets, vendors and data governance",
        "Report on impact to the executive team",
    ],
}
REQUIREMENTS = {
    Seniority.ENTRY: "A degree in a quantitative field, or projects that show the same skills",
    Seniority.MID: "Two or more years of professional experience in a similar role",
    Seniority.SENIOR: "Five or more years of experience, and examples of work you led end to end",
    Seniority.EXECUTIVE: "Experience leading teams and setting technical direction",
}
WORKPLACE_SENTENCES = {
    Workplace.ONSITE: "You will work from our {city} office with the team.",
    Workplace.HYBRID: "Hybrid: two or three days a week in our {city} office.",
    Workplace.REMOTE: "Fully remote: you must live in {country} and be able to work its hours.",
}

LEVEL_TITLES = {
    Seniority.ENTRY: ["Junior {title}", "{title}", "Associate {title}"],
    Seniority.MID: ["{title}", "{title}", "{title} II"],
    Seniority.SENIOR: ["Senior {title}", "Senior {title}", "Staff {title}"],
    Seniority.EXECUTIVE: ["Principal {title}", "Lead {title}"],
}
# Employment types in turn: mostly full time, then the others.
EMPLOYMENT_CYCLE = [EmploymentType.FULL_TIME] * 14 + [
    EmploymentType.CONTRACT,
    EmploymentType.CONTRACT,
    EmploymentType.FREELANCE,
    EmploymentType.PART_TIME,
    EmploymentType.INTERNSHIP,
    EmploymentType.FULL_TIME,
]
HOURS_PER_YEAR = 2080


def nice_amount(amount: Decimal, period: str) -> Decimal:
    """Round as employers write salaries: 82,000 a year, 4,300 a month, 65 an hour."""
    step = {SalaryPeriod.YEAR: 1000, SalaryPeriod.MONTH: 100, SalaryPeriod.HOUR: 1}[period]
    if amount >= 1_000_000:
        step *= 10
    rounded = (amount / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step
    return max(rounded, Decimal(step))


def salary(rng, title, level, country, employment_type, rates):
    """Min, max, currency and period of a listing that follows the survey."""
    currency = CURRENCY_OF_COUNTRY[country]
    if currency not in rates:  # an editor removed that rate: pay in dollars instead
        currency = "USD"
    yearly_usd = Decimal(SURVEY_MEDIANS[title][level]) * COUNTRY_PAY_FACTORS[country]
    if employment_type == EmploymentType.INTERNSHIP:
        amount, period = yearly_usd / 2 / 12, SalaryPeriod.MONTH
    elif employment_type in (
        EmploymentType.CONTRACT,
        EmploymentType.FREELANCE,
        EmploymentType.PART_TIME,
    ):
        amount, period = yearly_usd / HOURS_PER_YEAR, SalaryPeriod.HOUR
    else:
        amount, period = yearly_usd, SalaryPeriod.YEAR
    local = amount / rates[currency]
    low = nice_amount(local * Decimal(str(rng.uniform(0.82, 0.92))), period)
    high = nice_amount(local * Decimal(str(rng.uniform(1.08, 1.22))), period)
    if rng.random() < 0.12:  # "from" salaries: a minimum only
        high = None
    return low, high, currency, period


def description(rng, company, title, level, family, workplace, city, country_name, skills):
    duties = rng.sample(DUTIES[family], k=min(4, len(DUTIES[family])))
    requirements = [
        REQUIREMENTS[level],
        f"Hands-on experience with {', '.join(skills[:-1])} and {skills[-1]}"
        if len(skills) > 1
        else f"Hands-on experience with {skills[0]}",
        "Clear written English; you explain trade-offs without jargon",
    ]
    where = WORKPLACE_SENTENCES[workplace].format(city=city, country=country_name)
    return "\n".join(
        [
            f"{company.name}: {company.description[0].lower()}{company.description[1:]} "
            f"We are looking for a **{title}** to {rng.choice(MISSIONS[family])}.",
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


def skill_named(name: str) -> Skill:
    """The skill of that name in any case, created when missing."""
    skill = Skill.objects.filter(name__iexact=name).first()
    if skill is None:
        slug = slug_of(name, 60)
        if Skill.objects.filter(slug=slug).exists():
            slug = slug_of(f"{name} skill", 60)
        skill = Skill.objects.create(name=name, slug=slug)
    return skill


def company_records() -> list[Company]:
    companies = []
    for demo in COMPANIES:
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


def listing_plans(rng, companies, rates, now):
    """Every demo listing as (company, slug, fields, skill names), deterministic but for now."""
    titles = list(SURVEY_MEDIANS)
    # Common titles come up more often, as in the survey.
    weights = [max(1, 12 - index // 2) for index in range(len(titles))]
    slugs_taken: set[tuple[int, str]] = set()
    plans = []
    for number in range(LISTING_COUNT):
        company = companies[number % len(companies)]
        demo = COMPANIES[number % len(COMPANIES)]
        employment_type = EMPLOYMENT_CYCLE[number % len(EMPLOYMENT_CYCLE)]
        title = rng.choices(titles, weights)[0]
        levels = list(SURVEY_MEDIANS[title])
        if employment_type == EmploymentType.INTERNSHIP:
            title = rng.choice([t for t in titles if "EN" in SURVEY_MEDIANS[t]])
            level = Seniority.ENTRY
            listing_title = f"{title} Intern"
        else:
            level = Seniority(rng.choice(levels))
            if title.startswith("Head of"):
                listing_title = title
            else:
                listing_title = rng.choice(LEVEL_TITLES[level]).format(title=title)
        family = FAMILY_OF_TITLE[title]

        workplace = rng.choices(
            [Workplace.ONSITE, Workplace.HYBRID, Workplace.REMOTE], [35, 35, 30]
        )[0]
        country = demo.country
        if workplace == Workplace.REMOTE and rng.random() < 0.25:
            country = rng.choice(list(COUNTRY_PAY_FACTORS))  # hiring remotely elsewhere
        city, region = rng.choice(CITIES[country])
        if workplace == Workplace.REMOTE:
            city, region = "", ""

        pay = salary(rng, title, level, country, employment_type, rates)
        has_salary = rng.random() >= 0.15
        skill_names = list(
            dict.fromkeys(
                TITLE_SKILLS.get(title, [])
                + rng.sample(SKILLS[family], k=min(len(SKILLS[family]), rng.randint(3, 5)))
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
                company,
                listing_title,
                level,
                family,
                workplace,
                city,
                COUNTRY_NAMES[country],
                skill_names,
            ),
            "employment_type": employment_type,
            "seniority": level,
            "workplace": workplace,
            "city": city,
            "region": region,
            "country": country,
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
    companies = company_records()
    skills: dict[str, Skill] = {}
    created = 0
    for company, slug, fields, skill_names in listing_plans(rng, companies, rates, now):
        job, was_created = Job.objects.update_or_create(company=company, slug=slug, defaults=fields)
        created += was_created
        for name in skill_names:
            if name not in skills:
                skills[name] = skill_named(name)
        job.skills.set([skills[name] for name in skill_names])
    stdout.write(
        f"Demo listings: {LISTING_COUNT} listings ({created} new) at {len(companies)} companies."
    )
