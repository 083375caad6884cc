"""A listing as a schema.org ``JobPosting``, for search engines' job results.

The fields follow Google's job posting structured-data rules. The document is embedded in
``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` are written as JSON unicode
escapes, so that no editor text (a title or description holding ``</script>``) can close the
element early, while a JSON parser still reads the original characters.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from jobs.choices import EmploymentType, SalaryPeriod, Workplace
from jobs.countries import country_name
from jobs.models import Job

# Google's employmentType values; contract and freelance work are both CONTRACTOR.
EMPLOYMENT_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.CONTRACT: "CONTRACTOR",
    EmploymentType.FREELANCE: "CONTRACTOR",
    EmploymentType.INTERNSHIP: "INTERN",
}

SALARY_UNITS = {
    SalaryPeriod.HOUR: "HOUR",
    SalaryPeriod.MONTH: "MONTH",
    SalaryPeriod.YEAR: "YEAR",
}


def json_number(amount: Decimal) -> int | float:
    """120000.00 -> 120000, 62.50 -> 62.5: a JSON number without needless decimals."""
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


def job_posting(job: Job) -> dict:
    """The ``JobPosting`` document of a listing, as a dict ready for JSON."""
    posting: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description_html,
        "identifier": {
            "@type": "PropertyValue",
            "name": settings.SITE_NAME,
            "value": str(job.pk),
        },
        "datePosted": job.published_at.isoformat() if job.published_at else None,
        "hiringOrganization": hiring_organization(job),
        "employmentType": EMPLOYMENT_TYPES.get(job.employment_type, "OTHER"),
        "directApply": False,
    }
    if job.expires_at:
        posting["validThrough"] = job.expires_at.isoformat()
    if job.workplace == Workplace.REMOTE:
        posting["jobLocationType"] = "TELECOMMUTE"
        # Every country applicants may live in (one object when there is one).
        requirements = [
            {"@type": "Country", "name": country_name(code)} for code in job.eligible_countries()
        ]
        posting["applicantLocationRequirements"] = (
            requirements[0] if len(requirements) == 1 else requirements
        )
    else:
        posting["jobLocation"] = {"@type": "Place", "address": postal_address(job)}
    if job.has_salary:
        posting["baseSalary"] = base_salary(job)
    if job.benefits:
        posting["jobBenefits"] = job.benefits
    if posting["datePosted"] is None:
        del posting["datePosted"]
    return posting


def hiring_organization(job: Job) -> dict:
    organization = {"@type": "Organization", "name": job.company.name}
    if job.company.website:
        organization["sameAs"] = job.company.website
    return organization


def postal_address(job: Job) -> dict:
    """The listing's place as a PostalAddress; empty city or region is left out."""
    address = {"@type": "PostalAddress"}
    if job.city:
        address["addressLocality"] = job.city
    if job.region:
        address["addressRegion"] = job.region
    address["addressCountry"] = str(job.country)
    return address


def base_salary(job: Job) -> dict:
    """A MonetaryAmount: a range (minValue, maxValue) or, with only a minimum, one value."""
    value: dict = {"@type": "QuantitativeValue"}
    if job.salary_max is not None and job.salary_max != job.salary_min:
        value["minValue"] = json_number(job.salary_min)
        value["maxValue"] = json_number(job.salary_max)
    else:
        value["value"] = json_number(job.salary_min)
    value["unitText"] = SALARY_UNITS[job.salary_period]
    return {"@type": "MonetaryAmount", "currency": job.salary_currency_id, "value": value}
