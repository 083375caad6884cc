from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Public read API"

    def ready(self):
        # The schema extension of the search backend (drf-spectacular finds it registered).
        from api import filters  # noqa: F401
