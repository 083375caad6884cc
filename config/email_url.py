"""``EMAIL_URL``: how the site sends mail (alert confirmations and alerts), as Django 6.1's
``MAILERS`` setting (the ``EMAIL_*`` settings it replaces are deprecated).

- ``smtp://user:password@host:port``: SMTP; STARTTLS on port 587 or with ``?tls=1``, none on
  other ports (a relay on the same host or network); ``smtps://``: TLS from the first byte
  (port 465 by default). User and password are percent-decoded; ``?timeout=`` in seconds
  (default 10: a mail server that hangs never holds a worker long);
- ``console://``: printed on the process's output;
- ``file:///absolute/path``: one file per message in that folder;
- ``locmem://``: kept in memory (``django.core.mail.outbox``; tests);
- ``dummy://``: dropped;
- unset: the development default, files under the project's ``var/mail/`` (git-ignored), which
  need no server and can be opened with any mail program; in production, the console, which
  Django's deploy check ``mail.E001`` refuses (no mail would leave the machine).
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_TIMEOUT = 10
TRUE_WORDS = {"1", "true", "yes", "on"}


def email_config(url: str | None, default_directory: Path, debug: bool) -> dict:
    """The default mailer (``MAILERS["default"]``) of an ``EMAIL_URL``."""
    if not url:
        url = f"file://{default_directory}" if debug else "console://"
    parts = urlsplit(url)
    scheme = parts.scheme
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in backends:
        return {"BACKEND": backends[scheme]}
    if scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise ImproperlyConfigured(
                f"EMAIL_URL {url!r}: a mail folder needs an absolute path (file:///path)."
            )
        return {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": parts.path},
        }
    if scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured(
            f"EMAIL_URL: use smtp://, smtps://, console://, file://, locmem:// or dummy:// "
            f"(got {scheme or 'no scheme'}://)."
        )
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    try:
        port = parts.port or (465 if scheme == "smtps" else 25)
        timeout = float(query.get("timeout", SMTP_TIMEOUT))
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL: {error}") from None
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL: an SMTP URL needs a host.")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": scheme == "smtps",
            "use_tls": scheme == "smtp"
            and (port == 587 or query.get("tls", "").lower() in TRUE_WORDS),
            "timeout": timeout,
        },
    }
