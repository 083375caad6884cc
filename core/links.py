"""Links that people follow from the site: web pages only (no ftp:, no javascript:)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

HTTP_URL_MESSAGE = "Use an http:// or https:// address."

# The model fields' validator (apply URLs, company websites).
http_url_validator = URLValidator(schemes=["http", "https"])


def is_http_url(text: str) -> bool:
    """Empty, or an http:// or https:// address (any case)."""
    return not text or text.lower().startswith(("http://", "https://"))


def require_http_url(url: str) -> str:
    """A form's check: the URL, or a ValidationError when it is not a web address."""
    if not is_http_url(url):
        raise ValidationError(HTTP_URL_MESSAGE)
    return url
