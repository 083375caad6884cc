#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Development only: the git-ignored .env of `make install` (debug on). The environment
    # wins; gunicorn, WSGI and ASGI never read it.
    from config.dotenv import load_development_env

    load_development_env()
    if sys.argv[1:2] == ["runserver"]:
        # A web process, as config/wsgi.py: queries get the statement timeout.
        os.environ.setdefault("DJANGO_WEB_PROCESS", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
