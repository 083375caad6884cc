"""How often a listing's Apply button was followed: one count per listing per day (UTC).

Nothing about who clicked is kept: no address, no user agent, no cookie, no time of day. The
rows are not page content (no public page shows them): writing one never invalidates the page
cache.
"""

from django.db import models


class ApplyClick(models.Model):
    """The Apply clicks of one listing on one day (UTC)."""

    job = models.ForeignKey(
        "jobs.Job", on_delete=models.CASCADE, related_name="apply_clicks", verbose_name="listing"
    )
    day = models.DateField(help_text="The day in UTC.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "apply click"
        verbose_name_plural = "apply clicks"
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="clicks_one_row_per_listing_day")
        ]
        # The statistics read the last 90 days of every listing: a range on the day.
        indexes = [models.Index(fields=["day"], name="clicks_day_idx")]

    def __str__(self):
        return f"{self.count} on {self.day:%Y-%m-%d} (listing {self.job_id})"
