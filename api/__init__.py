"""The public read API: /api/v1/ (see README.md, "API")."""
