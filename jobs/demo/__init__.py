"""Demo data of the jobs app: companies and listings (``listings``, made from the data files
in ``data/``), then the shipped salary survey (``jobs.demo.salaries``)."""

from jobs.demo import listings, salaries


def seed(stdout):
    listings.seed(stdout)
    salaries.seed(stdout)
