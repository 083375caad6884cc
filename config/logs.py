"""Structured logs: one JSON line per request and per error, each with the request's id.

- :class:`RequestLogMiddleware` (first in ``MIDDLEWARE``) gives every request an id (the
  ``X-Request-ID`` that the configured proxy sent, when it is a plain token, else a new one),
  sends it back in the ``X-Request-ID`` header, and logs one line on ``jobboard.requests``
  when the response leaves: method, path (never the query string, which may carry an
  address or a token), status, duration in milliseconds, and the page cache's hit or miss.
- :class:`JsonFormatter` (python-json-logger) writes every record as one JSON object: time
  (ISO 8601, UTC), level, logger, message, the request id of the request being served, and
  the traceback of an error. Django's own error records carry the request object: only its
  method and path are kept (no query string, no cookies, no headers).
- ``SENTRY_DSN`` set: errors are also reported to Sentry (``config/settings.py``), without
  personal data.
"""

import contextvars
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from config.security import _is_trusted_proxy

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}\Z")
logger = logging.getLogger("jobboard.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        if (
            incoming
            and REQUEST_ID.match(incoming)
            and _is_trusted_proxy(request.META.get("REMOTE_ADDR", ""))
        ):
            request_id = incoming
        else:
            request_id = uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "cache": response.get("X-Cache", ""),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per record, with the fields every line has first."""

    def add_fields(self, log_data, record, message_dict):
        request = record.__dict__.pop("request", None)
        super().add_fields(log_data, record, message_dict)
        log_data.pop("color_message", None)
        log_data.pop("taskName", None)
        fields = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id_var.get(),
        }
        if request is not None and "path" not in log_data:
            fields["method"] = getattr(request, "method", "")
            fields["path"] = getattr(request, "path", "")
        for key, value in reversed(fields.items()):
            log_data.setdefault(key, value)
        # The ordering people read: time, level, logger, request id, message, the rest.
        ordered = {key: log_data.pop(key) for key in ("time", "level", "logger", "request_id")}
        ordered.update(log_data)
        log_data.clear()
        log_data.update(ordered)


class TextFormatter(logging.Formatter):
    """The development format: time, level, request id, logger, message."""

    def format(self, record):
        record.request_id = request_id_var.get() or "-"
        return super().format(record)
