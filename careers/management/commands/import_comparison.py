"""``manage.py import_comparison FILE``: a comparison article in the seed's plain-text form.

The text may carry the seed's wrong character decoding (UTF-8 read as Windows-874); it is
repaired first. The roles are matched by name and the comparison by its pair of roles, so
running the command again updates instead of duplicating. A file not in the form (or holding
a control character) is refused and nothing is written; so is one the database refuses.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from careers.importing.form import ArticleFormatError
from careers.importing.parse import parse_article
from careers.importing.write import import_article

MAX_FILE_BYTES = 1_000_000


class Command(BaseCommand):
    help = (
        "Import a comparison article (the seed page's plain-text form) into roles and a "
        "published comparison; running it again updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 text file in the seed page's form.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{path}: larger than 1 MB, not an article. Nothing imported.")
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file.") from error
        except IsADirectoryError as error:
            raise CommandError(f"{path}: a directory, not a file.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text. Nothing imported.") from error
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror}).") from error

        try:
            article = parse_article(text)
            with transaction.atomic():
                report = import_article(article)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ArticleFormatError as error:
            raise CommandError(f"{path}: {error}. Nothing imported.") from error
        except DatabaseError as error:
            # The transaction is rolled back: nothing of the article is kept.
            raise CommandError(
                f"{path}: the database refused the article ({error}). Nothing imported."
            ) from error

        for line in report.lines:
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        elif report.changed:
            self.stdout.write(self.style.SUCCESS(f"Imported \u201c{article.title}\u201d."))
        else:
            self.stdout.write(f"No changes: \u201c{article.title}\u201d is up to date.")
