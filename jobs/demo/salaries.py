"""Demo salary data: the shipped copy of the ai-jobs.net salary survey.

A snapshot already loaded unchanged is skipped, so a second ``seed_demo`` is quick.
"""

from jobs.salaries.importing import SHIPPED_SURVEY, import_survey


def seed(stdout):
    stdout.write(import_survey(SHIPPED_SURVEY).describe())
