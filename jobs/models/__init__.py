"""The models of ``jobs``, one module each: companies and skills, exchange rates, listings
and their QuerySet, the keyword search's postings, the facet key, the validators the
migrations name (``jobs.models.<name>``), and the salary survey's models
(jobs.salaries.models). Everything is importable from here.
"""

from jobs.models import signals
from jobs.models.companies import Company, RenameAware, Skill
from jobs.models.facet_key import COUNTRY_KEYS, FACET_CODES, facet_values
from jobs.models.listings import Job, default_expiry
from jobs.models.postings import ListingTerms, ListingWord, SearchPlace, SearchWord
from jobs.models.querysets import SKILL_NAME_SEPARATOR, JobQuerySet
from jobs.models.rates import ExchangeRate, currency_code_validator, read_rates
from jobs.models.validators import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    reject_control_characters,
    validate_plausible_year,
)
from jobs.salaries.models import SalaryLevelFigures, SalaryReport, SalarySnapshot, SalaryTitle

__all__ = [
    "COUNTRY_KEYS",
    "EARLIEST_YEAR",
    "FACET_CODES",
    "LATEST_YEAR",
    "SKILL_NAME_SEPARATOR",
    "Company",
    "ExchangeRate",
    "Job",
    "JobQuerySet",
    "ListingTerms",
    "ListingWord",
    "RenameAware",
    "SalaryLevelFigures",
    "SalaryReport",
    "SalarySnapshot",
    "SalaryTitle",
    "SearchPlace",
    "SearchWord",
    "Skill",
    "currency_code_validator",
    "default_expiry",
    "facet_values",
    "read_rates",
    "reject_control_characters",
    "signals",
    "validate_plausible_year",
]
