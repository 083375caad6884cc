"""Demo data of the careers app: nine roles and eleven comparison articles written for this
project (nine published on different dates, one scheduled, one draft).

Salary titles are job titles of the ai-jobs.net survey; keywords match the demo listings'
titles. Records are updated in place (roles by name, comparisons by their pair of roles), so
running ``seed_demo`` again changes nothing.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from careers.models import Comparison, Role
from core.slugs import available_slug

ROLES = [
    {
        "name": "Data Engineer",
        "salary_title": "Data Engineer",
        "keywords": ["data engineer", "ETL developer"],
        "definition": (
            "A Data Engineer builds and runs the pipelines that move data from the systems "
            "where it is born to the warehouses, lakes and feature stores where others use it."
        ),
        "responsibilities": [
            "Design batch and streaming pipelines that load data on time",
            "Model raw sources into tables other teams can trust",
            "Monitor data quality and fix broken loads before anyone notices",
            "Keep storage and compute costs under control",
            "Work with analysts and scientists on what data they need next",
        ],
        "skills": [
            "Fluent SQL, including window functions and query tuning",
            "Python or Scala for pipeline code",
            "Data modelling: star schemas, slowly changing dimensions",
            "Distributed processing with Spark or a similar engine",
            "Testing and monitoring of data, not only of code",
        ],
        "education": [
            "A degree in computer science, software engineering or information systems",
            "Often a move from backend development or database administration",
            "Cloud certificates (AWS, GCP, Azure) help but are rarely required",
        ],
        "tools": [
            "Apache Spark, Kafka and Airflow",
            "Cloud warehouses such as BigQuery, Snowflake or Redshift",
            "dbt for transformations",
            "Docker, Terraform and a CI system",
        ],
        "industries": ["Finance and insurance", "E-commerce", "Telecommunications", "Healthcare"],
        "tips": [
            "Build one pipeline end to end: an API, a scheduler, a warehouse and a dashboard",
            "Learn how your favourite warehouse bills you; cost questions come up in interviews",
            "Practise SQL on real, messy public data sets",
            "Read the postmortems that data teams publish about their outages",
        ],
    },
    {
        "name": "Data Scientist",
        "salary_title": "Data Scientist",
        "keywords": ["data scientist", "applied scientist"],
        "definition": (
            "A Data Scientist uses statistics and machine learning to answer questions a "
            "business cannot answer by counting: what will happen, why it happened and what to "
            "try next."
        ),
        "responsibilities": [
            "Frame vague business questions as measurable ones",
            "Explore data and build models that predict or explain",
            "Design and read A/B tests",
            "Explain results, and their uncertainty, to people who decide",
        ],
        "skills": [
            "Statistics: inference, regression, experiment design",
            "Python or R with pandas, scikit-learn or the tidyverse",
            "SQL good enough to fetch your own data",
            "Clear writing and honest charts",
        ],
        "education": [
            "A degree in statistics, mathematics, economics, physics or computer science",
            "Many roles ask for a master's degree; a PhD helps for research-heavy teams",
            "A portfolio of analyses can stand in for formal study",
        ],
        "tools": [
            "Jupyter notebooks",
            "scikit-learn, XGBoost and statsmodels",
            "SQL warehouses",
            "Experiment platforms and BI tools",
        ],
        "industries": ["Technology", "Retail", "Banking", "Pharmaceuticals", "Media"],
        "tips": [
            "Publish two or three analyses that start from a real question, not a data set",
            "Learn experiment design before deep learning",
            "Practise explaining a model to someone who has never heard of one",
        ],
    },
    {
        "name": "Machine Learning Engineer",
        "salary_title": "Machine Learning Engineer",
        "keywords": ["machine learning engineer", "ML engineer", "computer vision engineer"],
        "definition": (
            "A Machine Learning Engineer turns models into products: they train, package, "
            "serve and monitor machine learning systems that run reliably at scale."
        ),
        "responsibilities": [
            "Train and evaluate models with reproducible pipelines",
            "Serve models behind fast, reliable APIs",
            "Watch for data drift and retrain when quality drops",
            "Work with product engineers on how predictions reach users",
        ],
        "skills": [
            "Solid software engineering in Python",
            "Deep learning with PyTorch or TensorFlow",
            "Feature engineering and evaluation metrics",
            "Containers, cloud services and some infrastructure knowledge",
        ],
        "education": [
            "A degree in computer science or a quantitative field",
            "A master's degree is common, not required, in product teams",
            "Open-source contributions count for a lot",
        ],
        "tools": [
            "PyTorch and TensorFlow",
            "MLflow or Weights & Biases for experiments",
            "Kubernetes and Docker",
            "Feature stores and vector databases",
        ],
        "industries": ["Technology", "Autonomous vehicles", "Advertising", "Fintech"],
        "tips": [
            "Deploy a small model behind an API and keep it running for a month",
            "Learn to profile and speed up training and inference",
            "Read model cards and evaluation reports of open models",
        ],
    },
    {
        "name": "Data Analyst",
        "salary_title": "Data Analyst",
        "keywords": ["data analyst", "BI analyst", "business intelligence"],
        "definition": (
            "A Data Analyst answers the everyday questions of a team with data: how many, how "
            "fast, compared with what, and what changed since last week."
        ),
        "responsibilities": [
            "Build and maintain dashboards for teams and leadership",
            "Answer ad-hoc questions quickly and correctly",
            "Check that the numbers behind a decision add up",
            "Present findings in plain language",
        ],
        "skills": [
            "SQL and spreadsheets",
            "Descriptive statistics",
            "Data visualisation and storytelling",
            "Business sense: knowing which number matters",
        ],
        "education": [
            "A degree in business, economics, statistics or a social science",
            "Bootcamps and self-study are common routes in",
            "Certificates in a BI tool are a plus",
        ],
        "tools": ["Excel or Google Sheets", "Tableau, Power BI or Looker", "SQL warehouses"],
        "industries": ["Retail", "Marketing", "Public sector", "Logistics", "Healthcare"],
        "tips": [
            "Rebuild a report you use at work from the raw data",
            "Learn one BI tool deeply rather than three superficially",
            "Write a one-page summary of every analysis you do",
        ],
    },
    {
        "name": "Research Scientist",
        "salary_title": "Research Scientist",
        "keywords": ["research scientist", "research engineer", "machine learning researcher"],
        "definition": (
            "A Research Scientist in AI invents and tests new methods, publishes what works and "
            "helps engineering teams adopt it."
        ),
        "responsibilities": [
            "Propose research directions and test them with careful experiments",
            "Write papers and present at conferences",
            "Build prototypes that product teams can evaluate",
            "Review the work of peers and mentor junior researchers",
        ],
        "skills": [
            "Deep knowledge of one area such as language models, vision or reinforcement learning",
            "Mathematics: linear algebra, probability, optimisation",
            "Fast experimentation in Python and PyTorch or JAX",
            "Scientific writing",
        ],
        "education": [
            "Usually a PhD in machine learning, computer science, physics or mathematics",
            "A publication record at recognised venues",
        ],
        "tools": [
            "PyTorch or JAX",
            "GPU clusters and job schedulers",
            "LaTeX",
            "Experiment trackers",
        ],
        "industries": ["AI labs", "Big technology companies", "Universities", "Biotech"],
        "tips": [
            "Reproduce a recent paper and publish your code",
            "Find a mentor who publishes in the area you like",
            "Write short technical blog posts to practise explaining ideas",
        ],
    },
    {
        "name": "AI Engineer",
        "salary_title": "AI Engineer",
        "keywords": ["AI engineer", "prompt engineer", "LLM engineer", "generative AI"],
        "definition": (
            "An AI Engineer builds applications on top of large pre-trained models: retrieval, "
            "agents, evaluations and the guardrails around them."
        ),
        "responsibilities": [
            "Design prompts, retrieval and tool use for model-based features",
            "Build evaluation sets and measure quality before each release",
            "Keep latency and cost per request within budget",
            "Handle safety, privacy and failure cases",
        ],
        "skills": [
            "Backend engineering in Python or TypeScript",
            "Working knowledge of how language models behave and fail",
            "Search and retrieval: embeddings, ranking, chunking",
            "Evaluation design",
        ],
        "education": [
            "A degree in computer science, or equivalent software experience",
            "Short courses on language models fill the gap for experienced engineers",
        ],
        "tools": [
            "Model APIs and open-weight models",
            "Vector databases",
            "Evaluation and tracing frameworks",
            "Cloud functions and queues",
        ],
        "industries": ["Software as a service", "Customer support", "Legal tech", "Education"],
        "tips": [
            "Ship a small assistant for a real task and measure how often it is right",
            "Keep a written evaluation set for everything you build",
            "Learn the basics of information retrieval",
        ],
    },
    {
        "name": "Analytics Engineer",
        "salary_title": "Analytics Engineer",
        "keywords": ["analytics engineer", "dbt"],
        "definition": (
            "An Analytics Engineer sits between data engineering and analysis: they turn raw "
            "tables into clean, tested, documented models that everyone queries."
        ),
        "responsibilities": [
            "Model raw data into documented, tested tables",
            "Define metrics once so every dashboard agrees",
            "Review SQL changes like code",
            "Help analysts work faster with better building blocks",
        ],
        "skills": [
            "Advanced SQL and dimensional modelling",
            "Version control and code review",
            "Testing data transformations",
            "Understanding of how the business measures itself",
        ],
        "education": [
            "Often former analysts who learned engineering practices",
            "Degrees vary: business, economics, computer science",
        ],
        "tools": ["dbt", "Git and a CI system", "Snowflake, BigQuery or Databricks", "Looker"],
        "industries": ["Software as a service", "E-commerce", "Marketplaces"],
        "tips": [
            "Put a small dbt project with tests and documentation on GitHub",
            "Learn how one company defines its core metrics, and why",
        ],
    },
    {
        "name": "MLOps Engineer",
        "salary_title": "MLOps Engineer",
        "keywords": ["MLOps", "ML platform"],
        "definition": (
            "An MLOps Engineer builds the platform that machine learning teams ship on: "
            "training infrastructure, model registries, deployment and monitoring."
        ),
        "responsibilities": [
            "Automate training, testing and deployment of models",
            "Run and scale GPU infrastructure",
            "Provide model registries, feature stores and monitoring as shared services",
            "Set standards for reproducibility and rollbacks",
        ],
        "skills": [
            "DevOps and site reliability practice",
            "Kubernetes and infrastructure as code",
            "Enough machine learning to talk with model builders",
            "Python and a systems language such as Go",
        ],
        "education": [
            "A degree in computer science or equivalent operations experience",
            "Cloud and Kubernetes certificates are valued",
        ],
        "tools": ["Kubernetes and Kubeflow", "MLflow", "Terraform", "Prometheus and Grafana"],
        "industries": ["Technology", "Fintech", "Automotive", "Healthcare"],
        "tips": [
            "Set up a CI pipeline that retrains and redeploys a small model",
            "Learn how GPUs are scheduled and shared",
        ],
    },
    {
        "name": "Data Architect",
        "salary_title": "Data Architect",
        "keywords": ["data architect"],
        "definition": (
            "A Data Architect designs how an organisation's data fits together: which systems "
            "hold what, how they connect, and the rules that keep data secure and consistent."
        ),
        "responsibilities": [
            "Design the target data platform and the path to it",
            "Set modelling, naming and governance standards",
            "Choose technologies and review designs of other teams",
            "Work with security and legal on data protection",
        ],
        "skills": [
            "Broad knowledge of databases, warehouses and streaming systems",
            "Data modelling at enterprise scale",
            "Governance, lineage and privacy regulation",
            "Communication with both engineers and executives",
        ],
        "education": [
            "A degree in computer science or information systems",
            "Usually many years as a data engineer or database specialist first",
        ],
        "tools": [
            "Cloud data platforms",
            "Data catalogues and lineage tools",
            "Modelling tools",
            "Diagramming tools",
        ],
        "industries": ["Banking", "Insurance", "Government", "Large retail"],
        "tips": [
            "Document the architecture of a system you know, including its weak points",
            "Learn the basics of data protection law in your region",
        ],
    },
]

# (role A, role B, days before today (negative: in the future), status, intro, outlook,
# conclusion)
COMPARISONS = [
    (
        "Data Engineer",
        "Data Scientist",
        12,
        "published",
        "Data engineers and data scientists share a data set and a Slack channel, but not a "
        "job description. One makes data reliable; the other makes it talk. Here is how to "
        "tell which side suits you.",
        "Both roles keep hiring. Data engineering openings have grown faster in recent years as "
        "companies found that models are only as good as the pipelines that feed them.",
        "If you enjoy building systems that run unattended, lean towards data engineering. If "
        "you enjoy questions more than systems, data science is the better fit.",
    ),
    (
        "Data Analyst",
        "Data Scientist",
        40,
        "published",
        "Many data scientists started as analysts, and many analysts wonder whether they "
        "should follow. The two jobs overlap more than their titles suggest.",
        "Analyst roles are plentiful and open to more backgrounds; data scientist roles pay "
        "more but ask for stronger statistics and programming.",
        "Start as an analyst if you want to be useful quickly; aim for data science if "
        "prediction and experiments excite you more than reporting.",
    ),
    (
        "Machine Learning Engineer",
        "Data Scientist",
        75,
        "published",
        "A data scientist proves that a model can work. A machine learning engineer makes it "
        "work every day, for every user. The handover between them is where careers fork.",
        "Demand for machine learning engineers has outgrown demand for data scientists in many "
        "markets, as companies move from experiments to products.",
        "Choose machine learning engineering if you like software craftsmanship; choose data "
        "science if you prefer asking and answering questions.",
    ),
    (
        "AI Engineer",
        "Machine Learning Engineer",
        5,
        "published",
        "The AI engineer is the newest title on the board. Is it a machine learning engineer "
        "with a new name, or a different job? Mostly a different job.",
        "AI engineering roles have multiplied since large language models became available "
        "through APIs; machine learning engineering remains the steadier market.",
        "If you want to train models, become a machine learning engineer. If you want to build "
        "products on top of models others trained, AI engineering is the faster path.",
    ),
    (
        "Analytics Engineer",
        "Data Engineer",
        110,
        "published",
        "Analytics engineers and data engineers both write SQL all day. The difference is "
        "where in the pipeline they stand and who they build for.",
        "Analytics engineering is a young title that grew with dbt; data engineering is larger "
        "and more varied.",
        "Pick analytics engineering if you like modelling the business; pick data engineering "
        "if you like infrastructure and scale.",
    ),
    (
        "MLOps Engineer",
        "Machine Learning Engineer",
        150,
        "published",
        "Machine learning engineers ship models; MLOps engineers build the road those models "
        "travel on. In small teams one person does both.",
        "MLOps roles concentrate in companies with several machine learning teams; smaller "
        "companies fold the work into machine learning engineering.",
        "Come to MLOps from DevOps if you enjoy platforms; come to machine learning "
        "engineering from software if you enjoy the models themselves.",
    ),
    (
        "Research Scientist",
        "Machine Learning Engineer",
        200,
        "published",
        "Research scientists push what models can do; machine learning engineers make what "
        "models already do useful. Both need strong mathematics, in different doses.",
        "Research roles are few and competitive, mostly in large labs; engineering roles are "
        "many and spread across industries.",
        "Follow research if you have, or want, a PhD and love open problems. Choose "
        "engineering if you want to see your work used next quarter.",
    ),
    (
        "Data Architect",
        "Data Engineer",
        260,
        "published",
        "A data architect draws the map; a data engineer builds the roads. Most architects "
        "were engineers first, so this is as much a question of when as of which.",
        "Architect roles are fewer and more senior; they open up once you have designed and "
        "run several data platforms.",
        "Start as a data engineer. Move to architecture when you find yourself enjoying design "
        "reviews more than writing pipelines.",
    ),
    (
        "Analytics Engineer",
        "Data Analyst",
        320,
        "published",
        "Analytics engineering is where many analysts go when they get tired of fixing the "
        "same numbers twice. Is the move right for you?",
        "Both titles are in demand; analytics engineers tend to earn more, analysts have more "
        "openings.",
        "Stay an analyst if you like working with stakeholders; become an analytics engineer "
        "if you like making data right once and for all.",
    ),
    (
        "AI Engineer",
        "Research Scientist",
        -21,
        "published",
        "Scheduled: how building with language models compares with researching them.",
        "Both fields grow with the models themselves.",
        "Build if you love products, research if you love open questions.",
    ),
    (
        "MLOps Engineer",
        "Data Engineer",
        None,
        "draft",
        "Draft: platform work for models versus platform work for data.",
        "",
        "",
    ),
]


def save_if_changed(record, values: dict) -> None:
    """Set the values and save, unless nothing changed (so "updated" times stay true)."""
    changed = record.pk is None
    for field, value in values.items():
        if getattr(record, field) != value:
            setattr(record, field, value)
            changed = True
    if changed:
        record.save()


def seed(stdout):
    roles = {}
    for values in ROLES:
        values = dict(values)
        name = values.pop("name")
        role = Role.objects.filter(name__iexact=name).first()
        if role is None:
            role = Role(name=name, slug=available_slug(Role, name, 120, fallback="role"))
        save_if_changed(role, values)
        roles[name] = role

    today = timezone.localdate()
    for name_a, name_b, days_ago, status, intro, outlook, conclusion in COMPARISONS:
        role_a, role_b = roles[name_a], roles[name_b]
        comparison = Comparison.objects.filter(
            Q(role_a=role_a, role_b=role_b) | Q(role_a=role_b, role_b=role_a)
        ).first() or Comparison(role_a=role_a, role_b=role_b)
        values = {
            "title": f"{name_a} vs. {name_b}",
            "intro": intro,
            "outlook": outlook,
            "conclusion": conclusion,
            "status": status,
            "published_on": None if days_ago is None else today - timedelta(days=days_ago),
        }
        save_if_changed(comparison, values)
    stdout.write(f"Careers: {len(ROLES)} roles and {len(COMPARISONS)} comparisons ready.")
