"""The Markdown descriptions of the load test's listings: headings, bullet lists, a link and
three to five paragraphs, drawn from the pools below."""

from __future__ import annotations

import random

from bench.board.vocabulary import SKILLS

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
