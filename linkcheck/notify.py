"""The editors' daily email about broken apply links.

After each run (linkcheck/checking.py) the editors get one email listing the listings whose
apply link is broken: those visible now, and those the checker expired
(``LINKCHECK_UNPUBLISH_BROKEN``) since they were last emailed. Never more than one a day
(``BrokenLinksEmail``, unique per day: two runs at once cannot both send), none when nothing is
broken. Recipients: ``LINKCHECK_NOTIFY_EMAILS`` when set, else every active staff user with an
email address who may change listings (``jobs.change_job``: the Editors group, superusers).
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from jobs.models import Job
from linkcheck.models import ApplyLinkCheck, BrokenLinksEmail, Outcome

logger = logging.getLogger(__name__)

PERMISSION = "jobs.change_job"
# Who holds a permission: Django's own backend (groups, user permissions, superusers).
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
# The most listings one email lists; it links to the admin's filter for the rest.
LISTINGS_PER_EMAIL = 100


def recipients() -> list[str]:
    """Who gets the email, each address once."""
    configured = settings.LINKCHECK_NOTIFY_EMAILS
    if isinstance(configured, str):
        configured = configured.split(",")
    addresses = [address.strip() for address in configured or [] if address.strip()]
    if not addresses:
        addresses = list(
            get_user_model()
            .objects.with_perm(
                PERMISSION, is_active=True, include_superusers=True, backend=PERMISSION_BACKEND
            )
            .filter(is_staff=True)
            .exclude(email="")
            .order_by("email")
            .values_list("email", flat=True)
        )
    unique = {}
    for address in addresses:
        unique.setdefault(address.lower(), address)
    return list(unique.values())


def broken_checks(now):
    """The broken links to tell the editors about, the longest broken first."""
    visible = Q(job__in=Job.objects.visible(now))
    expired_by_check = Q(unpublished_at__isnull=False) & (
        Q(notified_at__isnull=True) | Q(unpublished_at__gt=F("notified_at"))
    )
    return (
        ApplyLinkCheck.objects.broken()
        .filter(visible | expired_by_check)
        .select_related("job__company")
        .defer("job__description", "job__description_html", "job__search_text")
        .order_by("broken_since", "job_id")
    )


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def day_text(moment) -> str:
    return date_format(timezone.localtime(moment), "j M Y")


def problem_of(check: ApplyLinkCheck) -> str:
    if check.last_failure.isdigit():
        code = int(check.last_failure)
        try:
            problem = f"answers {code} {HTTPStatus(code).phrase}"
        except ValueError:
            problem = f"answers {code}"
    elif check.outcome == Outcome.CLOSED_PAGE:
        problem = f"redirects to {check.final_url}, which says {check.detail}"
    else:
        problem = "redirects to a page that says the job is closed"
    if check.outcome == Outcome.ERROR:
        problem += f" (the latest check did not reach it: {check.detail})"
    return problem


def item_of(check: ApplyLinkCheck, now) -> dict:
    job = check.job
    return {
        "title": job.title,
        "company": job.company.name,
        "apply_url": check.url,
        "problem": problem_of(check),
        "since": day_text(check.broken_since),
        "new": check.notified_at is None,
        "unpublished_on": day_text(check.unpublished_at) if check.unpublished_at else "",
        "still_visible": job.is_visible(now),
        "admin_url": absolute(reverse("admin:jobs_job_change", args=[job.pk])),
    }


def email(checks: list[ApplyLinkCheck], total: int, to: list[str], now) -> EmailMultiAlternatives:
    items = [item_of(check, now) for check in checks]
    expired = sum(not item["still_visible"] for item in items)
    if total == 1:
        headline = "1 listing has a broken apply link"
    else:
        headline = f"{total} listings have a broken apply link"
    context = {
        "site_name": settings.SITE_NAME,
        "headline": headline,
        "listings": items,
        "expired": expired,
        "unpublish": settings.LINKCHECK_UNPUBLISH_BROKEN,
        "more": total - len(items),
        "list_url": absolute(f"{reverse('admin:jobs_job_changelist')}?link_broken=yes"),
    }
    message = EmailMultiAlternatives(
        subject=f"{headline} ({settings.SITE_NAME})",
        body=render_to_string("linkcheck/email/broken_links.txt", context),
        to=to,
    )
    message.attach_alternative(
        render_to_string("linkcheck/email/broken_links.html", context), "text/html"
    )
    return message


def send_daily(now=None) -> tuple[int, int]:
    """Email the editors about the broken links unless they were emailed today: how many
    listings the email counted and to how many addresses it went ((0, 0): none sent)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if BrokenLinksEmail.objects.filter(day=day).exists():
        return 0, 0
    checks = list(broken_checks(now)[:LISTINGS_PER_EMAIL])
    if not checks:
        return 0, 0
    total = len(checks) if len(checks) < LISTINGS_PER_EMAIL else broken_checks(now).count()
    to = recipients()
    if not to:
        logger.warning("%s broken apply link(s) and nobody to email about them", total)
        return 0, 0
    try:
        with transaction.atomic():
            BrokenLinksEmail.objects.create(
                day=day, sent_at=now, recipients=len(to), listings=total
            )
            ApplyLinkCheck.objects.filter(pk__in=[check.pk for check in checks]).update(
                notified_at=now
            )
            # Last: an email that fails to go rolls the rest back, for the next run.
            email(checks, total, to, now).send()
    except IntegrityError:  # another run sent today's email meanwhile
        return 0, 0
    return total, len(to)
