from django.urls import path

from clicks import views

app_name = "clicks"

urlpatterns = [
    # Never cached (config/page_cache.py): every click is counted, and answered no-store.
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
]
