"""Exchange-rate changes and listing writes never interleave into wrong USD figures: a
listing saved (or imported) while a rate change is in flight waits for it and takes the new
rate. PostgreSQL: SQLite runs one writer at a time anyway."""

import os
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from jobs.models import ExchangeRate, Job
from jobs.services import change_exchange_rate
from tests.factories import CompanyFactory, JobFactory, exchange_rate

pytestmark = [
    # Committed transactions on two connections; no serialized_rollback (it restores the
    # data migrations' rows, which these tests make themselves: an EUR rate).
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""), reason="row locks of PostgreSQL"
    ),
]


def in_thread(function):
    """Run in a thread with a connection of its own; the thread and where it ended up."""
    result = {}

    def run():
        try:
            result["value"] = function()
        except Exception as error:  # reported to the test
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_a_listing_saved_during_a_rate_change_gets_the_new_rate():
    rate = exchange_rate("EUR", "1.00")
    company = CompanyFactory()
    JobFactory(company=company, salary_currency_id="EUR", title="Existing")

    with transaction.atomic():
        change_exchange_rate(ExchangeRate.objects.get(pk=rate.pk), Decimal("1.50"))
        # Not committed yet: another editor saves a new listing priced in EUR.
        thread, result = in_thread(
            lambda: (
                JobFactory(
                    company=company,
                    title="Saved meanwhile",
                    salary_currency_id="EUR",
                    salary_min=Decimal("100000"),
                    salary_max=Decimal("100000"),
                ).pk
            )
        )
        time.sleep(0.5)
        assert thread.is_alive(), "the save waits for the rate change"
    thread.join(10)
    assert "error" not in result, result.get("error")
    saved = Job.objects.get(pk=result["value"])
    assert saved.salary_min_usd_yearly == Decimal("150000.00")


def test_a_rate_change_during_a_listing_save_recomputes_that_listing():
    rate = exchange_rate("EUR", "1.00")
    company = CompanyFactory()
    with transaction.atomic():
        job = JobFactory(
            company=company,
            salary_currency_id="EUR",
            salary_min=Decimal("100000"),
            salary_max=Decimal("100000"),
        )
        assert job.salary_min_usd_yearly == Decimal("100000.00")
        # The listing's transaction is still open: a rate change now must wait for it.
        thread, result = in_thread(
            lambda: change_exchange_rate(ExchangeRate.objects.get(pk=rate.pk), Decimal("2.00"))
        )
        time.sleep(0.5)
        assert thread.is_alive(), "the rate change waits for the listing's save"
    thread.join(10)
    assert "error" not in result, result.get("error")
    job.refresh_from_db()
    assert job.salary_min_usd_yearly == Decimal("200000.00")
