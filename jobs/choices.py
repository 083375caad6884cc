"""The coded choices of a listing: seniority, employment type, workplace, salary period.

The codes are stored in the database and used in URLs (``?seniority=SE``); the labels are
what pages show. Seniority uses the codes and labels of the ai-jobs.net salary survey.
"""

from django.db import models


class Seniority(models.TextChoices):
    """Experience levels, with the codes and labels of the ai-jobs.net salary survey."""

    ENTRY = "EN", "Entry-level / Junior"
    MID = "MI", "Mid-level / Intermediate"
    SENIOR = "SE", "Senior-level / Expert"
    EXECUTIVE = "EX", "Executive-level / Director"


class EmploymentType(models.TextChoices):
    FULL_TIME = "FT", "Full Time"
    PART_TIME = "PT", "Part Time"
    CONTRACT = "CT", "Contract"
    FREELANCE = "FL", "Freelance"
    INTERNSHIP = "IN", "Internship"


class Workplace(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class SalaryPeriod(models.TextChoices):
    HOUR = "hour", "per hour"
    MONTH = "month", "per month"
    YEAR = "year", "per year"


# get_FOO_display() without its per-call work (a hashable copy of the value, a lookup in a
# freshly flattened dict): each code's label, for the lists and feeds that print hundreds.
SENIORITY_LABELS = {code: str(label) for code, label in Seniority.choices}
EMPLOYMENT_LABELS = {code: str(label) for code, label in EmploymentType.choices}
WORKPLACE_LABELS = {code: str(label) for code, label in Workplace.choices}


def label_of(labels: dict[str, str], code: str) -> str:
    """A code's label, or the code itself when it is not a known one (as get_FOO_display)."""
    return labels.get(code, code)
