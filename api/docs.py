"""The schema's documentation page (Swagger UI from drf-spectacular-sidecar: the site's own
static files, no CDN), under the site's strict CSP: its HTML has no inline script or style,
and its init script is a file of its own (``?script``, SpectacularSwaggerSplitView).

One relaxation, this view's only: ``img-src`` also allows ``data:``. Swagger UI's stylesheet
draws its icons (arrows, locks, the model toggles) as ``data:`` SVG images, which the site's
``img-src 'self'`` blocks (a violation per icon in Chromium, tests/e2e/test_api_docs.py). An
image cannot run script; scripts and styles stay 'self' only, as on every page.
"""

from django.conf import settings
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularSwaggerSplitView

DOCS_CSP = {**settings.SECURE_CSP, "img-src": [CSP.SELF, "data:"]}


@method_decorator(csp_override(DOCS_CSP), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
    template_name_js = "api/swagger_ui.js"
    title = "AI Jobs Board API"
