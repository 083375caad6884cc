"""Hostile text in every editor field never becomes live markup anywhere text leaves the site:
pages (with their meta tags and JSON-LD), the feeds as a reader renders them, mailto links,
the sitemaps and the admin.

Each page is parsed as a browser would (``html.parser``): no inline script that is not data,
no ``on*`` attribute, no ``javascript:`` or ``data:`` link; every JSON block parses; and the
hostile text itself is there, as text.
"""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from careers.models import Comparison, Role
from jobs.models import Company, Job, Skill

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "`<img src=x onerror=alert(1)>`",
    "</script><script>alert(1)</script>",
    "[click me](javascript:alert(1))",
    "'\"}]};alert(1)//",
    '<a href="javascript:alert(1)">link</a>',
    "<svg onload=alert(1)>",
    "</title></textarea><style>*{}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset"}


class PageCheck(HTMLParser):
    """What a browser would run in a document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.attribute_values: list[str] = []
        self.data_blocks: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            self.attribute_values.append(value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            squeezed = "".join(value.split()).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            attributes = dict(attrs)
            self._script = {"type": attributes.get("type") or "", "src": attributes.get("src")}
            self._script_text = []
        if tag in {"iframe", "object", "embed", "base"}:
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body = "".join(self._script_text)
            kind = self._script["type"]
            if kind in DATA_SCRIPT_TYPES:
                self.data_blocks.append(body)
            elif (
                not (src := self._script["src"]) or not src.startswith("/") or src.startswith("//")
            ):
                self.problems.append(f"inline script {body[:60]!r}")
            elif body.strip():
                self.problems.append("a script with a src and a body")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)


def check_html(markup: str, where: str) -> PageCheck:
    checker = PageCheck()
    checker.feed(markup)
    checker.close()
    assert not checker.problems, f"{where}: {checker.problems}"
    for block in checker.data_blocks:
        json.loads(block)  # a JSON block that a quote broke out of fails here
    return checker


def visible(checker: PageCheck) -> str:
    return " ".join(" ".join(checker.text).split())


@pytest.fixture
def hostile_board(db):
    """Every editor text field of every model, each holding one of the payloads."""
    now = timezone.now()
    jobs, comparisons = [], []
    for number, payload in enumerate(PAYLOADS):
        company = Company.objects.create(
            name=f"Acme {number} {payload}"[:200],
            slug=f"acme-{number}",
            website="https://acme.example",
            description=f"We build {payload}\n\n{payload}",
        )
        skill = Skill.objects.create(name=f"S{number} {payload}"[:60], slug=f"skill-{number}")
        job = Job.objects.create(
            title=f"Engineer {number} {payload}"[:200],
            slug=f"engineer-{number}",
            company=company,
            description=f"# {payload}\n\n{payload}\n\n* {payload}\n\n`{payload}`",
            apply_email='"x?bcc=spy@evil.example"@acme.example' if number == 0 else "",
            apply_url="" if number == 0 else f"https://acme.example/apply/{number}",
            seniority="SE",
            workplace="hybrid",
            city=f"City {payload}"[:100],
            region=f"Region {payload}"[:100],
            country="US",
            status=Job.Status.PUBLISHED,
            published_at=now - timedelta(days=1),
            featured_until=now + timedelta(days=5),
        )
        job.skills.add(skill)
        jobs.append(job)
        role_a = Role.objects.create(
            name=f"Role {number}a {payload}"[:120],
            slug=f"role-{number}a",
            definition=payload,
            responsibilities=[payload],
            skills=[payload],
            education=[payload],
            tools=[payload],
            industries=[payload],
            tips=[payload],
            tips_intro=payload,
            keywords=[payload],
        )
        role_b = Role.objects.create(name=f"Role {number}b", slug=f"role-{number}b")
        comparisons.append(
            Comparison.objects.create(
                role_a=role_a,
                role_b=role_b,
                title=f"Comparison {number} {payload}"[:200],
                slug=f"comparison-{number}",
                subtitle=payload[:200],
                intro=f"{payload}\n\n`{payload}`",
                outlook=payload,
                conclusion=payload,
                status="published",
                published_on=timezone.localdate() - timedelta(days=1),
            )
        )
    return jobs, comparisons


def public_pages(jobs, comparisons):
    pages = ["/", "/jobs/", "/jobs/?q=engineer", "/careers/"]
    for job in jobs:
        pages += [job.get_absolute_url(), job.company.get_absolute_url()]
    for comparison in comparisons:
        pages += [comparison.get_absolute_url(), comparison.role_a.get_absolute_url()]
    return pages


def test_hostile_text_is_inert_text_on_every_public_page(client, hostile_board):
    jobs, comparisons = hostile_board
    for path in public_pages(jobs, comparisons):
        response = client.get(path)
        assert response.status_code == 200, path
        check_html(response.content.decode(), path)
    # The text is shown as text (escaped once, never twice and never dropped).
    for job in jobs:
        checker = check_html(client.get(job.get_absolute_url()).content.decode(), "job")
        assert job.title in visible(checker)
        assert job.company.name in visible(checker)
        # Meta tags carry it as an attribute value, nothing more.
        assert any(job.title in value for value in checker.attribute_values)
        # The JSON-LD holds the very text.
        posting = json.loads(checker.data_blocks[0])
        assert posting["title"] == job.title
        assert posting["hiringOrganization"]["name"] == job.company.name
    for comparison in comparisons:
        checker = check_html(client.get(comparison.get_absolute_url()).content.decode(), "article")
        assert comparison.title in visible(checker)


def test_a_quoted_apply_address_never_adds_header_fields_to_the_mailto_link(client, hostile_board):
    jobs, _ = hostile_board
    html = client.get(jobs[0].get_absolute_url()).content.decode()
    checker = PageCheck()
    applies = []
    checker.handle_starttag = lambda tag, attrs: applies.extend(
        value for name, value in attrs if name == "href" and value.endswith("/apply/")
    )
    checker.feed(html)
    # The Apply button goes through the counted redirect (clicks/), which names the address.
    hrefs = [client.get(href)["Location"] for href in applies]
    hrefs = [href for href in hrefs if href.startswith("mailto:")]
    assert hrefs, "no mailto link"
    for href in hrefs:
        address = href.removeprefix("mailto:")
        # No header fields: a "?" would start them (RFC 6068); the address decodes to itself.
        assert "?" not in address and "&" not in address
        assert unquote(address) == '"x?bcc=spy@evil.example"@acme.example'


def _feed_html(xml_text: str) -> list[str]:
    """What a feed reader renders as HTML: RSS descriptions, Atom summaries and contents
    (type="html"), decoded from the XML."""
    root = ET.fromstring(xml_text)
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "description" or (
            tag in {"summary", "content"} and element.get("type") == "html"
        ):
            found.append(element.text or "")
    return found


@pytest.mark.parametrize(
    "path",
    ["/jobs/feed/rss/", "/jobs/feed/atom/", "/careers/feed/rss/", "/careers/feed/atom/"],
)
def test_feeds_carry_hostile_text_as_text_once_a_reader_decodes_them(client, hostile_board, path):
    response = client.get(path)
    assert response.status_code == 200
    fragments = _feed_html(response.content.decode())
    assert len(fragments) >= len(PAYLOADS)
    for fragment in fragments:
        check_html(fragment, path)
    shown = " ".join(visible(check_html(fragment, path)) for fragment in fragments)
    assert "<img src=x onerror=alert(1)>" in shown  # the code span's text, as text


def test_sitemaps_stay_well_formed(client, hostile_board):
    index = client.get("/sitemap.xml")
    root = ET.fromstring(index.content)
    for location in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        section = client.get(location.text.replace("http://testserver", ""))
        assert section.status_code == 200
        ET.fromstring(section.content)


def test_hostile_text_is_inert_in_the_admin(client, hostile_board):
    jobs, comparisons = hostile_board
    admin = User.objects.create_superuser("root", password="a long admin passphrase")
    client.force_login(admin)
    pages = [
        "/admin/jobs/job/",
        "/admin/jobs/company/",
        "/admin/jobs/skill/",
        "/admin/careers/comparison/",
        "/admin/careers/role/",
    ]
    for job in jobs[:3]:
        pages += [
            f"/admin/jobs/job/{job.pk}/change/",
            f"/admin/jobs/company/{job.company.pk}/change/",
            f"/admin/jobs/job/{job.pk}/history/",
        ]
    for comparison in comparisons[:3]:
        pages += [
            f"/admin/careers/comparison/{comparison.pk}/change/",
            f"/admin/careers/role/{comparison.role_a.pk}/change/",
        ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        check_html(response.content.decode(), path)
