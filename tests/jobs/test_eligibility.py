"""Remote eligibility: where applicants of a remote listing may live, as data, on the list page
("I can work from"), the cards, JSON-LD, the admin and the importer."""

import importlib
import io
import json
import re

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django_countries import countries

from jobs import eligibility
from jobs.choices import Workplace
from jobs.models import Job
from tests.factories import JobFactory, exchange_rate

pytestmark = pytest.mark.django_db


def remote(title, eligible, country="US"):
    return JobFactory(
        title=title, workplace=Workplace.REMOTE, city="", country=country, eligible=eligible
    )


def titles_found(client, query):
    html = client.get(f"/jobs/?{query}").content.decode()
    return set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', html)), html


# -- The data --------------------------------------------------------------------------------


def test_every_region_names_its_source_and_lists_only_real_countries():
    known = {code for code, _name in countries}
    regions = eligibility.regions()
    assert set(regions) == {
        "EU",
        "EEA",
        "EUROPE",
        "AMERICAS",
        "NORTH_AMERICA",
        "LATIN_AMERICA",
        "EMEA",
        "APAC",
        "WORLDWIDE",
    }
    for region in regions.values():
        assert region.source and region.countries <= known
    assert len(regions["EU"].countries) == 27
    assert regions["EEA"].countries == regions["EU"].countries | {"IS", "LI", "NO"}
    assert regions["WORLDWIDE"].countries == known
    assert "GB" in regions["EUROPE"].countries and "GB" not in regions["EU"].countries
    assert {"US", "CA", "MX"} <= regions["NORTH_AMERICA"].countries
    assert (
        "BR" in regions["LATIN_AMERICA"].countries
        and "US" not in regions["LATIN_AMERICA"].countries
    )
    assert {"ZA", "AE", "DE"} <= regions["EMEA"].countries and "JP" not in regions["EMEA"].countries
    assert {"JP", "IN", "AU"} <= regions["APAC"].countries and "DE" not in regions["APAC"].countries


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("EU", "EU"),
        ("eu; gb", "EU GB"),
        ("US, CA", "US CA"),
        ("Worldwide", "WORLDWIDE"),
        ("north america; Latin America", "NORTH_AMERICA LATIN_AMERICA"),
        ("the Americas", "AMERICAS"),
        ("Europe;; DE ; de", "EUROPE DE"),
        ("", ""),
    ],
)
def test_editors_write_codes_and_regions_in_any_case(written, stored):
    assert eligibility.parse(written) == stored


def test_an_unknown_place_is_named_in_the_error():
    with pytest.raises(ValidationError) as raised:
        eligibility.parse("EU; Mars; XX")
    assert "Mars, XX" in raised.value.messages[0]


# -- The listing -----------------------------------------------------------------------------


def test_a_remote_listing_without_eligibility_is_open_to_its_country():
    job = remote("Remote engineer", "", country="DE")
    job.refresh_from_db()
    assert job.eligible == "DE"
    assert job.location_display == "Remote (DE)"


def test_onsite_and_hybrid_listings_keep_their_one_location():
    job = JobFactory(workplace=Workplace.HYBRID, city="Berlin", country="DE", eligible="EU")
    job.refresh_from_db()
    assert job.eligible == ""
    assert job.eligible_countries() == ["DE"]
    assert job.location_display == "Berlin, DE (Hybrid)"


@pytest.mark.parametrize(
    ("eligible", "shown"),
    [("EU", "Remote (EU)"), ("worldwide", "Remote (worldwide)"), ("US; CA", "Remote (US, CA)")],
)
def test_the_card_says_where_applicants_may_live(client, eligible, shown):
    remote("Remote data engineer", eligible)
    html = client.get("/jobs/").content.decode()
    assert shown in html


def test_the_model_refuses_an_unknown_place_on_its_field():
    job = JobFactory.build(
        company=JobFactory().company, workplace=Workplace.REMOTE, city="", eligible="EU; Atlantis"
    )
    with pytest.raises(ValidationError) as raised:
        job.full_clean()
    assert "Atlantis" in raised.value.message_dict["eligible"][0]


def test_json_ld_lists_every_country_a_remote_listing_is_open_to(client):
    job = remote("EU-wide engineer", "EU")
    html = client.get(job.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    posting = json.loads(block.group(1))
    names = {place["name"] for place in posting["applicantLocationRequirements"]}
    assert names == {countries.name(code) for code in eligibility.regions()["EU"].countries}
    assert posting["jobLocationType"] == "TELECOMMUTE"


# -- "I can work from" -----------------------------------------------------------------------


@pytest.fixture
def board():
    remote("EU remote", "EU", country="NL")
    remote("US-only remote", "US")
    remote("Worldwide remote", "WORLDWIDE", country="GB")
    remote("North America remote", "US; CA")
    JobFactory(title="Berlin office", city="Berlin", country="DE")
    JobFactory(title="Munich hybrid", workplace=Workplace.HYBRID, city="Munich", country="DE")
    JobFactory(title="Paris office", city="Paris", country="FR")


def test_eligible_finds_local_jobs_and_remote_jobs_open_to_the_country(client, board):
    found, _html = titles_found(client, "eligible=DE")
    assert found == {"EU remote", "Worldwide remote", "Berlin office", "Munich hybrid"}
    found, _html = titles_found(client, "eligible=us")  # any case
    assert found == {"US-only remote", "Worldwide remote", "North America remote"}
    found, _html = titles_found(client, "eligible=CA&workplace=remote")
    assert found == {"Worldwide remote", "North America remote"}


def test_country_keeps_meaning_the_listings_own_country(client, board):
    found, _html = titles_found(client, "country=DE")
    assert found == {"Berlin office", "Munich hybrid"}


def test_facet_counts_honour_eligible(client, board):
    _found, html = titles_found(client, "eligible=DE")
    remote_option = re.search(
        r'name="workplace" value="remote"[^>]*> Remote <span class="facet-count">\((\d+)\)', html
    )
    onsite_option = re.search(
        r'name="workplace" value="onsite"[^>]*> On-site <span class="facet-count">\((\d+)\)', html
    )
    assert (remote_option.group(1), onsite_option.group(1)) == ("2", "1")
    assert "Open to applicants in Germany" in html


def test_a_garbage_eligible_is_ignored_with_a_notice(client, board):
    response = client.get("/jobs/?eligible=Narnia")
    assert response.status_code == 200
    html = response.content.decode()
    assert "eligible" in html and "not a country code" in html
    found, _html = titles_found(client, "eligible=Narnia")
    assert len(found) == 7


# -- Admin, importer, migration --------------------------------------------------------------


def test_the_admin_saves_eligibility_in_its_canonical_form(admin_client):
    job = remote("Admin remote", "US")
    url = f"/admin/jobs/job/{job.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        eligible="eu; gb",
        skills=[],
        published_at_0=job.published_at.date().isoformat(),
        published_at_1="09:00:00",
        expires_at_0=job.expires_at.date().isoformat(),
        expires_at_1="09:00:00",
        featured_until_0="",
        featured_until_1="",
    )
    data.pop("published_at", None), data.pop("expires_at", None), data.pop("featured_until", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    job.refresh_from_db()
    assert job.eligible == "EU GB"

    data["eligible"] = "EU; Atlantis"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Atlantis" in response.context["adminform"].form.errors["eligible"][0]


HEADER = "title,company,description,seniority,workplace,country,eligible,apply_url\n"


def test_import_reads_the_eligible_column(tmp_path):
    exchange_rate("EUR", "1.05")
    path = tmp_path / "listings.csv"
    path.write_text(
        HEADER
        + "EU engineer,Acme,x,SE,remote,NL,EU; GB,https://e.example/1\n"
        + "Home engineer,Acme,x,SE,remote,DE,,https://e.example/2\n"
        + "Office engineer,Acme,x,SE,onsite,DE,EU,https://e.example/3\n",
        encoding="utf-8",
    )
    call_command("import_jobs", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    stored = dict(Job.objects.values_list("title", "eligible"))
    assert stored == {"EU engineer": "EU GB", "Home engineer": "DE", "Office engineer": ""}


def test_import_names_the_line_of_an_unknown_place_and_writes_nothing(tmp_path):
    path = tmp_path / "listings.csv"
    path.write_text(
        HEADER
        + "EU engineer,Acme,x,SE,remote,NL,EU,https://e.example/1\n"
        + "Moon engineer,Acme,x,SE,remote,NL,EU; Moon,https://e.example/2\n",
        encoding="utf-8",
    )
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_jobs", str(path), stdout=io.StringIO(), stderr=stderr)
    assert any(
        line.startswith("line 3: eligible:") and "Moon" in line
        for line in stderr.getvalue().splitlines()
    )
    assert Job.objects.count() == 0


def test_the_migration_opens_each_remote_listing_to_its_country():
    remote_job = remote("Old remote", "", country="CA")
    office = JobFactory(title="Old office", country="FR")
    Job.objects.update(eligible="")  # as before the migration
    migration = importlib.import_module("jobs.migrations.0015_remote_eligibility")
    migration.remote_listings_open_to_their_country(django_apps, schema_editor=None)
    assert Job.objects.get(pk=remote_job.pk).eligible == "CA"
    assert Job.objects.get(pk=office.pk).eligible == ""
