"""Demo data of the jobs app: companies and listings (``listings``, made from the data files
in ``data/``), then the shipped salary survey (``jobs.demo_salaries``)."""

from jobs import demo_salaries
from jobs.demo import listings


def seed(stdout):
    listings.seed(stdout)
    demo_salaries.seed(stdout)
