"""Login protection of the admin: lockout (django-axes), the client's address behind a proxy,
the rate limit on login posts, Argon2, a working day's session, 12-character passwords."""

import itertools
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

PASSWORD = "correct horse battery staple"
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


@pytest.fixture
def editor(db):
    return User.objects.create_user("edith", password=PASSWORD, is_staff=True)


@pytest.fixture
def address():
    """A client address of this test only (the rate limit counts per address and minute)."""
    return next(_addresses)


def login(client, username, password, remote_addr, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=remote_addr,
        **headers,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_an_account_is_locked_after_the_failure_limit_and_the_right_password_is_refused(
    client, editor, address
):
    limit = settings.AXES_FAILURE_LIMIT
    assert 1 <= limit <= 10
    for _ in range(limit - 1):
        response = login(client, "edith", "wrong password", address)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = login(client, "edith", "wrong password", address)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Sign-in locked</h1>" in html
    assert f"Too many failed sign-in attempts ({limit})" in html
    assert "even with the right password" in html
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    # The right password while locked: refused, no session.
    response = login(client, "edith", PASSWORD, address)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Locked for the user name from any other address too.
    assert login(client, "edith", PASSWORD, next(_addresses)).status_code == 429


def test_the_lock_ends_after_the_cool_off(client, editor, address):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "edith", "wrong password", address)
        assert login(client, "edith", PASSWORD, address).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME - timedelta(seconds=30))
        assert login(client, "edith", PASSWORD, address).status_code == 429
        # Each attempt while locked started the wait again.
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert logged_in(login(client, "edith", PASSWORD, address))


def test_a_client_address_is_locked_whatever_user_names_it_tries(client, editor, address):
    User.objects.create_user("otto", password=PASSWORD, is_staff=True)
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"nobody{number}", "wrong password", address)
    # From that address even a real editor's right password is refused...
    assert login(client, "otto", PASSWORD, address).status_code == 429
    # ...while the same editor signs in from elsewhere.
    assert logged_in(login(client, "otto", PASSWORD, next(_addresses)))


def test_x_forwarded_for_is_believed_only_from_the_configured_proxy(client, editor, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    attacker, colleague = next(_addresses), next(_addresses)
    # An attacker behind the proxy is locked out by its own address...
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "mallory", "wrong", "10.0.0.2", HTTP_X_FORWARDED_FOR=attacker)
    assert login(client, "otto", "x", "10.0.0.2", HTTP_X_FORWARDED_FOR=attacker).status_code == (
        429
    )
    # ...and a colleague behind the same proxy still signs in.
    assert logged_in(login(client, "edith", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR=colleague))
    # A client that is not the proxy cannot choose its address with the header: every
    # forged value counts against its own address.
    direct = next(_addresses)
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, "mallory", "wrong", direct, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert login(
        client, "edith", PASSWORD, direct, HTTP_X_FORWARDED_FOR="203.0.113.99"
    ).status_code == (429)


def test_login_posts_are_rate_limited_per_address(client, editor, settings, address):
    settings.LOGIN_RATE_LIMIT = 3
    settings.AXES_FAILURE_LIMIT = 10
    # The limit counts per minute of the clock: the four posts are made 5 s into one minute
    # (a run that straddled two minutes would rightly start counting again).
    minute = (int(time.time()) // 60 + 1) * 60
    with time_machine.travel(minute + 5, tick=False):
        for _ in range(3):
            assert login(client, "edith", "wrong", address).status_code == 200
        response = login(client, "edith", PASSWORD, address)
    assert response.status_code == 429
    assert "Too many login attempts from your address" in response.content.decode()
    assert int(response["Retry-After"]) == 56
    # Another address is not slowed down; the page itself (GET) is never limited.
    assert client.get("/admin/login/", REMOTE_ADDR=address).status_code == 200
    assert logged_in(login(client, "edith", PASSWORD, next(_addresses)))


def test_passwords_are_hashed_with_argon2_and_old_hashes_are_upgraded(editor):
    assert editor.password.startswith("argon2$")
    editor.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    editor.save()
    assert editor.check_password(PASSWORD)
    editor.refresh_from_db()
    assert editor.password.startswith("argon2$")


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3")
    validate_password("Tr0ub4dor&3x")


def test_an_editors_session_ends_after_a_working_day(client, editor, address):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        assert logged_in(login(client, "edith", PASSWORD, address))
        assert client.get("/admin/").status_code == 200
        traveller.shift(timedelta(hours=7, minutes=59))
        assert client.get("/admin/").status_code == 200
        traveller.shift(timedelta(minutes=2))
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
