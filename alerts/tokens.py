"""The signed links of alert emails (Django's signing, with the site's secret key).

- confirm: an alert and the frequency asked for, valid ``CONFIRM_DAYS`` days;
- unsubscribe: an alert, valid as long as the alert exists (every email carries it);
- manage: an address, valid as long as it exists (and only for that address: a link to an
  address deleted and subscribed again does not open the new one's alerts).
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

CONFIRM_DAYS = 7
CONFIRM_MAX_AGE = timedelta(days=CONFIRM_DAYS)

_CONFIRM = "alerts.confirm"
_UNSUBSCRIBE = "alerts.unsubscribe"
_MANAGE = "alerts.manage"


def confirm_token(alert_id: int, frequency: str) -> str:
    return signing.dumps([alert_id, frequency], salt=_CONFIRM, compress=False)


def read_confirm_token(token: str) -> tuple[int, str] | None:
    """(alert id, frequency) of a valid, unexpired confirmation token, else None."""
    try:
        alert_id, frequency = signing.loads(token, salt=_CONFIRM, max_age=CONFIRM_MAX_AGE)
        return int(alert_id), str(frequency)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_token(alert_id: int) -> str:
    return signing.dumps(alert_id, salt=_UNSUBSCRIBE)


def read_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_UNSUBSCRIBE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def manage_token(subscriber_id: int, email: str) -> str:
    return signing.dumps([subscriber_id, email], salt=_MANAGE)


def read_manage_token(token: str) -> tuple[int, str] | None:
    try:
        subscriber_id, email = signing.loads(token, salt=_MANAGE)
        return int(subscriber_id), str(email)
    except (signing.BadSignature, TypeError, ValueError):
        return None
