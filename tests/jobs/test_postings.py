"""The keyword search's postings and terms (jobs.models.postings, jobs.search.postings): on
PostgreSQL the facet counts of a keyword search read them instead of the listings (the
postings for one word, the terms for several), so they must follow every write that changes a
listing's words or what the counts read of it, and give exactly the counts the search text
gives, whatever the words."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models.functions import Upper
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs import pay_transparency
from jobs.choices import Seniority, Workplace
from jobs.models import Job, ListingTerms, ListingWord, SearchPlace, SearchWord
from jobs.search.filterset import JobFilter
from tests.factories import CompanyFactory, JobFactory, SkillFactory
from tests.jobs.test_import_jobs import listing_rows, run_import, write_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the postings are written on PostgreSQL"
    ),
]

HOT_COLUMNS = (
    "status",
    "published_at",
    "expires_at",
    "featured_until",
    "facet_key",
    "pay_range_posted",
)


def expected_postings() -> set[tuple]:
    """What the postings should hold, computed here from the listings' own columns."""
    postings = set()
    for job in Job.objects.all():
        words = set(job.search_text.replace("\n", " ").split(" ")) - {""}
        hot = tuple(getattr(job, column) for column in HOT_COLUMNS)
        postings |= {(job.pk, word, *hot) for word in words}
    return postings


TERMS_COLUMNS = (*HOT_COLUMNS, "salary_max_usd_yearly")


def expected_terms() -> set[tuple]:
    """What the terms should hold: one row per listing, its distinct words sorted, its city
    and region upper-cased by the database (as the location search compares them)."""
    jobs = Job.objects.annotate(city_upper=Upper("city"), region_upper=Upper("region"))
    return {
        (
            job.pk,
            tuple(sorted(set(job.search_text.replace("\n", " ").split(" ")) - {""})),
            tuple(sorted({job.city_upper, job.region_upper} - {""})),
            *(getattr(job, column) for column in TERMS_COLUMNS),
        )
        for job in jobs
    }


def stored_terms() -> set[tuple]:
    rows = ListingTerms.objects.values_list("job_id", "words", "places", *TERMS_COLUMNS)
    return {
        (job_id, tuple(sorted(words)), tuple(sorted(set(places))), *hot)
        for job_id, words, places, *hot in rows
    }


def stored_postings() -> set[tuple]:
    return set(ListingWord.objects.values_list("job_id", "word", *HOT_COLUMNS))


def assert_postings_follow():
    stored = stored_postings()
    assert stored == expected_postings()
    assert stored_terms() == expected_terms()
    assert {place for _job, _words, places, *_hot in stored_terms() for place in places} <= set(
        SearchPlace.objects.values_list("place", flat=True)
    )
    assert {word for _job, word, *_hot in stored} <= set(
        SearchWord.objects.values_list("word", flat=True)
    )


def facet_rows(query: str, reads_postings: bool, table: str = "jobs_listingword") -> list:
    """The facet rows of a search, from the postings or terms (``table``) or (given a
    queryset) the listings."""
    now = timezone.now()
    queryset = None if reads_postings else Job.objects.visible(now)
    search = JobFilter(QueryDict(query), queryset=queryset, now=now)
    with CaptureQueriesContext(connection) as queries:
        rows = sorted(search._facet_rows)
    read = [query["sql"] for query in queries.captured_queries if "facet_key" in query["sql"]]
    assert len(read) == 1
    assert (table in read[0]) == reads_postings, read[0]
    return rows


def test_every_write_path_keeps_the_postings_exact(tmp_path, monkeypatch):
    company = CompanyFactory(name="Quokka Labs")
    skill = SkillFactory(name="PyTorch")
    job = JobFactory(title="Vision Engineer", company=company, skills=[skill])
    other = JobFactory(title="Data   Scientist\tLead", featured_until=timezone.now() + timedelta(1))
    assert_postings_follow()
    assert ("vision" in {word for _job, word, *_ in stored_postings()}) is True

    job.title = "Speech Engineer"  # a save: new words, old ones gone
    job.save()
    assert_postings_follow()
    company.name = "Wombat AI"  # a rename rewrites its listings' search text
    company.save()
    assert_postings_follow()
    job.skills.add(SkillFactory(name="C++"))
    skill.jobs.clear()
    assert_postings_follow()

    # Bulk writes of the columns the counts read, without a save.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DRAFT)
    assert_postings_follow()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.PUBLISHED, expires_at=timezone.now() + timedelta(days=9)
    )
    Job.objects.filter(pk=other.pk).update(
        featured_until=None, seniority=Seniority.EXECUTIVE, workplace=Workplace.REMOTE
    )
    assert_postings_follow()
    Job.objects.filter(pk=other.pk).update(salary_max=None)  # the pay range goes
    assert_postings_follow()
    # The place and the yearly USD maximum the terms hold: a save, then bulk updates.
    job.city, job.region, job.salary_max = "Köln", "Nordrhein-Westfalen", 250000
    job.save()
    assert_postings_follow()
    Job.objects.filter(pk=job.pk).update(city="", region="Île-de-France")
    Job.objects.filter(pk=other.pk).update(salary_max_usd_yearly=130000)
    assert_postings_follow()

    # Generated listings of every kind, about the postings: no pay-transparency rules.
    monkeypatch.setattr(pay_transparency, "rules", dict)
    run_import(write_rows(tmp_path, listing_rows(12, "Quokka", "Zeta ")))
    assert_postings_follow()
    changed = listing_rows(12, "Quokka", "Eta ")  # new skills' names: new words
    changed[0]["title"] = "Platform Engineer"
    run_import(write_rows(tmp_path, changed, "changed.csv"))
    assert_postings_follow()

    # The longest words a listing can have (a 200-character title of four-byte characters,
    # or of ligatures that case-fold to three letters each) fit the word index.
    ligatures = CompanyFactory(name="\ufb03" * 200, slug="ligatures")
    JobFactory(title="\U0001f600" * 200, slug="emoji", company=ligatures)
    assert_postings_follow()

    other.delete()
    Job.objects.filter(title__startswith="Speech").delete()
    assert_postings_follow()
    assert not ListingWord.objects.filter(job_id__in=[job.pk, other.pk]).exists()
    assert not ListingTerms.objects.filter(job_id__in=[job.pk, other.pk]).exists()


def make_board():
    """Listings whose words make every case of the matching rule, some not visible."""
    now = timezone.now()
    names = [
        "Data Engineer",
        "Database Administrator",
        "Big-Data Lead",
        "AI Engineer",
        "Email Marketing",
        "C++ Engineer",
        "Straße Data",
        "München AI\u00a0Lead",
        "100% Remote a_b Engineer",
        "Back\\slash Engineer",
        "İ Engineer",
        "i̇ lead",
    ]
    for number, title in enumerate(names):
        JobFactory(
            title=title,
            company=CompanyFactory(name=f"Firm {number % 3}"),
            skills=[SkillFactory(name=["PyTorch", "SQL", "dbt"][number % 3])],
            seniority=[Seniority.SENIOR, Seniority.EXECUTIVE, Seniority.ENTRY][number % 3],
            workplace=[Workplace.REMOTE, Workplace.ONSITE][number % 2],
            country=["DE", "US", "FR"][number % 3],
            published_at=now - timedelta(days=number),
            featured_until=now + timedelta(days=1) if number % 4 == 0 else None,
            salary_min=90000,
            salary_max=[None, 95000, 160000, 250000][number % 4] if number % 5 else None,
            city=["Berlin", "San José", "", "München", "Straße 100%"][number % 5],
            region=["", "California", "Bavaria", "Ile_de_France"][number % 4],
        )
    JobFactory(title="Expired AI Engineer", expires_at=now - timedelta(seconds=1))
    JobFactory(title="Draft PyTorch Engineer", status=Job.Status.DRAFT)
    JobFactory(title="Future Data Engineer", published_at=now + timedelta(hours=1))


@pytest.mark.parametrize(
    "query",
    [
        "q=pytorch",
        "q=PyTorch&seniority=SE",
        "q=torch",
        "q=engineer&workplace=remote&country=DE",
        "q=ai",
        "q=AI&pay_range=1",
        "q=c%2B%2B",
        "q=data",
        "q=ata",
        "q=100%25",
        "q=a_",
        "q=a_b",
        "q=k%5Cs",
        "q=i%CC%87",
        "q=stra%C3%9Fe",
        "q=STRASSE",
        "q=m%C3%BCnchen",
        "q=lead&posted=7",
        "q=(ai),",
    ],
)
def test_the_counts_from_the_postings_are_the_counts_from_the_search_text(query):
    make_board()
    assert facet_rows(query, reads_postings=True) == facet_rows(query, reads_postings=False)


@pytest.mark.parametrize(
    "query",
    [
        "q=pytorch+engineer",
        "q=data+engineer",
        "q=ata+ngineer&seniority=SE",
        "q=AI+engineer&workplace=remote&country=DE",
        "q=ai+ml",
        "q=c%2B%2B+engineer&pay_range=1",
        "q=data+lead&posted=7",
        "q=engineer+firm+1",
        "q=stra%C3%9Fe+data",
        "q=m%C3%BCnchen+lead",
        "q=100%25+a_b",
        "q=back%5Cslash+engineer",
        "q=engineer+nowhere",
        "q=pytorch+sql",
        "q=(ai),+engineer",
        "q=engineer&location=ber",
        "q=engineer&location=BERLIN&seniority=SE",
        "q=pytorch+engineer&location=san&salary_min=100000",
        "q=ai&location=san+jos%C3%A9",
        "q=data&location=m%C3%BCnchen&posted=7",
        "q=engineer&location=stra%C3%9Fe",
        "q=lead&location=100%25",
        "q=engineer&location=e_d",
        "q=engineer&location=nowhere",
        "q=engineer&location=california",
        "q=engineer&salary_min=150000",
        "q=data&salary_min=150000&currency=EUR&pay_range=1",
        "q=ai&salary_min=0.01",
        "q=engineer&seniority=SE&seniority=EX&employment_type=FT&workplace=remote"
        "&workplace=onsite&country=US&location=san&salary_min=100000&posted=30",
    ],
)
def test_the_counts_from_the_terms_are_the_counts_from_the_search_text(query):
    make_board()
    from_terms = facet_rows(query, reads_postings=True, table="jobs_listingterms")
    assert from_terms == facet_rows(query, reads_postings=False)


@pytest.mark.parametrize(
    "query",
    [
        "q=pytorch&location=germany",
        "q=pytorch+engineer&location=united+states",
        "q=pytorch&eligible=DE",
        "location=berlin&salary_min=1000",
        "q=%C4%B0",
        "q=%C4%B0+engineer",
        "q=%25",
    ],
)
def test_other_searches_read_the_search_text(query):
    JobFactory(title="PyTorch Engineer", city="Berlin")
    now = timezone.now()
    search = JobFilter(QueryDict(query), now=now)
    with CaptureQueriesContext(connection) as queries:
        search._facet_rows  # noqa: B018
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "jobs_listingword" not in read
    assert "jobs_listingterms" not in read


@pytest.mark.parametrize(
    ("keywords", "table"),
    [("vision", "jobs_listingword"), ("engineer vision", "jobs_listingterms")],
)
def test_the_list_page_counts_keywords_from_the_postings_or_terms(client, keywords, table):
    JobFactory(title="Vision Engineer", seniority=Seniority.SENIOR)
    JobFactory(title="Vision Lead Engineer", seniority=Seniority.EXECUTIVE)
    JobFactory(title="Speech Engineer", seniority=Seniority.SENIOR)
    JobFactory(title="Vision Lead", seniority=Seniority.MID)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/jobs/", {"q": keywords, "seniority": "SE"})

    assert response.status_code == 200
    assert any(table in query["sql"] for query in queries.captured_queries)
    assert [job.title for job in response.context["jobs"]] == ["Vision Engineer"]
    assert "1 job" in response.content.decode()
    seniority = response.context["search"].facets["seniority"]
    expected = {"EN": 0, "MI": 1 if keywords == "vision" else 0, "SE": 1, "EX": 1}
    assert {option.value: option.count for option in seniority} == expected
