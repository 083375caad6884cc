"""Pay-transparency rules: each rule on both sides of its start date and of its employer size,
in its place and outside it, for on-site and remote listings; what each asks for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jobs import pay_transparency
from jobs.choices import Workplace
from jobs.models import Company, Job
from jobs.pay_transparency import findings, rules, subdivision_of

# The rules as ../shared/pay-transparency.md states them, written out again here (not read
# from the data file) so that a mistake in the data fails: code, a place, in force from, the
# smallest employer covered, whether benefits are required, refuse or warn.
EXPECTED = [
    ("US-CO", "US", "US-CO", date(2021, 1, 1), 1, True, "refuse"),
    ("US-CA", "US", "US-CA", date(2023, 1, 1), 15, False, "refuse"),
    ("US-WA", "US", "US-WA", date(2023, 1, 1), 15, True, "refuse"),
    ("US-NY", "US", "US-NY", date(2023, 9, 17), 4, False, "refuse"),
    ("US-MD", "US", "US-MD", date(2024, 10, 1), 1, True, "refuse"),
    ("US-HI", "US", "US-HI", date(2024, 1, 1), 50, False, "refuse"),
    ("US-DC", "US", "US-DC", date(2024, 6, 30), 1, False, "refuse"),
    ("US-IL", "US", "US-IL", date(2025, 1, 1), 15, True, "refuse"),
    ("US-MN", "US", "US-MN", date(2025, 1, 1), 30, True, "refuse"),
    ("US-NJ", "US", "US-NJ", date(2025, 6, 1), 10, True, "refuse"),
    ("US-VT", "US", "US-VT", date(2025, 7, 1), 5, False, "refuse"),
    ("US-MA", "US", "US-MA", date(2025, 10, 29), 25, False, "refuse"),
    ("CA-BC", "CA", "CA-BC", date(2023, 11, 1), 1, False, "refuse"),
    ("CA-ON", "CA", "CA-ON", date(2026, 1, 1), 25, False, "refuse"),
    ("EU", "DE", "", date(2026, 6, 7), 1, False, "warn"),
]
RATES = {"USD": Decimal(1), "CAD": Decimal("0.72"), "EUR": Decimal("1.08")}


def listing(country, subdivision="", *, day, employees, workplace=Workplace.ONSITE, **fields):
    """An unsaved listing published at noon UTC on ``day`` by a company of that size."""
    company = Company(name="Acme", employees=employees)
    job = Job(
        title="Data Engineer",
        company=company,
        country=country,
        subdivision=subdivision,
        workplace=workplace,
        published_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        expires_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC) + timedelta(days=30),
        salary_currency_id={"US": "USD", "CA": "CAD"}.get(country, "EUR"),
        salary_period="year",
        **fields,
    )
    return job


def codes(job) -> list[str]:
    return [finding.rule.code for finding in findings(job, RATES)]


def test_the_data_holds_exactly_the_expected_rules():
    assert sorted(rules()) == sorted(code for code, *_ in EXPECTED)
    for code, _country, subdivision, start, size, benefits, action in EXPECTED:
        rule = rules()[code]
        assert rule.in_force_from == start, code
        assert rule.min_employees == size, code
        assert rule.action == action, code
        assert ("benefits" in {r.what for r in rule.requires}) == benefits, code
        assert rule.source, code
        if subdivision:
            assert rule.subdivisions == {subdivision}, code
    assert len(rules()["EU"].countries) == 27


@pytest.mark.parametrize(("code", "country", "subdivision", "start", "size", "_b", "_a"), EXPECTED)
def test_each_rule_from_its_start_date_and_not_the_day_before(
    code, country, subdivision, start, size, _b, _a
):
    on_the_day = listing(country, subdivision, day=start, employees=size, salary_min=Decimal(90))
    day_before = listing(
        country, subdivision, day=start - timedelta(days=1), employees=size, salary_min=90
    )
    assert code in codes(on_the_day)
    assert code not in codes(day_before)


@pytest.mark.parametrize(("code", "country", "subdivision", "start", "size", "_b", "_a"), EXPECTED)
def test_each_rule_from_its_employer_size_and_not_one_below(
    code, country, subdivision, start, size, _b, _a
):
    day = start + timedelta(days=10)
    assert code in codes(listing(country, subdivision, day=day, employees=size))
    assert code in codes(listing(country, subdivision, day=day, employees=None))  # unknown
    if size > 1:
        assert code not in codes(listing(country, subdivision, day=day, employees=size - 1))


@pytest.mark.parametrize(
    ("code", "country", "subdivision", "start", "size", "benefits", "_a"), EXPECTED
)
def test_what_each_rule_asks_for(code, country, subdivision, start, size, benefits, _a):
    day = max(start, date(2026, 2, 1)) + timedelta(days=10)

    def made(**fields):
        return listing(country, subdivision, day=day, employees=size, **fields)

    open_ended = made(salary_min=Decimal(150000))
    [finding] = [f for f in findings(open_ended, RATES) if f.rule.code == code]
    assert any("pay range" in text for text in finding.missing)
    ranged = made(salary_min=Decimal(150000), salary_max=Decimal(160000))
    if benefits:
        [finding] = [f for f in findings(ranged, RATES) if f.rule.code == code]
        assert finding.missing == (pay_transparency.MISSING_TEXT["benefits"],)
        ranged.benefits = "Health insurance, 401(k) match, 25 days of leave."
    assert code not in codes(ranged)
    fixed = made(salary_min=Decimal(150000), salary_max=Decimal(150000), benefits="Health.")
    assert code not in codes(fixed)


def test_the_place_of_an_onsite_listing_is_its_subdivision():
    day = date(2026, 3, 1)
    assert codes(listing("US", "US-TX", day=day, employees=500)) == []
    assert codes(listing("US", "US-CA", day=day, employees=500)) == ["US-CA"]
    assert codes(listing("CA", "CA-QC", day=day, employees=500)) == []
    assert codes(listing("GB", "", day=day, employees=500)) == []
    hybrid = listing("US", "US-NY", day=day, employees=500, workplace=Workplace.HYBRID)
    assert codes(hybrid) == ["US-NY"]


def test_a_remote_listing_is_covered_where_its_applicants_may_live():
    day = date(2026, 7, 1)
    us_only = listing("US", "US-TX", day=day, employees=500, workplace=Workplace.REMOTE)
    us_only.eligible = "US"
    us_rules = {code for code, country, *_ in EXPECTED if country == "US"}
    assert set(codes(us_only)) == us_rules
    europe = listing("DE", "", day=day, employees=500, workplace=Workplace.REMOTE)
    europe.eligible = "EU"
    assert codes(europe) == ["EU"]
    world = listing("GB", "", day=day, employees=500, workplace=Workplace.REMOTE)
    world.eligible = "WORLDWIDE"
    assert set(codes(world)) == {code for code, *_ in EXPECTED}
    elsewhere = listing("GB", "", day=day, employees=500, workplace=Workplace.REMOTE)
    elsewhere.eligible = "GB"
    assert codes(elsewhere) == []


def test_colorado_asks_for_the_deadline_from_2024_only():
    before = listing("US", "US-CO", day=date(2023, 12, 31), employees=5, salary_min=1, salary_max=2)
    before.benefits = "Health."
    before.expires_at = None
    assert codes(before) == []
    after = listing("US", "US-CO", day=date(2024, 1, 1), employees=5, salary_min=1, salary_max=2)
    after.benefits = "Health."
    after.expires_at = None
    [finding] = findings(after, RATES)
    assert finding.missing == (pay_transparency.MISSING_TEXT["deadline"],)


def test_ontario_limits_the_width_of_a_range_up_to_200000_cad():
    day = date(2026, 3, 1)

    def ontario(low, high, currency="CAD"):
        job = listing("CA", "CA-ON", day=day, employees=100, salary_min=Decimal(low))
        job.salary_max = Decimal(high)
        job.salary_currency_id = currency
        return job

    assert codes(ontario(100000, 150000)) == []  # exactly 50,000 wide
    [finding] = findings(ontario(100000, 150001), RATES)
    assert "no wider than 50,000 CAD" in finding.message
    assert codes(ontario(180000, 260000)) == []  # above 200,000 CAD a year: any width
    # In another currency: USD 80,000-120,000 is CAD 111,111-166,667 (wider than 50,000).
    assert codes(ontario(80000, 120000, "USD")) == ["CA-ON"]


def test_the_eu_rule_warns_and_does_not_refuse():
    job = listing("FR", "", day=date(2026, 6, 7), employees=10)
    [finding] = findings(job, RATES)
    assert not finding.refuses
    assert pay_transparency.refusals([finding]) == []
    assert job.country == "FR"


def test_the_message_names_the_rule_its_source_and_what_is_missing():
    job = listing("US", "US-CA", day=date(2026, 3, 1), employees=100)
    [finding] = findings(job, RATES)
    assert finding.message.startswith("Pay-transparency rule US-CA (California, Labor Code")
    assert "a pay range (a minimum and a maximum salary" in finding.message


@pytest.mark.parametrize(
    ("country", "region", "code"),
    [
        ("US", "California", "US-CA"),
        ("US", "CA", "US-CA"),
        ("US", "ca", "US-CA"),
        ("US", "US-NY", "US-NY"),
        ("US", "New York", "US-NY"),
        ("US", "Washington", "US-WA"),
        ("US", "Washington, D.C.", "US-DC"),
        ("US", "District of Columbia", "US-DC"),
        ("CA", "Québec", "CA-QC"),
        ("CA", "ON", "CA-ON"),
        ("CA", "British Columbia", "CA-BC"),
        ("US", "Bavaria", ""),
        ("DE", "Bavaria", ""),
        ("US", "", ""),
        ("GB", "CA", ""),
    ],
)
def test_a_subdivision_is_read_from_a_us_or_canadian_region(country, region, code):
    assert subdivision_of(country, region) == code


@pytest.mark.parametrize(
    ("code", "country", "error"),
    [("US-ZZ", "US", "not an ISO 3166-2 code"), ("CA-ON", "US", "not in the listing's country")],
)
def test_a_wrong_subdivision_is_refused(code, country, error):
    with pytest.raises(ValidationError, match=error):
        pay_transparency.validate_subdivision(code, country)
