"""RSS and Atom feeds of the job list.

A feed URL takes the same parameters as /jobs/ (``/jobs/feed/rss/?seniority=SE&workplace=
remote``) and is read by the same FilterSet, so a feed holds exactly the listings of the
search it was linked from: the 50 newest. Invalid parameters are ignored, as on the page.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from jobs.filters import JobFilter

FEED_LENGTH = 50


class JobRssFeed(Feed):
    """The newest visible listings that match the search in the feed's URL."""

    def get_object(self, request, *args, **kwargs):
        return JobFilter(request.GET, request=request)

    def title(self, search):
        return f"{search.headline()} · {settings.SITE_NAME}"

    def link(self, search):
        query = search.query_string()
        return reverse("jobs:list") + (f"?{query}" if query else "")

    def feed_url(self, search):
        query = search.query_string()
        return search.request.path + (f"?{query}" if query else "")

    def description(self, search):
        return f"The newest listings on {settings.SITE_NAME}: {search.headline()}."

    def author_name(self):
        return settings.SITE_NAME

    def items(self, search):
        return search.newest()[:FEED_LENGTH]

    def item_title(self, job):
        return f"{job.title} at {job.company.name}"

    def item_description(self, job):
        """Company, location, salary: what a reader decides on before opening the listing."""
        parts = [
            job.company.name,
            job.location_display,
            job.get_seniority_display(),
            job.get_employment_type_display(),
            job.salary_display or "No salary given",
        ]
        return " · ".join(parts)

    def item_link(self, job):
        return job.get_absolute_url()

    def item_guid(self, job):
        # The id-only URL: a listing keeps its id when an editor changes its title and slug,
        # so feed readers never show it twice.
        return settings.SITE_URL + reverse("jobs:detail_noslug", kwargs={"pk": job.pk})

    def item_pubdate(self, job):
        return job.published_at

    def item_updateddate(self, job):
        return job.updated_at

    def item_categories(self, job):
        return [
            job.get_seniority_display(),
            job.get_employment_type_display(),
            job.get_workplace_display(),
        ]


class JobAtomFeed(JobRssFeed):
    """The same search as an Atom feed."""

    feed_type = Atom1Feed

    def subtitle(self, search):
        return self.description(search)
