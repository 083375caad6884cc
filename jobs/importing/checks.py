"""A listing validated without queries: its model's check constraints compiled to Python.

``constraint_errors(job, exclude)`` gives what ``job.validate_constraints(exclude)`` would,
evaluating each check constraint made of plain field lookups in Python (three-valued, as SQL
does) and leaving any other constraint to the database. ``known_rates`` gives the listing's
salary methods the exchange rate read with the file.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import CheckConstraint, F, Q

from jobs.models import Job


@contextmanager
def known_rates(job: Job, rates: dict[str, Decimal]) -> Iterator[Job]:
    """The listing's salary methods given the exchange rate read with the file.

    ``clean()`` and ``apply_defaults()`` call ``compute_salary_usd()`` and ``salary_errors()``
    without a rate, which then query it: once or twice per row. Inside this block they get the
    rate of the listing's currency from ``rates`` (a currency without a rate is still looked up
    by the model, which reports it), so the model's own code runs unchanged, without queries.
    """

    def compute_salary_usd(usd_per_unit: Decimal | None = None, **options) -> None:
        if usd_per_unit is None:
            usd_per_unit = rates.get(job.salary_currency_id)
        Job.compute_salary_usd(job, usd_per_unit, **options)

    def salary_errors(usd_per_unit: Decimal | None = None) -> dict[str, list[str]]:
        if usd_per_unit is None:
            usd_per_unit = rates.get(job.salary_currency_id)
        return Job.salary_errors(job, usd_per_unit)

    job.compute_salary_usd = compute_salary_usd
    job.salary_errors = salary_errors
    try:
        yield job
    finally:
        del job.compute_salary_usd, job.salary_errors


class Unsupported(Exception):
    """A constraint condition that Python cannot evaluate here: the database checks it."""


# Lookups of check-constraint conditions, evaluated as SQL does (NULL in, unknown out).
COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


@dataclass
class PythonCheck:
    """A check constraint compiled to a Python function of a listing (None: unsupported)."""

    model: type
    constraint: object
    fields: frozenset[str]  # the names it reads: skipped when one of them is excluded
    check: object = None


def field_reader(model, name: str):
    """A function giving a concrete field's value (after ``clean_fields()``: a Python value
    of the field's type, such as a Decimal or an aware datetime)."""
    model_field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not model_field.concrete or model_field.many_to_many or model_field.generated:
        raise Unsupported(name)
    return model_field, operator.attrgetter(model_field.attname)


def compile_condition(node, model, fields: set[str]):
    """A ``Q`` condition of plain field lookups as a function giving True, False or None.

    Three-valued like SQL: a comparison with NULL is unknown, AND and OR follow Kleene's logic
    (a CHECK constraint fails only on False). Expressions, joins and other lookups raise
    Unsupported. ``fields`` collects the field names the condition reads.
    """
    if isinstance(node, Q):
        parts = [compile_condition(child, model, fields) for child in node.children]
        if node.connector not in (Q.AND, Q.OR):
            raise Unsupported(node)
        conjunction, negated = node.connector == Q.AND, node.negated

        def combined(job) -> bool | None:
            results = [part(job) for part in parts]
            if conjunction:
                value = False if False in results else None if None in results else True
            else:
                value = True if True in results else None if None in results else False
            return value if value is None or not negated else not value

        return combined
    if not isinstance(node, tuple):
        raise Unsupported(node)
    lookup, expected = node
    name, *lookups = lookup.split("__")
    kind = lookups[0] if len(lookups) == 1 else "exact" if not lookups else None
    model_field, read = field_reader(model, name)
    fields.update({name, model_field.name})
    if kind == "isnull" and isinstance(expected, bool):
        return lambda job: (read(job) is None) == expected
    if kind not in COMPARISONS:
        raise Unsupported(node)
    if isinstance(expected, F):
        other_field, read_other = field_reader(model, expected.name)
        fields.update({expected.name, other_field.name})
    elif hasattr(expected, "resolve_expression"):
        raise Unsupported(node)
    elif expected is None:
        if kind != "exact":
            raise Unsupported(node)
        return lambda job: read(job) is None  # the ORM turns "= None" into IS NULL
    else:
        value = model_field.get_prep_value(expected)

        def read_other(job):
            return value

    compare = COMPARISONS[kind]

    def compared(job) -> bool | None:
        left, right = read(job), read_other(job)
        if left is None or right is None:
            return None
        if kind != "exact" and isinstance(left, str):
            raise Unsupported(node)  # texts are ordered by the database's collation
        try:
            return compare(left, right)
        except TypeError as error:
            raise Unsupported(node) from error

    return compared


@cache
def python_checks(model) -> list[PythonCheck]:
    """The model's constraints, each compiled when it is a check Python can evaluate."""
    checks = []
    for constraint_model, constraints in model().get_constraints():
        for constraint in constraints:
            fields: set[str] = set()
            try:
                if not isinstance(constraint, CheckConstraint):
                    raise Unsupported(constraint)
                check = compile_condition(constraint.condition, constraint_model, fields)
            except (Unsupported, FieldDoesNotExist):
                checks.append(PythonCheck(constraint_model, constraint, frozenset()))
            else:
                checks.append(PythonCheck(constraint_model, constraint, frozenset(fields), check))
    return checks


def constraint_errors(job: Job, exclude: set[str]) -> list[str]:
    """``job.validate_constraints(exclude)``'s messages, check constraints evaluated in Python.

    The same constraints are skipped (those reading an excluded field) and the same messages
    given; a constraint that Python cannot evaluate is validated by the database as before.
    """
    messages = []
    for item in python_checks(type(job)):
        if item.check is not None:
            if not item.fields.isdisjoint(exclude):
                continue
            try:
                if item.check(job) is False:
                    messages.append(item.constraint.get_violation_error_message())
                continue
            except Unsupported:
                pass
        try:
            item.constraint.validate(item.model, job, exclude=exclude)
        except ValidationError as error:
            messages.extend(error.messages)
    return messages
