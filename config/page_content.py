"""Models whose rows public pages show: every write to them invalidates the cached pages
(config.page_cache), saves and deletes as well as the bulk writes that signals do not see."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, models

from config.page_cache import invalidate


class PageContentQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes invalidate the cached pages (what signals do not see)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        invalidate(self.db)
        return rows

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        invalidate(self.db)
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        invalidate(self.db)
        return rows

    bulk_update.alters_data = True

    def delete(self):
        result = super().delete()
        invalidate(self.db)
        return result

    delete.alters_data = True


class PageContent:
    """A model whose rows some public page shows: saving or deleting one invalidates the
    cached pages. Its default manager should come from :class:`PageContentQuerySet`."""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        invalidate(kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        invalidate(kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS)
        return result


def invalidate_on_relation_change(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``m2m_changed`` receiver: a listing's skills (a relation's rows) changed."""
    if kwargs.get("action", "").startswith("post_"):
        invalidate(using)
