"""Read a comparison article in the seed page's plain-text form into roles and a comparison.

The form (see ``../shared/seeds/``)::

    Role A vs. Role B
    Role A vs Role B: Which Career Path Should You Choose?
    4 min read · Dec. 6, 2023
    (intro paragraphs)
    Definitions            Role A: ... / Role B: ...
    Responsibilities       "Role A Responsibilities:" then "  • item" lines, same for Role B
    Required Skills, Educational Backgrounds, Tools and Software Used, Common Industries: same
    Outlooks               paragraphs
    Practical Tips for Getting Started   "If you're interested in ... Role A, ...:" then bullets
    Conclusion             paragraphs
    Featured Job / Salary Insights / Related articles   the page's sidebar, not article text

The sidebar begins at the first whole sidebar line after the Conclusion heading ("Featured Job"
with an optional emoji, "Salary Insights", "Related articles"); an article paragraph that merely
begins with those words stays article text. The title's two roles must be the two roles the
Definitions section defines. A control character anywhere in the file refuses it.

``parse_article`` repairs the character decoding and checks the whole form before anything is
written; ``import_article`` then creates or updates the two roles (matched by name) and the
comparison (matched by its pair of roles, whatever the order) in one transaction and reports
what it created and what it changed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from careers.models import DEFAULT_SUBTITLE, ROLE_LIST_FIELDS, Comparison, Role
from careers.text_repair import control_character_code, repair_mojibake
from core.slugs import available_slug


class ArticleFormatError(ValueError):
    """The text is not a comparison article in the seed's form."""


# The article's sections in their order: (key, heading pattern, the role list it fills).
SECTIONS = [
    ("definitions", r"definitions?", None),
    ("responsibilities", r"(?:key )?responsibilities", "responsibilities"),
    ("skills", r"(?:required )?skills", "skills"),
    ("education", r"educational backgrounds?|education", "education"),
    ("tools", r"tools and software(?: used)?|tools", "tools"),
    ("industries", r"(?:common )?industries", "industries"),
    ("outlook", r"(?:job )?outlooks?", None),
    ("tips", r"practical tips(?: for getting started)?|tips for getting started", "tips"),
    ("conclusion", r"conclusions?", None),
]
SECTION_NAMES = {
    "definitions": "Definitions",
    "responsibilities": "Responsibilities",
    "skills": "Required Skills",
    "education": "Educational Backgrounds",
    "tools": "Tools and Software Used",
    "industries": "Common Industries",
    "outlook": "Outlooks",
    "tips": "Practical Tips for Getting Started",
    "conclusion": "Conclusion",
}
HEADING_PATTERNS = [
    (key, re.compile(rf"^(?:{pattern})$", re.IGNORECASE), role_field)
    for key, pattern, role_field in SECTIONS
]

READ_TIME_LINE = re.compile(
    r"^(\d+)\s*min(?:ute)?s?\s+read\s*(?:[·•|\-\u2013\u2014])\s*(.+)$", re.I
)
BULLET_LINE = re.compile(r"^[\u2022\u25e6*\-\u2013]\s*(.*)$")
# A whole line of the page's sidebar: "Featured Job" (with an emoji, or the emoji's mojibake,
# after it), "Salary Insights" or "Related articles".
SIDEBAR_LINE = re.compile(
    r"^(?:featured jobs?(?:\s*[^\x00-\x7f]{1,8})?|salary insights|related articles)$", re.I
)
SALARY_LINK_LINE = re.compile(r"^view salary info for (.+?)\s*\(([^)]*)\)", re.I)
TITLE_SEPARATOR = re.compile(r"\s+(?:vs\.?|versus)\s+", re.I)
DATE_TEXT = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
NOT_ARTICLE_TEXT = {"table of contents"}


@dataclass
class ParsedRole:
    name: str
    definition: str = ""
    lists: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in ROLE_LIST_FIELDS})
    tips_intro: str = ""
    salary_title: str = ""


@dataclass
class ParsedArticle:
    title: str
    subtitle: str
    published_on: datetime.date
    intro: str
    outlook: str
    conclusion: str
    roles: list[ParsedRole]


def parse_date(text: str) -> datetime.date:
    """ "Dec. 6, 2023", "Sept. 14, 2024", "March 3, 2024" or "2024-03-03"."""
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    match = DATE_TEXT.match(text)
    month = MONTHS.get(match.group(1)[:3].lower()) if match else None
    if month is None:
        raise ArticleFormatError(f"the date \u201c{text}\u201d is not a date like Dec. 6, 2023")
    try:
        return datetime.date(int(match.group(3)), month, int(match.group(2)))
    except ValueError as error:
        raise ArticleFormatError(f"the date \u201c{text}\u201d does not exist") from error


def paragraphs(lines: list[str]) -> list[str]:
    """Blocks of consecutive non-blank lines, each joined into one line."""
    blocks, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


def role_named_at_start(line: str, names: list[str]) -> str | None:
    """The (longest) role name that ``line`` starts with, ignoring case."""
    lowered = line.lower()
    matches = [name for name in names if lowered.startswith(name.lower())]
    return max(matches, key=len) if matches else None


def roles_named_in(text: str, names: list[str]) -> list[str]:
    """The role names that occur in ``text``, ignoring case, shorter names inside longer left
    out ("Data Engineer" inside "Software Data Engineer")."""
    lowered = text.lower()
    found = [name for name in names if name.lower() in lowered]
    return [
        name
        for name in found
        if not any(other != name and name.lower() in other.lower() for other in found)
    ]


def normalize_apostrophes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def parse_article(text: str) -> ParsedArticle:
    """The article in ``text``, or ArticleFormatError saying what is wrong with the form."""
    text = repair_mojibake(text.lstrip("\ufeff"))
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    _refuse_control_characters(raw_lines)  # before rstrip(), which would drop some of them
    lines = [line.rstrip() for line in raw_lines]
    numbered = [(number, line.strip()) for number, line in enumerate(lines) if line.strip()]
    if not numbered:
        raise ArticleFormatError("the file is empty")
    title_index, title = numbered[0]
    if len(title) > 200:
        raise ArticleFormatError("the first line is not a title (longer than 200 characters)")

    read_index = read_match = None
    for number, line in numbered[1:6]:
        read_match = READ_TIME_LINE.match(line)
        if read_match:
            read_index = number
            break
    if read_index is None:
        raise ArticleFormatError(
            "no \u201cN min read \u00b7 <date>\u201d line below the title: "
            "this is not an article in the seed's form"
        )
    published_on = parse_date(read_match.group(2))
    subtitle_lines = [line for number, line in numbered if title_index < number < read_index]
    subtitle = subtitle_lines[0].split(":", 1)[-1].strip() if subtitle_lines else ""

    # Find the section headings (the first line that reads as each).
    found: dict[str, int] = {}
    for number in range(read_index + 1, len(lines)):
        line = lines[number].strip()
        for key, pattern, _ in HEADING_PATTERNS:
            if pattern.match(line) and key not in found:
                found[key] = number
                break

    # The article ends where the page's sidebar begins: a whole sidebar line after the
    # Conclusion heading. A "heading" found in the sidebar (a featured job's title) is none.
    end = len(lines)
    if "conclusion" in found:
        end = next(
            (
                number
                for number, line in numbered
                if number > found["conclusion"] and SIDEBAR_LINE.match(line)
            ),
            len(lines),
        )
    found = {key: number for key, number in found.items() if number < end}
    salary_titles = [
        match.group(1).strip()
        for number, line in numbered
        if number >= end and (match := SALARY_LINK_LINE.match(line))
    ]

    # The section headings must all be there, in order.
    missing = [SECTION_NAMES[key] for key, _, _ in SECTIONS if key not in found]
    if missing:
        raise ArticleFormatError(
            "sections missing: " + ", ".join(missing) + " (each on a line of its own)"
        )
    order = [key for key, _, _ in SECTIONS]
    if sorted(found, key=found.get) != order:
        raise ArticleFormatError(
            "the sections are not in the order " + ", ".join(SECTION_NAMES[key] for key in order)
        )
    bounds = {
        key: (found[key] + 1, found[order[position + 1]] if position + 1 < len(order) else end)
        for position, key in enumerate(order)
    }

    def section_lines(key: str) -> list[str]:
        start, stop = bounds[key]
        return lines[start:stop]

    names = _role_names(title, paragraphs(section_lines("definitions")))
    roles = {name: ParsedRole(name=name) for name in names}

    # The page repeats its title (a breadcrumb) and says "Table of contents" above the intro.
    intro = paragraphs(
        [
            "" if line.strip() == title or line.strip().lower() in NOT_ARTICLE_TEXT else line
            for line in lines[read_index + 1 : found["definitions"]]
        ]
    )

    _parse_definitions(paragraphs(section_lines("definitions")), roles)
    for key, _, role_field in HEADING_PATTERNS:
        if role_field and key != "tips":
            _parse_role_lists(SECTION_NAMES[key], section_lines(key), role_field, roles)
    _parse_tips(section_lines("tips"), roles)

    for role in roles.values():
        role.salary_title = max(
            (title for title in salary_titles if title.lower() in role.name.lower()),
            key=len,
            default="",
        )

    return ParsedArticle(
        title=title,
        subtitle=subtitle or DEFAULT_SUBTITLE,
        published_on=published_on,
        intro="\n\n".join(intro),
        outlook="\n\n".join(paragraphs(section_lines("outlook"))),
        conclusion="\n\n".join(paragraphs(section_lines("conclusion"))),
        roles=list(roles.values()),
    )


def _refuse_control_characters(lines: list[str]) -> None:
    """ArticleFormatError naming the first line (counted as in the file) with a control
    character (anything in Unicode category Cc but tab, line feed and carriage return)."""
    for number, line in enumerate(lines, 1):
        code = control_character_code(line)
        if code:
            raise ArticleFormatError(
                f"line {number}: contains a control character ({code}), which an article "
                "cannot hold; remove it"
            )


# Short linking words and signs a role name may hold between its capitalised words.
ROLE_NAME_LINKS = {"of", "and", "for", "in", "the", "to", "de", "&", "/", "-", "+"}
MAX_ROLE_NAME_WORDS = 10


def _role_name_word(word: str) -> bool:
    """A word of a role name: capitalised ("Data", "ML/AI", "(NLP)", "3D") or a linking word."""
    core = word.strip("()[]")
    return bool(core) and (core[0].isupper() or core[0].isdigit() or word in ROLE_NAME_LINKS)


def defined_role_names(definitions: list[str]) -> list[str]:
    """The names of the "Role: definition" paragraphs of the Definitions section, in order.

    A paragraph that continues a definition ("In short, they answer one question: ...") is not
    one: the text before its colon is not a name made of capitalised words.
    """
    names = []
    for block in definitions:
        if ":" not in block:
            continue
        name = block.split(":", 1)[0].strip()
        words = name.split()
        if (
            words
            and len(name) <= 120
            and len(words) <= MAX_ROLE_NAME_WORDS
            and all(_role_name_word(word) for word in words)
            and name.lower() not in (known.lower() for known in names)
        ):
            names.append(name)
    return names


def _quoted_list(names: list[str]) -> str:
    quoted = [f"\u201c{name}\u201d" for name in names]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _role_names(title: str, definitions: list[str]) -> list[str]:
    """The two roles: from the title ("A vs. B"), which must name the two roles the Definitions
    section defines; else from the "Name: definition" paragraphs."""
    parts = [part.strip(" ?:") for part in TITLE_SEPARATOR.split(title)]
    if len(parts) == 2 and all(parts):
        if parts[0].lower() == parts[1].lower():
            raise ArticleFormatError(
                f"the title \u201c{title}\u201d names the same role twice; a comparison needs "
                "two different roles"
            )
        defined = [
            name
            for block in definitions
            if (name := role_named_at_start(block, parts))
            and block[len(name) :].lstrip().startswith(":")
        ]
        others = [
            name
            for name in defined_role_names(definitions)
            if name.lower() not in (part.lower() for part in parts)
        ]
        if others or {name.lower() for name in defined} != {part.lower() for part in parts}:
            found = defined_role_names(definitions)
            defines = (
                f"defines {_quoted_list(found)}"
                if found
                else "defines no role (each as \u201cRole: definition\u201d)"
            )
            raise ArticleFormatError(
                f"the title names {_quoted_list(parts)} but the Definitions section {defines}; "
                "the title must name the two roles the article defines"
            )
        return parts
    names = []
    for block in definitions:
        name = block.split(":", 1)[0].strip() if ":" in block else ""
        if name and len(name) <= 120 and name not in names:
            names.append(name)
    if len(names) != 2:
        raise ArticleFormatError(
            "no roles found: the title does not read \u201cRole A vs. Role B\u201d and the "
            "Definitions section does not hold two \u201cRole: definition\u201d paragraphs"
        )
    return names


def _parse_definitions(blocks: list[str], roles: dict[str, ParsedRole]) -> None:
    names = list(roles)
    current = None
    for block in blocks:
        name = role_named_at_start(block, names)
        if name and block[len(name) :].lstrip().startswith(":"):
            current = roles[name]
            current.definition = block[len(name) :].lstrip()[1:].strip()
        elif current is not None:
            current.definition = f"{current.definition} {block}".strip()
        else:
            raise ArticleFormatError(
                f"Definitions: \u201c{block[:60]}\u201d does not start with a role name and a colon"
            )
    undefined = [role.name for role in roles.values() if not role.definition]
    if len(undefined) == len(roles):
        raise ArticleFormatError(
            "no roles found: the Definitions section defines neither "
            + " nor ".join(f"\u201c{name}\u201d" for name in names)
        )


def _parse_role_lists(
    section: str, lines: list[str], role_field: str, roles: dict[str, ParsedRole]
) -> None:
    names = list(roles)
    current = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        bullet = BULLET_LINE.match(line)
        if bullet:
            if current is None:
                raise ArticleFormatError(
                    f"{section}: the bullet \u201c{line[:60]}\u201d comes before any role's "
                    "sub-heading"
                )
            if bullet.group(1).strip():
                current.lists[role_field].append(bullet.group(1).strip())
            continue
        name = role_named_at_start(line, names)
        if name is None:
            raise ArticleFormatError(
                f"{section}: \u201c{line[:60]}\u201d is neither a bullet nor a sub-heading that "
                "names one of the roles"
            )
        current = roles[name]


def _parse_tips(lines: list[str], roles: dict[str, ParsedRole]) -> None:
    names = list(roles)
    current = None
    for block in _blocks_and_bullets(lines):
        bullet = BULLET_LINE.match(block)
        if bullet:
            if current is None:
                raise ArticleFormatError(
                    f"Practical Tips: the bullet \u201c{block[:60]}\u201d comes before a "
                    "sentence naming the role"
                )
            if bullet.group(1).strip():
                current.lists["tips"].append(bullet.group(1).strip())
            continue
        named = roles_named_in(block, names)
        if len(named) != 1:
            raise ArticleFormatError(
                f"Practical Tips: \u201c{block[:60]}\u201d does not name exactly one of the roles"
            )
        current = roles[named[0]]
        default = Role(name=current.name).tips_introduction
        if normalize_apostrophes(block) != normalize_apostrophes(default):
            current.tips_intro = block


def _blocks_and_bullets(lines: list[str]) -> list[str]:
    """Each bullet line on its own; other lines grouped into paragraphs."""
    blocks, current = [], []
    for raw in [*lines, ""]:
        line = raw.strip()
        if BULLET_LINE.match(line) or not line:
            if current:
                blocks.append(" ".join(current))
                current = []
            if line:
                blocks.append(line)
        else:
            current.append(line)
    return blocks


# -- Writing ---------------------------------------------------------------------------------


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
        comparison = Comparison.objects.filter(
            Q(role_a=role_a, role_b=role_b) | Q(role_a=role_b, role_b=role_a)
        ).first()
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
