"""The link check as a task of Django's Tasks framework (TASKS_URL: config/tasks_url.py), enqueued
daily by ``manage.py check_apply_links``. It reads what is current when it runs."""

from django.tasks import task

from linkcheck import checking


@task()
def check_apply_links() -> dict[str, int | bool]:
    """Check every open listing's apply link, then email the editors about the broken ones
    (at most once a day); the run's counts."""
    return checking.run().as_dict()
