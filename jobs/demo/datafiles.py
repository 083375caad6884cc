"""The demo data files of ``data/`` (TOML, shipped as package data), read and checked.

Editors change the demo's companies, countries, titles, kinds of work and wording there; each
file's opening comment says what its keys mean. ``load()`` reads them all and checks them
against each other (a company's country, a title's family and levels, the wording for every
level and workplace), naming the file and the entry of any mistake. ``jobs.demo.listings``
makes the listings from them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from jobs.choices import Seniority, Workplace

DATA = resources.files(__package__).joinpath("data")
DATA_FILES = ("companies", "countries", "titles", "families", "wording")


class DemoDataError(ValueError):
    """A data file with a missing or unknown key, or naming what no other file defines."""


@dataclass(frozen=True)
class DemoCompany:
    name: str
    country: str
    description: str


@dataclass(frozen=True)
class Country:
    name: str  # as a remote listing says where applicants must live: "the United States"
    currency: str
    pay_factor: Decimal  # pay relative to the US at the same experience level
    cities: tuple[tuple[str, str], ...]  # (city, region)


@dataclass(frozen=True)
class Title:
    family: str
    medians: dict[str, int]  # median yearly USD by experience level (Seniority code)
    skills: tuple[str, ...] = ()  # always asked for, beside the family's


@dataclass(frozen=True)
class Family:
    missions: tuple[str, ...]
    duties: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    requirement: str
    titles: tuple[str, ...]  # patterns of a listing's title, "{title}" the survey title


@dataclass(frozen=True)
class DemoData:
    companies: tuple[DemoCompany, ...]
    countries: dict[str, Country]  # by code, in the order a remote listing abroad picks one
    titles: dict[str, Title]  # by survey title, most common first
    families: dict[str, Family]
    levels: dict[str, Level]  # by Seniority code
    workplace_sentences: dict[str, str]  # by Workplace value
    benefits: tuple[str, ...] = ()  # listing N has benefits N modulo their number


def read_tables() -> dict[str, dict]:
    """The data files as parsed TOML, by name; numbers with a point are exact decimals."""
    return {
        name: tomllib.loads(
            DATA.joinpath(f"{name}.toml").read_text(encoding="utf-8"), parse_float=Decimal
        )
        for name in DATA_FILES
    }


def record(cls, where: str, values: dict, lists: tuple[str, ...] = ()):
    """One entry of a data file as ``cls``, its lists as tuples; a wrong key says where."""
    values = {**values, **{key: tuple(values[key]) for key in lists if key in values}}
    try:
        return cls(**values)
    except TypeError as error:
        message = str(error).removeprefix(f"{cls.__name__}.__init__() ")
        raise DemoDataError(f"{where}: {message}") from None


def parse(tables: dict[str, dict]) -> DemoData:
    """The demo data from the parsed files, checked against each other."""
    data = DemoData(
        companies=tuple(
            record(DemoCompany, f"companies.toml, company {index + 1}", values)
            for index, values in enumerate(tables["companies"].get("company", []))
        ),
        countries={
            code: record(
                Country,
                f"countries.toml [{code}]",
                {**values, "cities": [tuple(pair) for pair in values.get("cities", [])]},
                ("cities",),
            )
            for code, values in tables["countries"].items()
        },
        titles={
            name: record(Title, f'titles.toml ["{name}"]', values, ("skills",))
            for name, values in tables["titles"].items()
        },
        families={
            name: record(
                Family, f"families.toml [{name}]", values, ("missions", "duties", "skills")
            )
            for name, values in tables["families"].items()
        },
        levels={
            code: record(Level, f"wording.toml [level.{code}]", values, ("titles",))
            for code, values in tables["wording"].get("level", {}).items()
        },
        workplace_sentences=tables["wording"].get("workplace", {}),
        benefits=tuple(tables["wording"].get("benefits", {}).get("options", [])),
    )
    problems = [
        f"companies.toml: {company.name} is in {company.country}, not in countries.toml"
        for company in data.companies
        if company.country not in data.countries
    ]
    names = [company.name for company in data.companies]
    problems += [
        f"companies.toml: {name} is listed twice"
        for name in sorted(set(names))
        if names.count(name) > 1
    ]
    for name, title in data.titles.items():
        if title.family not in data.families:
            problems.append(f'titles.toml ["{name}"]: no family {title.family} in families.toml')
        if not title.medians or not set(title.medians) <= set(Seniority.values):
            problems.append(f'titles.toml ["{name}"]: medians at levels of {Seniority.values}')
    if not any(Seniority.ENTRY in title.medians for title in data.titles.values()):
        problems.append("titles.toml: no title has an entry-level median for internships")
    problems += [
        f"countries.toml [{code}]: no cities" for code, c in data.countries.items() if not c.cities
    ]
    if set(data.levels) != set(Seniority.values):
        problems.append(f"wording.toml: [level.*] for exactly {Seniority.values}")
    if set(data.workplace_sentences) != set(Workplace.values):
        problems.append(f"wording.toml: [workplace] sentences for exactly {Workplace.values}")
    if problems:
        raise DemoDataError("; ".join(problems))
    return data


def load() -> DemoData:
    """The shipped demo data, checked."""
    return parse(read_tables())
