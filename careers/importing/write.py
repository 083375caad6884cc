"""``import_article``: a parsed article's roles and comparison created or updated, all or
nothing, with a report of what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from careers.importing.form import ArticleFormatError, ParsedArticle, ParsedRole
from careers.models import Comparison, Role
from core.slugs import available_slug


@dataclass
class ImportReport:
    lines: list[str] = field(default_factory=list)
    changed: bool = False

    def add(self, line: str, changed: bool = True) -> None:
        self.lines.append(line)
        self.changed = self.changed or changed


def _validated(instance, what: str) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
        )
        raise ArticleFormatError(f"{what} is not valid: {messages}") from error


def _import_role(parsed: ParsedRole, report: ImportReport) -> Role:
    role = Role.objects.filter(name__iexact=parsed.name).first()
    values = {"definition": parsed.definition, "tips_intro": parsed.tips_intro, **parsed.lists}
    if role is None:
        salary_title = parsed.salary_title or parsed.name
        role = Role(name=parsed.name, salary_title=salary_title, keywords=[salary_title], **values)
        role.slug = available_slug(Role, parsed.name, 120, fallback="role")
        _validated(role, f"The role \u201c{parsed.name}\u201d")
        role.save()
        report.add(f"created role {role.name}")
        return role
    if parsed.salary_title:
        values["salary_title"] = parsed.salary_title
    elif not role.salary_title:
        values["salary_title"] = parsed.name
    changed = [name for name, value in values.items() if getattr(role, name) != value]
    if not changed:
        report.add(f"unchanged role {role.name}", changed=False)
        return role
    for name in changed:
        setattr(role, name, values[name])
    _validated(role, f"The role \u201c{role.name}\u201d")
    role.save()
    report.add(f"updated role {role.name}: {', '.join(changed)}")
    return role


def import_article(article: ParsedArticle) -> ImportReport:
    """Create or update the article's roles and comparison, all or nothing."""
    report = ImportReport()
    with transaction.atomic():
        role_a, role_b = (_import_role(parsed, report) for parsed in article.roles)
        values = {
            "role_a": role_a,
            "role_b": role_b,
            "title": article.title,
            "subtitle": article.subtitle,
            "intro": article.intro,
            "outlook": article.outlook,
            "conclusion": article.conclusion,
            "status": Comparison.Status.PUBLISHED,
            "published_on": article.published_on,
        }
        comparison = Comparison.objects.of_pair(role_a, role_b).first()
        if comparison is None:
            comparison = Comparison(**values)
            comparison.slug = available_slug(Comparison, article.title, fallback="article")
            _validated(comparison, "The comparison")
            comparison.save()
            report.add(f"created comparison {comparison.title} ({comparison.get_absolute_url()})")
        else:
            changed = [name for name, value in values.items() if getattr(comparison, name) != value]
            if changed:
                for name in changed:
                    setattr(comparison, name, values[name])
                _validated(comparison, "The comparison")
                comparison.save()
                report.add(f"updated comparison {comparison.title}: {', '.join(changed)}")
            else:
                report.add(f"unchanged comparison {comparison.title}", changed=False)
    return report
