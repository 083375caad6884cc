"""The development environment file (``.env``), read by ``manage.py`` and the bench scripts.

``make install`` writes ``.env`` (git-ignored) with ``DJANGO_DEBUG=1`` so that a newcomer's
``manage.py`` commands run with debug on and no variable to set. The environment always wins
over the file. The production entry points (``config/wsgi.py``, ``config/asgi.py``, gunicorn)
and the tests never call this: they run with debug off unless ``DJANGO_DEBUG=1`` is set in
their own environment. ``DJANGO_ENV_FILE`` names another file (``-`` or an empty file: none).
"""

import os
from pathlib import Path

from dotenv import load_dotenv

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def load_development_env() -> Path | None:
    """Read the development ``.env`` into ``os.environ`` without overriding what is already
    there; the file read, or None when there is none."""
    name = os.environ.get("DJANGO_ENV_FILE", "").strip()
    if name == "-":
        return None
    path = Path(name) if name else ENV_FILE
    if not path.is_file():
        return None
    load_dotenv(path, override=False)
    return path
