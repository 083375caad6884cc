"""Cross-origin reads of the API: any site's scripts may GET it, without credentials.

``Access-Control-Allow-Origin: *`` never lets a browser send cookies along (and the API reads
none): the answers are the public pages' data. A preflight (``OPTIONS`` with
``Access-Control-Request-Method``) is answered here for GET and HEAD only.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Headers a client may send (If-None-Match to revalidate) and read (ETag, the rate limit's
# Retry-After, the page cache's X-Cache).
ALLOWED_HEADERS = "Accept, If-None-Match"
EXPOSED_HEADERS = "ETag, Retry-After, X-Cache"
PREFLIGHT_MAX_AGE = "86400"


def cors(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    return wrapped
