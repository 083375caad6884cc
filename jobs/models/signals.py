"""Keeping the listings' search text (jobs.search) and the cached pages true when skills
change: receivers of the many-to-many and delete signals."""

from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver

from config.page_content import invalidate_on_relation_change
from jobs.models.companies import Skill
from jobs.models.listings import Job


@receiver(m2m_changed, sender=Job.skills.through)
def skills_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A listing's skills changed (``job.skills.set()``, the admin's form, ``skill.jobs.add()``):
    its search text follows."""
    if action == "pre_clear" and reverse:
        instance.cleared_job_ids = list(instance.jobs.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        job_ids = [instance.pk]
    elif action == "post_clear":
        job_ids = getattr(instance, "cleared_job_ids", [])
    else:
        job_ids = list(pk_set or ())
    if job_ids:
        Job.objects.filter(pk__in=job_ids).refresh_search_text()


@receiver(pre_delete, sender=Skill)
def remember_listings_of_skill(sender, instance, **kwargs):
    instance.deleted_job_ids = list(instance.jobs.values_list("pk", flat=True))


@receiver(post_delete, sender=Skill)
def skill_deleted(sender, instance, **kwargs):
    """A deleted skill leaves its listings (the links go with it): their search text too."""
    if job_ids := getattr(instance, "deleted_job_ids", None):
        Job.objects.filter(pk__in=job_ids).refresh_search_text()


# A listing's skills show on its page, its cards and its search: their changes invalidate the
# cached pages as every other write does (config.page_cache).
m2m_changed.connect(
    invalidate_on_relation_change, sender=Job.skills.through, dispatch_uid="skills_pages"
)
