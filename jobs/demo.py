"""Demo data of the jobs app: companies and listings, then the shipped salary survey."""

from jobs import demo_listings, demo_salaries


def seed(stdout):
    demo_listings.seed(stdout)
    demo_salaries.seed(stdout)
