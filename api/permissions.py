"""The API reads only."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """GET, HEAD and OPTIONS, for anyone; anything else is refused (the views have no other
    handler either: 405)."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS
