"""What the generated CSV is made of: its columns, titles, skills, companies, countries,
pay and the shipped exchange rates."""

from __future__ import annotations

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
    "benefits",
    "status",
    "published_at",
    "expires_at",
    "featured_until",
]


# Where pay-transparency laws ask every posting for a pay range and a description of the
# benefits (jobs/data/pay_transparency.toml: US states and Canadian provinces, remote
# listings included): the generated listings there give both, as a compliant employer's do.
PAY_RANGE_COUNTRIES = {"US", "CA"}
BENEFITS = (
    "Health, dental and vision insurance; a retirement plan with a 4% match; 25 days of paid "
    "time off; a yearly learning budget."
)


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
