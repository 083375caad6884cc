"""Create the local admin account, or give it a new password with ``--reset``.

The password is generated and printed once, when it is set; it is never stored anywhere else.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local superuser and print its generated password (--reset sets a new one)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--reset", action="store_true", help="Set a new password if the account exists."
        )

    def handle(self, *args, username, reset, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and not reset:
            self.stdout.write(
                f"Admin account '{username}' already exists (run `make admin` for a new password)."
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
            action = "Created admin account"
        else:
            user.set_password(password)
            user.is_active = user.is_staff = user.is_superuser = True
            user.save()
            action = "New password for admin account"
        self.stdout.write(self.style.SUCCESS(f"{action}: user name '{username}'"))
        self.stdout.write(f"    password: {password}")
        self.stdout.write("    log in at http://127.0.0.1:8000/admin/")
