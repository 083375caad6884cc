"""Pay-transparency checks in ``import_jobs``: a refused row is an error naming the rule and
its line (nothing imported); ``--pay-rule-override`` with ``--as-user`` publishes anyway and
records who and why; the EU's rule is a printed warning; the subdivision column."""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command

from jobs.models import Job
from tests.factories import exchange_rate

pytestmark = pytest.mark.django_db

HEADER = (
    "title,company,description,seniority,workplace,city,region,subdivision,country,apply_url,"
    "salary_min,salary_max,currency,benefits,status\n"
)


@pytest.fixture(autouse=True)
def _rates():
    exchange_rate("EUR", "1.05")


def write(tmp_path, *rows):
    path = tmp_path / "listings.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_jobs", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_jobs", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


OPEN_ENDED_SF = "ML Engineer,Acme,Text,SE,onsite,San Francisco,California,,US,https://a.example/1,150000,,USD,,published"


def test_a_refused_row_is_an_error_with_its_line_and_rule(tmp_path):
    path = write(
        tmp_path,
        "Fine,Acme,Text,SE,onsite,Austin,Texas,,US,https://a.example/2,100000,120000,USD,,published",
        OPEN_ENDED_SF,
    )
    message, err = failing(path)
    assert "nothing was imported" in message
    assert "line 3: row: Pay-transparency rule US-CA (California" in err
    assert "--pay-rule-override" in err
    assert not Job.objects.exists()


def test_a_draft_row_imports(tmp_path):
    run(write(tmp_path, OPEN_ENDED_SF.replace(",published", ",draft")))
    job = Job.objects.get()
    assert (job.status, job.subdivision) == ("draft", "US-CA")


@pytest.mark.parametrize(
    ("region", "subdivision", "stored"),
    [("California", "", "US-CA"), ("Bay Area", "us-ca", "US-CA"), ("Texas", "", "US-TX")],
)
def test_the_subdivision_column_or_the_region(tmp_path, region, subdivision, stored):
    row = f"A,Acme,Text,SE,onsite,X,{region},{subdivision},US,https://a.example/1,100000,120000,USD,,draft"
    run(write(tmp_path, row))
    assert Job.objects.get().subdivision == stored


def test_a_wrong_subdivision_is_an_error(tmp_path):
    row = "A,Acme,Text,SE,onsite,X,,CA-ON,US,https://a.example/1,100000,120000,USD,,draft"
    _message, err = failing(write(tmp_path, row))
    assert "line 2: subdivision: CA-ON (Ontario) is not in the listing's country (US)." in err


@pytest.fixture
def trusted():
    user = User.objects.create_user("trusted", password="unused-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(Permission.objects.get(codename="publish_despite_pay_rules"))
    return user


def test_an_override_needs_a_user_with_the_permission(tmp_path, trusted):
    path = write(tmp_path, OPEN_ENDED_SF)
    assert "needs --as-user" in failing(path, "--pay-rule-override", "Exempt")[0]
    plain = User.objects.create_user("plain", password="unused-password", is_staff=True)
    plain.groups.add(Group.objects.get(name="Editors"))
    message, _ = failing(path, "--pay-rule-override", "Exempt", "--as-user", "plain")
    assert "may not publish despite a pay-transparency rule" in message
    assert "no active user" in failing(path, "--pay-rule-override", "x", "--as-user", "nobody")[0]
    assert "only goes with" in failing(path, "--as-user", "trusted")[0]
    assert not Job.objects.exists()


def test_an_override_publishes_and_is_kept_in_the_history(tmp_path, trusted):
    path = write(tmp_path, OPEN_ENDED_SF)
    reason = "Employer has 9 employees in California"
    out, _ = run(path, "--pay-rule-override", reason, "--as-user", "trusted")
    assert "Published despite a pay-transparency rule: 1 (recorded for trusted)." in out
    job = Job.objects.get()
    assert (job.status, job.pay_rule_override) == ("published", reason)
    entry = LogEntry.objects.get(object_id=str(job.pk))
    assert entry.user == trusted
    assert entry.change_message.startswith(
        f"Published despite pay-transparency rule US-CA: {reason}"
    )
    # Imported again unchanged: nothing is checked again, nothing refused.
    out, _ = run(path)
    assert "unchanged 1" in out


def test_the_eu_rule_is_a_warning_and_the_row_imports(tmp_path):
    row = "A,Acme,Text,SE,onsite,Berlin,,,DE,https://a.example/1,60000,,EUR,,published"
    out, err = run(write(tmp_path, row))
    assert "created 1" in out
    assert "line 2: warning: Pay-transparency rule EU (European Union" in err
    assert Job.objects.get().status == "published"


def test_a_remote_us_listing_needs_a_range_and_benefits(tmp_path):
    row = "A,Acme,Text,SE,remote,,,,US,https://a.example/1,100000,120000,USD,,published"
    _message, err = failing(write(tmp_path, row))
    assert "US-CO (Colorado" in err and "benefits" in err
    assert "US-CA" not in err  # the range is there
    row = row.replace(",USD,,published", ",USD,Health insurance and 401(k),published")
    run(write(tmp_path, row))
    assert Job.objects.get().status == "published"
