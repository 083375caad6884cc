"""The two roles of an article: their names (from the title and the Definitions section) and
what each section says of each of them."""

from __future__ import annotations

from careers.importing.form import (
    BULLET_LINE,
    TITLE_SEPARATOR,
    ArticleFormatError,
    ParsedRole,
    blocks_and_bullets,
    normalize_apostrophes,
)
from careers.models import Role


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


def role_names(title: str, definitions: list[str]) -> list[str]:
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


def parse_definitions(blocks: list[str], roles: dict[str, ParsedRole]) -> None:
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


def add_bullet(line: str, current: ParsedRole | None, role_field: str, orphan: str) -> bool:
    """Whether ``line`` is a bullet; if so its item joins the current role's list
    (ArticleFormatError ``orphan`` when no role came before it)."""
    bullet = BULLET_LINE.match(line)
    if not bullet:
        return False
    if current is None:
        raise ArticleFormatError(orphan)
    if item := bullet.group(1).strip():
        current.lists[role_field].append(item)
    return True


def parse_role_lists(
    section: str, lines: list[str], role_field: str, roles: dict[str, ParsedRole]
) -> None:
    names = list(roles)
    current = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        orphan = (
            f"{section}: the bullet \u201c{line[:60]}\u201d comes before any role's sub-heading"
        )
        if add_bullet(line, current, role_field, orphan):
            continue
        name = role_named_at_start(line, names)
        if name is None:
            raise ArticleFormatError(
                f"{section}: \u201c{line[:60]}\u201d is neither a bullet nor a sub-heading that "
                "names one of the roles"
            )
        current = roles[name]


def parse_tips(lines: list[str], roles: dict[str, ParsedRole]) -> None:
    names = list(roles)
    current = None
    for block in blocks_and_bullets(lines):
        orphan = (
            f"Practical Tips: the bullet \u201c{block[:60]}\u201d comes before a sentence "
            "naming the role"
        )
        if add_bullet(block, current, "tips", orphan):
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
