"""Validators of editors' text and dates, known to the migrations as ``jobs.models.<name>``
(re-exported there)."""

from django.core.exceptions import ValidationError

from core import text as text_rules


def reject_control_characters(text: str) -> None:
    """Validator of editors' text (core.text's rule), under the name the migrations know."""
    text_rules.reject_control_characters(text)


# Listing dates outside these years are typos (0025 for 2025, 9999 for "never"); the far end of
# the calendar also overflows date arithmetic such as the default expiry.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def validate_plausible_year(moment) -> None:
    """Validator of listing dates: refuses a year outside EARLIEST_YEAR to LATEST_YEAR."""
    if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValidationError(
            f"Give a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}.",
            code="implausible_year",
        )
