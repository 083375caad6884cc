"""Demo data of the careers app: nine roles and eleven comparison articles written for this
project (nine published on different dates, one scheduled, one draft).

The texts are data files beside this module, shipped as package data: ``data/roles.toml`` and
``data/comparisons.toml`` (each file's opening comment says what its keys mean). ``load()``
reads and checks them. Salary titles are job titles of the ai-jobs.net survey; keywords match
the demo listings' titles. Records are updated in place (roles by name, comparisons by their
pair of roles), so running ``seed_demo`` again changes nothing.
"""

import tomllib
from datetime import timedelta
from importlib import resources

from django.utils import timezone

from careers.models import Comparison, Role
from core.slugs import available_slug

DATA = resources.files(__package__).joinpath("data")

# The keys of a role in roles.toml: its name and the fields the demo sets.
ROLE_KEYS = {
    "name",
    "salary_title",
    "keywords",
    "definition",
    "responsibilities",
    "skills",
    "education",
    "tools",
    "industries",
    "tips",
}
COMPARISON_KEYS = {"role_a", "role_b", "status", "days_ago", "intro", "outlook", "conclusion"}


class DemoDataError(ValueError):
    """A data file with a missing or unknown key, or a comparison of roles it does not define."""


def read_tables() -> dict[str, list[dict]]:
    """The roles and the comparisons of the data files, in file order."""
    roles = tomllib.loads(DATA.joinpath("roles.toml").read_text(encoding="utf-8"))
    comparisons = tomllib.loads(DATA.joinpath("comparisons.toml").read_text(encoding="utf-8"))
    return {"roles": roles.get("role", []), "comparisons": comparisons.get("comparison", [])}


def check(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The tables, if every entry has its keys and every comparison names two known roles."""
    problems = []
    for number, role in enumerate(tables["roles"], 1):
        if set(role) != ROLE_KEYS:
            problems.append(
                f"roles.toml, role {number}: missing {sorted(ROLE_KEYS - set(role))}, "
                f"unknown {sorted(set(role) - ROLE_KEYS)}"
            )
    names = [role.get("name") for role in tables["roles"]]
    problems += [
        f"roles.toml: {name} is listed twice"
        for name in dict.fromkeys(names)
        if names.count(name) > 1
    ]
    pairs = set()
    for number, comparison in enumerate(tables["comparisons"], 1):
        where = f"comparisons.toml, comparison {number}"
        required = COMPARISON_KEYS - {"days_ago"}
        if not required <= set(comparison) or not set(comparison) <= COMPARISON_KEYS:
            problems.append(
                f"{where}: missing {sorted(required - set(comparison))}, "
                f"unknown {sorted(set(comparison) - COMPARISON_KEYS)}"
            )
            continue
        pair = frozenset((comparison["role_a"], comparison["role_b"]))
        problems += [f"{where}: no role {name} in roles.toml" for name in pair if name not in names]
        if len(pair) != 2 or pair in pairs:
            problems.append(f"{where}: not a new pair of two different roles")
        pairs.add(pair)
        if comparison["status"] not in Comparison.Status.values:
            problems.append(f"{where}: status is one of {Comparison.Status.values}")
        elif comparison["status"] == Comparison.Status.PUBLISHED and "days_ago" not in comparison:
            problems.append(f"{where}: a published comparison needs days_ago")
    if problems:
        raise DemoDataError("; ".join(problems))
    return tables


def load() -> dict[str, list[dict]]:
    """The shipped roles and comparisons, checked."""
    return check(read_tables())


def save_if_changed(record, values: dict) -> None:
    """Set the values and save, unless nothing changed (so "updated" times stay true)."""
    changed = record.pk is None
    for field, value in values.items():
        if getattr(record, field) != value:
            setattr(record, field, value)
            changed = True
    if changed:
        record.save()


def seed(stdout):
    tables = load()
    roles = {}
    for values in tables["roles"]:
        values = dict(values)
        name = values.pop("name")
        role = Role.objects.filter(name__iexact=name).first()
        if role is None:
            role = Role(name=name, slug=available_slug(Role, name, 120, fallback="role"))
        save_if_changed(role, values)
        roles[name] = role

    today = timezone.localdate()
    for entry in tables["comparisons"]:
        name_a, name_b, days_ago = entry["role_a"], entry["role_b"], entry.get("days_ago")
        role_a, role_b = roles[name_a], roles[name_b]
        comparison = Comparison.objects.of_pair(role_a, role_b).first() or Comparison(
            role_a=role_a, role_b=role_b
        )
        values = {
            "title": f"{name_a} vs. {name_b}",
            "intro": entry["intro"],
            "outlook": entry["outlook"],
            "conclusion": entry["conclusion"],
            "status": entry["status"],
            "published_on": None if days_ago is None else today - timedelta(days=days_ago),
        }
        save_if_changed(comparison, values)
    stdout.write(
        f"Careers: {len(tables['roles'])} roles and {len(tables['comparisons'])} comparisons ready."
    )
