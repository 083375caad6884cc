"""URLs of the careers app: comparison articles, role profiles, feeds."""

app_name = "careers"

urlpatterns = []
