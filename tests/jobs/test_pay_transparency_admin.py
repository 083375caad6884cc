"""Pay-transparency checks where listings are published: the admin's form and its "Publish"
action. A covered listing that lacks what its rule asks is refused, naming the rule; an
editor with the permission may publish it anyway with a reason, kept in the history; drafts
are never refused; EU listings get a warning."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User

from config.concurrency import VERSION_FIELD
from jobs.models import Job
from tests.factories import CompanyFactory, JobFactory, exchange_rate
from tests.jobs.test_admin import JOB_ADD_URL, JOB_LIST_URL, listing_form, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def trusted_client(client, editor):
    """An editor who may publish despite a pay-transparency rule."""
    editor.user_permissions.add(Permission.objects.get(codename="publish_despite_pay_rules"))
    client.force_login(User.objects.get(pk=editor.pk))
    return client


def californian(company, **changes):
    """A San Francisco listing with an open-ended salary ("from 150,000")."""
    fields = {
        "city": "San Francisco",
        "region": "California",
        "country": "US",
        "workplace": "onsite",
        "salary_min": "150000",
        "salary_max": "",
        "salary_currency": "USD",
    }
    return listing_form(company, **{**fields, **changes})


def test_a_covered_listing_without_a_range_is_refused_naming_the_rule(editor_client):
    company = CompanyFactory(name="Big Co", employees=500)
    response = editor_client.post(JOB_ADD_URL, californian(company))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pay-transparency rule US-CA (California, Labor Code §432.3" in html
    assert "a pay range (a minimum and a maximum salary" in html
    assert "not legal advice" in html
    assert not Job.objects.exists()
    # The editor has no permission: no "Publish anyway" field.
    assert 'name="pay_rule_reason"' not in html


def test_the_subdivision_is_read_from_the_region_and_stored(editor_client):
    company = CompanyFactory(name="Big Co", employees=500)
    editor_client.post(JOB_ADD_URL, californian(company, salary_max="170000"))
    assert Job.objects.get().subdivision == "US-CA"


def test_a_draft_is_never_refused(editor_client):
    company = CompanyFactory(name="Big Co", employees=500)
    response = editor_client.post(JOB_ADD_URL, californian(company, status="draft"))
    assert response.status_code == 302
    assert Job.objects.get().status == "draft"


def test_a_small_employer_is_not_covered(editor_client):
    company = CompanyFactory(name="Tiny Co", employees=14)  # California: 15 or more
    assert editor_client.post(JOB_ADD_URL, californian(company)).status_code == 302
    assert Job.objects.get().status == "published"


def test_an_unknown_employer_size_counts_as_covered(editor_client):
    company = CompanyFactory(name="Who Knows", employees=None)
    assert editor_client.post(JOB_ADD_URL, californian(company)).status_code == 200
    assert not Job.objects.exists()


def test_a_range_and_benefits_where_the_rule_asks_for_them(editor_client):
    company = CompanyFactory(name="Big Co", employees=500)
    colorado = californian(company, city="Denver", region="CO", salary_max="170000", benefits="")
    response = editor_client.post(JOB_ADD_URL, colorado)
    assert "US-CO (Colorado" in response.content.decode()
    assert "a general description of benefits" in response.content.decode()
    colorado["benefits"] = "Health insurance, 401(k) match."
    assert editor_client.post(JOB_ADD_URL, colorado).status_code == 302
    job = Job.objects.get()
    assert (job.subdivision, job.benefits) == ("US-CO", "Health insurance, 401(k) match.")


def test_an_editor_with_the_permission_publishes_anyway_with_a_reason(trusted_client):
    company = CompanyFactory(name="Big Co", employees=500)
    without_reason = trusted_client.post(JOB_ADD_URL, californian(company))
    assert 'name="pay_rule_reason"' in without_reason.content.decode()
    assert "write your reason under “Publish anyway”" in without_reason.content.decode()
    assert not Job.objects.exists()
    reason = "The employer has 12 employees in California; the company total misleads."
    response = trusted_client.post(JOB_ADD_URL, californian(company, pay_rule_reason=reason))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == "published"
    assert job.pay_rule_override == reason
    history = LogEntry.objects.filter(object_id=str(job.pk)).values_list(
        "change_message", flat=True
    )
    assert f"Published despite pay-transparency rule US-CA: {reason}" in list(history)
    page = trusted_client.get(f"/admin/jobs/job/{job.pk}/history/")
    assert "Published despite pay-transparency rule US-CA" in page.content.decode()


def test_a_reason_from_an_editor_without_the_permission_changes_nothing(editor_client):
    company = CompanyFactory(name="Big Co", employees=500)
    response = editor_client.post(JOB_ADD_URL, californian(company, pay_rule_reason="I say so"))
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_editing_a_published_listing_is_checked_again(editor_client):
    company = CompanyFactory(name="Big Co", employees=500)
    editor_client.post(JOB_ADD_URL, californian(company, salary_max="170000"))
    job = Job.objects.get()
    change = f"/admin/jobs/job/{job.pk}/change/"
    data = californian(company, salary_max="")
    data.update(
        {
            "slug": job.slug,
            "published_at_0": job.published_at.strftime("%Y-%m-%d"),
            "published_at_1": job.published_at.strftime("%H:%M:%S"),
            "expires_at_0": job.expires_at.strftime("%Y-%m-%d"),
            "expires_at_1": job.expires_at.strftime("%H:%M:%S"),
        }
    )
    form = editor_client.get(change).context["adminform"].form
    data[VERSION_FIELD] = form[VERSION_FIELD].value()
    response = editor_client.post(change, data)
    assert "Pay-transparency rule US-CA" in response.content.decode()
    job.refresh_from_db()
    assert job.salary_max is not None


def test_an_eu_listing_gets_a_warning_and_is_published(editor_client):
    exchange_rate("EUR", "1.05")
    company = CompanyFactory(name="Berlin Data", employees=50)
    response = editor_client.post(JOB_ADD_URL, listing_form(company, salary_max=""), follow=True)
    assert Job.objects.get().status == "published"
    assert any(
        "Pay-transparency rule EU" in message and "A warning only" in message
        for message in messages_of(response)
    )


def test_the_publish_action_refuses_covered_listings_and_publishes_the_rest(editor_client):
    company = CompanyFactory(name="Big Co", employees=500)
    refused = JobFactory(
        title="Open Ended", company=company, status="draft", salary_max=None, published_at=None
    )
    fine = JobFactory(title="Ranged", company=company, status="draft", published_at=None)
    response = editor_client.post(
        JOB_LIST_URL,
        {"action": "publish", "_selected_action": [refused.pk, fine.pk]},
        follow=True,
    )
    refused.refresh_from_db()
    fine.refresh_from_db()
    assert (refused.status, fine.status) == ("draft", "published")
    assert any(
        "Not published: “Open Ended”" in message and "US-CA" in message
        for message in messages_of(response)
    )
