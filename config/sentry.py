"""Error reports to Sentry when ``SENTRY_DSN`` is set (``config/settings.py`` starts it)."""


def scrub_event(event, hint):
    """``before_send``: keep the request's method and path, nothing that may carry a secret or
    an address (query string, cookies, headers, body)."""
    request = event.get("request")
    if isinstance(request, dict):
        url = str(request.get("url", "")).split("?", 1)[0]
        event["request"] = {"method": request.get("method", ""), "url": url}
    return event
