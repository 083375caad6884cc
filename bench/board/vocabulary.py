"""What the synthetic listings are made of: titles, seniorities, skills, company names,
countries with their places and currencies, and pay shaped like the salary survey."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal


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


def company_names(count: int) -> list[str]:
    """The first ``count`` company names: every word with every kind, then numbered 1 to 9."""
    return [
        f"{word} {kind}" + (f" {number}" if number else "")
        for number in range(10)
        for word in COMPANY_WORDS
        for kind in COMPANY_KINDS
    ][:count]


def yearly_usd(amount: Decimal, period: str, rate: Decimal) -> Decimal:
    return (amount * PERIODS[period] * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def salary_columns(rng: random.Random, seniority: str, currency: str, rates: dict) -> list:
    """salary_min, salary_max, currency, period and the two yearly USD columns of a listing:
    85% show pay, in the local currency four times out of five (the rest: no salary)."""
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
    return salary
