"""Subscribing to alerts (double opt-in), confirming, unsubscribing and managing them.

None of these pages is cached (each carries a CSRF token or a signed link's answer); the list
page, which is, only links here. Pages reached by a signed link ask browsers not to send it
on as a referrer and search engines not to index them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import tasks, tokens
from alerts.forms import SubscribeForm
from alerts.models import QUERY_MAX_LENGTH, Alert, AlertSearch, Frequency, Subscriber
from alerts.sending import canonical_query
from config.security import client_ip, over_rate

logger = logging.getLogger(__name__)


def private(response):
    """A page reached by a signed link: its URL is a key."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def link_problem(request, message: str, status: int):
    return private(render(request, "alerts/link_problem.html", {"message": message}, status=status))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """ "Email me new jobs for this search": the search in words, an address, how often."""
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        # Only as much as the form accepts is read (it refuses a longer query).
        data = QueryDict(request.POST.get("query", "")[:QUERY_MAX_LENGTH])
    else:
        form = SubscribeForm(initial={"frequency": Frequency.DAILY})
        data = request.GET
    query, search = canonical_query(data)
    form.initial["query"] = query
    context = {"form": form, "search": search, "headline": search.headline(), "query": query}
    if request.method == "POST":
        wait = over_rate(f"alerts-client:{client_ip(request)}", settings.ALERTS_CLIENT_RATE_LIMIT)
        if wait:
            form.add_error(None, "Too many subscriptions from your address. Try again later.")
            response = render(request, "alerts/subscribe.html", context, status=429)
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            if not form.is_bot:
                subscribe_address(
                    form.cleaned_data["email"],
                    query,
                    search.headline(),
                    form.cleaned_data["frequency"],
                )
            return redirect("alerts:sent")
    return render(request, "alerts/subscribe.html", context, status=400 if form.errors else 200)


def subscribe_address(email: str, query: str, headline: str, frequency: str) -> None:
    """Record the (unconfirmed) alert and enqueue its confirmation email, unless the address
    has had its share of confirmation emails: the visitor is answered the same either way."""
    if over_rate(f"alerts-address:{email}", settings.ALERTS_ADDRESS_RATE_LIMIT):
        logger.info("alerts: confirmation not sent, address over its rate")
        return
    for attempt in range(2):  # a concurrent subscription may create the same rows first
        try:
            with transaction.atomic():
                subscriber, _ = Subscriber.objects.get_or_create(email=email)
                search, _ = AlertSearch.objects.get_or_create(
                    query=query, defaults={"headline": headline[:300]}
                )
                alert, _ = Alert.objects.get_or_create(
                    subscriber=subscriber, search=search, defaults={"frequency": frequency}
                )
            break
        except IntegrityError:
            if attempt:
                raise
    # After the commit: a worker that picks the task up at once finds the alert.
    transaction.on_commit(lambda: tasks.send_confirmation.enqueue(alert.pk, frequency))


@never_cache
def sent(request):
    return render(request, "alerts/sent.html", {"confirm_days": tokens.CONFIRM_DAYS})


@never_cache
@require_http_methods(["GET", "HEAD"])
def confirm(request, token: str):
    """The confirmation link: the alert starts (at the frequency asked for); opening it again
    changes nothing."""
    read = tokens.read_confirm_token(token)
    if read is None:
        return link_problem(
            request,
            f"This confirmation link is not valid or has expired (links last "
            f"{tokens.CONFIRM_DAYS} days). Subscribe again to get a new one.",
            400,
        )
    alert_id, frequency = read
    alert = Alert.objects.select_related("subscriber", "search").filter(pk=alert_id).first()
    if alert is None or frequency not in Frequency.values:
        return link_problem(request, "This alert no longer exists. Subscribe again.", 404)
    changed = {"frequency": frequency}
    if alert.confirmed_at is None:
        changed["confirmed_at"] = timezone.now()
    Alert.objects.filter(pk=alert.pk).update(**changed)
    alert.refresh_from_db()
    manage_token = tokens.manage_token(alert.subscriber_id, alert.subscriber.email)
    return private(
        render(request, "alerts/confirmed.html", {"alert": alert, "manage_token": manage_token})
    )


@csrf_exempt  # the signature authenticates the request (RFC 8058 one-click posts carry no token)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET: a button (mail scanners follow links: a GET never unsubscribes). POST, from that
    button or a mail program's one-click (``List-Unsubscribe=One-Click``): the alert ends."""
    alert_id = tokens.read_unsubscribe_token(token)
    if alert_id is None:
        return link_problem(request, "This unsubscribe link is not valid.", 400)
    alert = Alert.objects.select_related("search", "subscriber").filter(pk=alert_id).first()
    if request.method == "POST":
        address_deleted = alert.end() if alert is not None else False
        return private(
            render(
                request,
                "alerts/unsubscribed.html",
                {
                    "was_subscribed": alert is not None,
                    "address_deleted": address_deleted,
                    "search": alert.search if alert else None,
                },
            )
        )
    return private(render(request, "alerts/unsubscribe.html", {"alert": alert}))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token: str):
    """An address's alerts, each of which it can end (all of them: the address is deleted)."""
    read = tokens.read_manage_token(token)
    if read is None:
        return link_problem(request, "This link is not valid.", 400)
    subscriber_id, email = read
    subscriber = Subscriber.objects.filter(pk=subscriber_id, email=email).first()
    ended = None
    if subscriber is not None and request.method == "POST":
        chosen = list(subscriber.alerts.select_related("search"))
        if request.POST.get("alert") != "all":
            wanted = set(request.POST.getlist("alert"))
            chosen = [alert for alert in chosen if str(alert.pk) in wanted]
        ended = [str(alert.search) for alert in chosen]
        for alert in chosen:
            if alert.end():
                subscriber = None
    alerts = list(subscriber.alerts.select_related("search")) if subscriber else []
    return private(
        render(
            request,
            "alerts/manage.html",
            {"subscriber": subscriber, "alerts": alerts, "ended": ended, "token": token},
        )
    )
