"""A job page's schema.org ``JobPosting`` (JSON-LD) read as the listing form's initial values.

Most applicant-tracking systems publish each job's page with a ``JobPosting`` in a
``<script type="application/ld+json">``. ``read_job_page(html, page_url)`` finds it (at the top
level, in a list or in an ``@graph``), tolerates the shapes real pages give (a string or an
object for the organization, the place and the address; single values or lists; missing
fields), and maps it onto the listing's fields, the reverse of ``jobs.jsonld``:

- ``title``; ``hiringOrganization`` -> ``company``, matched by name (any case) or website among
  the existing companies, else proposed (``Reading.new_company``);
- ``description`` (HTML) -> Markdown: sanitized by nh3 first (no script, style, event handler
  or ``javascript:`` link survives), converted by markdownify, and every ``<`` left that could
  open a tag written as ``&lt;`` (a page's text "<canvas>" stays text);
- ``jobLocation`` -> city, region, country; ``jobLocationType: TELECOMMUTE`` -> remote (hybrid
  when the page names an office too); ``applicantLocationRequirements`` -> eligibility;
- ``employmentType`` (any case, "FULL_TIME", "full-time", lists) -> the employment type;
- ``baseSalary`` (MonetaryAmount with a QuantitativeValue) -> minimum, maximum, currency
  (when it has an exchange rate) and period (HOUR, MONTH, YEAR; WEEK and DAY are noted, not
  converted);
- ``validThrough`` -> the expiry (a future one); an ``ApplyAction``'s target, ``url``, else the
  page's own address -> the apply URL; ``skills`` -> the existing skills of those names;
- the seniority, which JSON-LD does not give, guessed from the title's words.

What could not be taken as it is becomes a note for the editor. Nothing here reads a request
or writes to the database: the view (``jobs.admin.from_page``) fetches the page and shows the
result on the standard add form.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from markdownify import markdownify

from core.links import is_http_url
from core.text import strip_control_characters
from jobs import eligibility
from jobs.choices import EmploymentType, SalaryPeriod, Seniority, Workplace
from jobs.models import Company, ExchangeRate, Job, Skill

# A page's JSON-LD blocks read at most: real pages have a handful.
MAX_BLOCKS = 50

# The description's HTML tags kept before it becomes Markdown (anything else is dropped; script
# and style with their content); links keep their address if it is a web or mail address.
DESCRIPTION_TAGS = {
    *("p", "br", "hr", "div", "span", "section", "article", "header", "footer"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "small"),
    *("ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "a"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
# "<" followed by what could open a tag, a comment or a declaration in Markdown's raw HTML.
TAG_OPENING = re.compile(r"<(?=[A-Za-z/!?])")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")

EMPLOYMENT_TYPES = {
    "FULL_TIME": EmploymentType.FULL_TIME,
    "FULLTIME": EmploymentType.FULL_TIME,
    "PERMANENT": EmploymentType.FULL_TIME,
    "PART_TIME": EmploymentType.PART_TIME,
    "PARTTIME": EmploymentType.PART_TIME,
    "CONTRACTOR": EmploymentType.CONTRACT,
    "CONTRACT": EmploymentType.CONTRACT,
    "TEMPORARY": EmploymentType.CONTRACT,
    "FREELANCE": EmploymentType.FREELANCE,
    "FREELANCER": EmploymentType.FREELANCE,
    "INTERN": EmploymentType.INTERNSHIP,
    "INTERNSHIP": EmploymentType.INTERNSHIP,
}
SALARY_PERIODS = {
    "HOUR": SalaryPeriod.HOUR,
    "HOURLY": SalaryPeriod.HOUR,
    "MONTH": SalaryPeriod.MONTH,
    "MONTHLY": SalaryPeriod.MONTH,
    "YEAR": SalaryPeriod.YEAR,
    "YEARLY": SalaryPeriod.YEAR,
    "ANNUAL": SalaryPeriod.YEAR,
    "ANNUALLY": SalaryPeriod.YEAR,
}
# The seniority a title's words suggest; the first group that matches wins.
SENIORITY_WORDS = [
    (Seniority.EXECUTIVE, r"chief|vp|vice president|director|head of|cto|cdo|cio"),
    (Seniority.SENIOR, r"senior|sr|staff|principal|lead|distinguished|architect"),
    (Seniority.ENTRY, r"junior|jr|entry[- ]level|graduate|intern|internship|trainee|apprentice"),
    (Seniority.MID, r"mid[- ]level|intermediate"),
]
# Country names pycountry does not know by these spellings.
COUNTRY_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "south korea": "KR",
    "russia": "RU",
    "vietnam": "VN",
    "czech republic": "CZ",
    "turkey": "TR",
}
WORLDWIDE_WORDS = {"anywhere", "global", "globally", "worldwide", "world", "remote"}
REMOTE_PLACES = {"remote", "anywhere", "worldwide", "global", "home office", "work from home"}


class NoJobPosting(Exception):
    """The page has no JobPosting; ``.reason`` says so in a sentence."""

    def __init__(self, reason: str, *, broken_blocks: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.broken_blocks = broken_blocks


@dataclass
class Reading:
    """What a job page gives the listing form: ``initial`` (JSON-safe values by field name:
    strings, numbers, lists of primary keys) and ``notes`` for the editor."""

    initial: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # The hiring organization when no existing company matched: (name, website), and the
    # note that says so (which the admin shows with a link to add the company).
    new_company: tuple[str, str] | None = None
    company_note: str = ""


# -- Finding the JobPosting ------------------------------------------------------------------


class _JsonLdBlocks(HTMLParser):
    """The text of every ``<script type="application/ld+json">`` of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False
        self._parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        kind = (dict(attrs).get("type") or "").split(";", 1)[0].strip().lower()
        if kind == "application/ld+json" and len(self.blocks) < MAX_BLOCKS:
            self._inside, self._parts = True, []

    def handle_data(self, data):
        if self._inside:
            self._parts.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._inside:
            self.blocks.append("".join(self._parts))
            self._inside = False


def json_ld_blocks(page: str) -> list[str]:
    parser = _JsonLdBlocks()
    parser.feed(page)
    parser.close()
    return parser.blocks


def find_job_posting(page: str) -> dict:
    """The page's first JobPosting, or NoJobPosting saying what the page has instead."""
    broken = 0
    found_any = False
    for block in json_ld_blocks(page):
        text = block.strip().removeprefix("<!--").removesuffix("-->").strip()
        if not text:
            continue
        try:
            document = json.loads(text, strict=False)
        except ValueError:
            broken += 1
            continue
        found_any = True
        posting = _first_posting(document)
        if posting is not None:
            return posting
    if broken and not found_any:
        reason = (
            "The page's structured data (JSON-LD) is not valid JSON, so no JobPosting could "
            "be read from it."
        )
    elif found_any:
        reason = "The page has structured data (JSON-LD), but no JobPosting in it."
    else:
        reason = "The page has no JobPosting (no JSON-LD structured data at all)."
    raise NoJobPosting(reason, broken_blocks=broken)


def _first_posting(document, depth: int = 0):
    """A JobPosting at the top level, in a list, in an ``@graph`` or as a page's
    ``mainEntity`` (nested a few levels)."""
    if depth > 5:
        return None
    if isinstance(document, list):
        for item in document:
            posting = _first_posting(item, depth + 1)
            if posting is not None:
                return posting
        return None
    if not isinstance(document, dict):
        return None
    if "JobPosting" in _types(document):
        return document
    for key in ("@graph", "mainEntity"):
        posting = _first_posting(document.get(key), depth + 1)
        if posting is not None:
            return posting
    return None


def _types(node: dict) -> set[str]:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    # "JobPosting", "schema:JobPosting", "https://schema.org/JobPosting".
    return {re.split(r"[/:#]", kind)[-1] for kind in kinds if isinstance(kind, str)}


# -- Reading it --------------------------------------------------------------------------------


def read_job_page(page: str, page_url: str) -> Reading:
    """The listing form's initial values from a page's JobPosting (NoJobPosting without one)."""
    return read_job_posting(find_job_posting(page), page_url)


def read_job_posting(posting: dict, page_url: str) -> Reading:
    reading = Reading()
    _title(reading, posting)
    _company(reading, posting)
    _description(reading, posting)
    _employment_type(reading, posting)
    _seniority(reading)
    _location(reading, posting)
    _salary(reading, posting)
    _expiry(reading, posting)
    _apply_url(reading, posting, page_url)
    _skills(reading, posting)
    # Choices as their plain codes: the values go through the session as JSON.
    reading.initial = {
        name: value.value if isinstance(value, Enum) else value
        for name, value in reading.initial.items()
    }
    return reading


def _title(reading: Reading, posting: dict) -> None:
    title = _text(posting.get("title")) or _text(posting.get("name"))
    limit = Job._meta.get_field("title").max_length
    if not title:
        reading.notes.append("The page gives no title: write one.")
        return
    if len(title) > limit:
        reading.notes.append(f"The title was longer than {limit} characters: it is cut.")
        title = title[:limit].rstrip()
    reading.initial["title"] = title


def _company(reading: Reading, posting: dict) -> None:
    organization = _first(posting.get("hiringOrganization"))
    if isinstance(organization, str):
        name, website = _text(organization), ""
    elif isinstance(organization, dict):
        name = _text(organization.get("name")) or _text(organization.get("legalName"))
        website = next(
            (
                url
                for url in (*_texts(organization.get("sameAs")), *_texts(organization.get("url")))
                if _is_web_url(url)
            ),
            "",
        )
    else:
        name, website = "", ""
    if not name:
        reading.notes.append("The page does not name the hiring company: choose it.")
        return
    company = _matching_company(name, website)
    if company is not None:
        reading.initial["company"] = company.pk
        if company.name != name:
            reading.notes.append(f"Company “{name}” is taken as the existing “{company.name}”.")
        return
    limit = Company._meta.get_field("name").max_length
    reading.new_company = (name[:limit], website)
    where = f" ({website})" if website else ""
    reading.company_note = f"Company “{name}”{where} is new: create it first, then choose it."
    reading.notes.append(reading.company_note)


def _matching_company(name: str, website: str) -> Company | None:
    """An existing company of that name (any case, blanks collapsed), else of that website."""
    company = Company.objects.filter(name__iexact=name).first()
    if company is not None or not website:
        return company
    host = _bare_host(website)
    if not host:
        return None
    for candidate in Company.objects.filter(website__icontains=host):
        if _bare_host(candidate.website) == host:
            return candidate
    return None


def _bare_host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _description(reading: Reading, posting: dict) -> None:
    text = posting.get("description")
    text = "\n".join(_texts(text)) if isinstance(text, list) else text
    if not isinstance(text, str) or not text.strip():
        reading.notes.append("The page's JobPosting has no description: write one.")
        return
    markdown = description_markdown(text)
    if markdown:
        reading.initial["description"] = markdown
    else:
        reading.notes.append("The page's description has no text left once cleaned: write one.")


def description_markdown(text: str) -> str:
    """A description's HTML (or plain text) as Markdown that renders only as text and the
    site's formatting: no raw HTML survives."""
    text = strip_control_characters(text)
    if not HTML_TAG.search(text) and HTML_TAG.search(html.unescape(text)):
        # HTML written with entities ("&lt;p&gt;"), as some systems escape it once more.
        text = html.unescape(text)
    if HTML_TAG.search(text):
        cleaned = nh3.clean(
            text,
            tags=DESCRIPTION_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )
        markdown = markdownify(
            cleaned, heading_style="ATX", bullets="-", autolinks=False, escape_misc=False
        )
    else:
        markdown = html.unescape(text)
    markdown = TAG_OPENING.sub("&lt;", markdown)
    # Blank lines: at most one in a row; no blanks at the ends of lines.
    lines = [line.rstrip() for line in markdown.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _employment_type(reading: Reading, posting: dict) -> None:
    written = [
        part.strip()
        for value in _texts(posting.get("employmentType"))
        for part in value.split(",")
        if part.strip()
    ]
    if not written:
        return
    codes = []
    for value in written:
        code = EMPLOYMENT_TYPES.get(re.sub(r"[\s-]+", "_", value.upper()))
        if code is not None and code not in codes:
            codes.append(code)
    if not codes:
        reading.notes.append(
            f"Employment type “{', '.join(written)}” is not one of the site's: choose it."
        )
        return
    reading.initial["employment_type"] = codes[0]
    if len(codes) > 1:
        others = ", ".join(str(EmploymentType(code).label) for code in codes[1:])
        reading.notes.append(
            f"The page gives several employment types: {EmploymentType(codes[0]).label} is "
            f"chosen (also: {others})."
        )


def _seniority(reading: Reading) -> None:
    title = reading.initial.get("title", "").casefold()
    for code, words in SENIORITY_WORDS:
        if re.search(rf"\b({words})\b\.?", title):
            reading.initial["seniority"] = code
            reading.notes.append(
                f"Seniority “{Seniority(code).label}” is guessed from the title: check it."
            )
            return
    reading.notes.append("The page does not say the seniority: choose it.")


def _location(reading: Reading, posting: dict) -> None:
    places = [place for place in _list(posting.get("jobLocation")) if place]
    addresses = [address for address in map(_address, places) if any(address)]
    remote = any(value.upper() == "TELECOMMUTE" for value in _texts(posting.get("jobLocationType")))
    # A place named "Remote" is a remote job without an office (Lever, Ashby write so).
    office = [address for address in addresses if address[0].casefold() not in REMOTE_PLACES]
    if addresses and not office:
        remote = True
    requirements = _eligibility(reading, posting.get("applicantLocationRequirements"))

    if remote:
        reading.initial["workplace"] = Workplace.HYBRID if office else Workplace.REMOTE
        if office:
            reading.notes.append(
                "The page offers remote work and names an office: set as Hybrid; choose "
                "Remote if the job can be done entirely from home."
            )
    elif office:
        reading.initial["workplace"] = Workplace.ONSITE
    else:
        reading.notes.append("The page does not say where the job is: fill in the location.")

    city, region, country = office[0] if office else ("", "", "")
    if len(office) > 1:
        others = "; ".join(", ".join(part for part in place if part) for place in office[1:])
        reading.notes.append(
            f"The page names several places; the form has the first (also: {others})."
        )
    if city:
        reading.initial["city"] = city[: Job._meta.get_field("city").max_length]
    if region:
        reading.initial["region"] = region[: Job._meta.get_field("region").max_length]
    if not country and not office and addresses:
        country = addresses[0][2]  # the country of a "Remote" place
    if not country and requirements:
        first = requirements[0]
        country = first if first not in eligibility.regions() else ""
    if country:
        reading.initial["country"] = country
    elif reading.initial.get("workplace"):
        reading.notes.append("The page does not give the country: choose it.")
    if remote and not office and requirements:
        reading.initial["eligible"] = "; ".join(requirements)


def _address(place) -> tuple[str, str, str]:
    """(city, region, country code) of a Place, a PostalAddress or a string."""
    is_place = isinstance(place, dict) and "address" in place
    address = _first(place["address"]) if is_place else place
    if isinstance(address, str):
        parts = [part.strip() for part in _text(address).split(",") if part.strip()]
        if not parts:
            return ("", "", "")
        country = country_code(parts[-1]) if len(parts) > 1 else country_code(parts[0])
        if country:
            parts = parts[:-1] if len(parts) > 1 else []
        city = parts[0] if parts else ""
        region = parts[1] if len(parts) > 1 else ""
        return (city, region, country)
    if not isinstance(address, dict):
        return ("", "", "")
    country_value = _first(address.get("addressCountry"))
    if isinstance(country_value, dict):
        country_value = country_value.get("name") or country_value.get("identifier")
    return (
        _text(address.get("addressLocality")),
        _text(address.get("addressRegion")),
        country_code(_text(country_value)),
    )


def country_code(text: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code (2 or 3 letters) or an English name; "" if none."""
    text = " ".join(text.split()).strip(".").strip()
    if not text:
        return ""
    alias = COUNTRY_ALIASES.get(text.casefold()) or COUNTRY_ALIASES.get(f"{text.casefold()}.")
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return ""


def _eligibility(reading: Reading, requirements) -> list[str]:
    """Country codes and region codes of applicantLocationRequirements, in order."""
    found: list[str] = []
    unknown: list[str] = []
    for requirement in _list(requirements):
        if isinstance(requirement, dict):
            name = _text(requirement.get("name")) or _text(requirement.get("identifier"))
        else:
            name = _text(requirement)
        if not name:
            continue
        code = place_token(name)
        if code is None:
            unknown.append(name)
        elif code not in found:
            found.append(code)
    if unknown:
        reading.notes.append(
            f"Applicants' locations not recognised (add them to “Open to applicants in” if "
            f"they matter): {', '.join(unknown)}."
        )
    if len(found) > eligibility.MAX_TOKENS:
        reading.notes.append(
            f"The page names {len(found)} applicant locations; the form has the first "
            f"{eligibility.MAX_TOKENS}."
        )
        found = found[: eligibility.MAX_TOKENS]
    return found


def place_token(name: str) -> str | None:
    """A country code or a region code (jobs.eligibility) for a place's name, else None."""
    folded = " ".join(name.split()).casefold()
    if folded in WORLDWIDE_WORDS:
        return eligibility.WORLDWIDE
    for code, region in eligibility.regions().items():
        if folded in {region.name.casefold(), region.name.casefold().removeprefix("the ")}:
            return code
    try:
        token = eligibility.parse(name)
    except ValidationError:
        token = ""
    if token and " " not in token and (token in eligibility.regions() or len(name) > 2):
        return token
    return country_code(name) or None


def _salary(reading: Reading, posting: dict) -> None:
    salary = _first(posting.get("baseSalary")) or _first(posting.get("estimatedSalary"))
    if salary in (None, "", {}):
        return
    currency = _text(posting.get("salaryCurrency"))
    value = salary
    if isinstance(salary, dict):
        currency = _text(salary.get("currency")) or currency
        value = salary.get("value", salary)
    value = _first(value)
    unit = ""
    if isinstance(value, dict):
        currency = _text(value.get("currency")) or currency
        unit = _text(value.get("unitText"))
        low = _amount(value.get("minValue"))
        high = _amount(value.get("maxValue"))
        single = _amount(value.get("value"))
        if low is None and high is None:
            low = single
        elif low is None:
            low, high = high, None
    else:
        low, high = _amount(value), None
    if isinstance(salary, dict) and not unit:
        unit = _text(salary.get("unitText"))
    if low is None:
        reading.notes.append("The page's salary has no amount that could be read.")
        return
    if high is not None and high < low:
        low, high = high, low
    if high == low:
        high = None
    figures = f"{_figure(low)}\u2013{_figure(high)}" if high is not None else _figure(low)
    currency = currency.upper()
    period = SALARY_PERIODS.get(unit.upper().replace("PER ", "").strip()) if unit else None
    if unit and period is None:
        reading.notes.append(
            f"The salary ({currency or '?'} {figures} per {unit.lower()}) is per a period the "
            "site does not have (hour, month, year): convert it or leave it out."
        )
        return
    reading.initial["salary_min"] = str(low)
    if high is not None:
        reading.initial["salary_max"] = str(high)
    if period is not None:
        reading.initial["salary_period"] = period
    else:
        reading.notes.append("The page's salary does not say its period: per year is assumed.")
        reading.initial["salary_period"] = SalaryPeriod.YEAR
    if not currency:
        reading.notes.append("The page's salary does not say its currency: choose it.")
    elif not re.fullmatch(r"[A-Z]{3}", currency) or not pycountry.currencies.get(alpha_3=currency):
        reading.notes.append(
            f"The page's salary currency “{currency}” is not an ISO 4217 code: choose it."
        )
    elif not ExchangeRate.objects.filter(currency=currency).exists():
        reading.notes.append(
            f"The salary currency {currency} has no exchange rate: add the rate under "
            "Exchange rates, or leave the salary out."
        )
    else:
        reading.initial["salary_currency"] = currency


def _amount(value) -> Decimal | None:
    """A positive amount with at most 2 decimals from a number or a text: "120000",
    "120,000", "$120,000.00", "85k", and decimal commas ("62,50", "1.234,56")."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f']", "", value)
        text = re.sub(r"^[^\d]+", "", text)  # "$120000", "€ 62.50", "EUR62"
        text = _decimal_point(text)
    else:
        return None
    thousands = text[-1:] in {"k", "K"}
    try:
        amount = Decimal(text[:-1] if thousands else text)
    except InvalidOperation:
        return None
    if thousands:
        amount *= 1000
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e10"):
        return None
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.quantize(Decimal("0.01"))


def _decimal_point(text: str) -> str:
    """The number with "." as its decimal point and no thousands separators: the last of "."
    and "," is the decimal point when both are used; a lone "," is one unless every group
    after it has three digits ("120,000")."""
    if "," in text and "." in text:
        point = max(text.rfind(","), text.rfind("."))
        whole, fraction = text[:point], text[point + 1 :]
        return whole.replace(",", "").replace(".", "") + "." + fraction
    if "," in text:
        groups = text.split(",")
        if all(len(re.sub(r"\D", "", group)) == 3 for group in groups[1:]):
            return "".join(groups)
        if len(groups) == 2:
            return ".".join(groups)
    return text


def _figure(amount: Decimal) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def _expiry(reading: Reading, posting: dict) -> None:
    written = _text(posting.get("validThrough"))
    if not written:
        return
    try:
        moment = parse_datetime(written) if len(written) > 10 else None
        day = parse_date(written[:10]) if moment is None else None
    except ValueError:  # a well-formed date that is not in the calendar
        moment = day = None
    if moment is None:
        if day is None:
            reading.notes.append(f"The page's validThrough “{written}” is not a date: not used.")
            return
        # Valid through that day: it expires when the next one begins.
        moment = datetime.combine(day + timedelta(days=1), time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment <= timezone.now():
        reading.notes.append(
            f"The page says the job closed on {written}: the expiry is left empty."
        )
        return
    reading.initial["expires_at"] = moment.isoformat()


def _apply_url(reading: Reading, posting: dict, page_url: str) -> None:
    limit = Job._meta.get_field("apply_url").max_length
    candidates = []
    for action in _list(posting.get("potentialAction")):
        if isinstance(action, dict) and "ApplyAction" in _types(action):
            target = _first(action.get("target"))
            if isinstance(target, dict):
                target = target.get("urlTemplate") or target.get("url")
            candidates.append(_text(target))
    candidates += [_text(posting.get("url")), page_url]
    for url in candidates:
        if _is_web_url(url) and len(url) <= limit:
            reading.initial["apply_url"] = url
            return


def _skills(reading: Reading, posting: dict) -> None:
    names = [
        " ".join(part.split())
        for value in _texts(posting.get("skills"))
        for part in re.split(r"[,;\n]", value)
        if part.strip()
    ]
    if not names:
        return
    folded = {name.casefold(): name for name in names if len(name) <= 60}
    known = [skill for skill in Skill.objects.all() if skill.name.casefold() in folded]
    if known:
        reading.initial["skills"] = [skill.pk for skill in known]
    left = [name for key, name in folded.items() if key not in {s.name.casefold() for s in known}]
    if left:
        reading.notes.append(f"Skills not on the site, left out: {', '.join(left[:20])}.")


# -- Messy values ---------------------------------------------------------------------------


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value):
    if isinstance(value, list):
        return next((item for item in value if item not in (None, "", {})), None)
    return value


def _text(value) -> str:
    """A one-line text from a string or a number: entities decoded, HTML tags dropped (a
    script or style with its content), control characters removed, blanks collapsed."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    text = html.unescape(str(value))
    if "<" in text:
        text = html.unescape(nh3.clean(text, tags=set()))
    return " ".join(strip_control_characters(text).split())


def _texts(value) -> list[str]:
    return [text for text in (_text(item) for item in _list(value)) if text]


def _is_web_url(url: str) -> bool:
    if not url or not is_http_url(url):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False
