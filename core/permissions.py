"""Who sees what the public does not see yet."""


def can_preview(user, permission: str) -> bool:
    """Active staff with ``permission`` (``"jobs.view_job"``, ``"careers.view_comparison"``)
    see drafts and scheduled content before it goes live."""
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and user.has_perm(permission)
    )
