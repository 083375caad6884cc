"""The alerts' background work, as tasks of Django's Tasks framework (TASKS_URL:
config/tasks_url.py). Arguments are ids, never objects: a task reads what is current when it
runs, and does nothing when its alert is gone or no longer due."""

from django.tasks import task

from alerts import sending


@task()
def send_confirmation(alert_id: int, frequency: str) -> bool:
    """The double opt-in email of a subscription."""
    return sending.send_confirmation(alert_id, frequency)


@task()
def send_alert(alert_id: int) -> int:
    """One alert's email, if it is due and has new listings; the number of listings sent."""
    return sending.send_alert(alert_id)
