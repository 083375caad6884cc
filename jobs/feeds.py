"""RSS and Atom feeds of the job list (being built: issue 3, feeds slice)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class JobRssFeed(Feed):
    title = "Jobs"
    link = "/jobs/"
    description = "The newest listings."

    def items(self):
        return []


class JobAtomFeed(JobRssFeed):
    feed_type = Atom1Feed
    subtitle = JobRssFeed.description
