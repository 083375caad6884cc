"""``parse_article``: an article in the seed's form, checked whole before anything is written."""

from __future__ import annotations

from careers.importing.form import (
    HEADING_PATTERNS,
    NOT_ARTICLE_TEXT,
    READ_TIME_LINE,
    SALARY_LINK_LINE,
    SECTION_NAMES,
    SECTIONS,
    SIDEBAR_LINE,
    ArticleFormatError,
    ParsedArticle,
    ParsedRole,
    paragraphs,
    parse_date,
)
from careers.importing.roles import parse_definitions, parse_role_lists, parse_tips, role_names
from careers.models import DEFAULT_SUBTITLE
from careers.text_repair import control_character_code, repair_mojibake


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

    names = role_names(title, paragraphs(section_lines("definitions")))
    roles = {name: ParsedRole(name=name) for name in names}

    # The page repeats its title (a breadcrumb) and says "Table of contents" above the intro.
    intro = paragraphs(
        [
            "" if line.strip() == title or line.strip().lower() in NOT_ARTICLE_TEXT else line
            for line in lines[read_index + 1 : found["definitions"]]
        ]
    )

    parse_definitions(paragraphs(section_lines("definitions")), roles)
    for key, _, role_field in HEADING_PATTERNS:
        if role_field and key != "tips":
            parse_role_lists(SECTION_NAMES[key], section_lines(key), role_field, roles)
    parse_tips(section_lines("tips"), roles)

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
