"""Each listing's words as one array (jobs.models.postings.ListingTerms), written by the
database: the facet counts of a search of two or more words.

On PostgreSQL:

- three triggers on ``jobs_job``, one per statement as migration 0023's: on an insert, each
  listing's row (its distinct words, the search text split at spaces and line ends, and its
  status, dates, facet key and pay range); on an update, the row of every listing whose search
  text or one of those columns changed is written again (nothing for an update that changed
  neither); on a delete, it goes;
- ``listing_terms_words_idx``: a GIN index on the words (``&&``: the listings that have one of
  the words a search word matches);
- the rows of the existing listings.

On SQLite the table stays empty.
"""

import importlib

from django.db import migrations, models

import jobs.models.postings

# The postings' columns and helpers (migration 0023): the terms hold the same columns.
postings = importlib.import_module("jobs.migrations.0023_listing_words")
HOT_COLUMNS = postings.HOT_COLUMNS
function = postings.function
statements = postings.statements
COLUMNS = ", ".join(HOT_COLUMNS)
# The listing's distinct words: the same split as its postings (migration 0023).
WORDS = (
    "ARRAY(SELECT DISTINCT word FROM regexp_split_to_table({}.search_text, E'[ \\n]+') AS word "
    "WHERE word <> '' ORDER BY word)"
)
EVENTS = ("inserted", "deleted", "updated")


def terms_of(rows: str, alias: str = "listing") -> str:
    """The statement that writes the rows of the listings in ``rows`` (new or again)."""
    return f"""
        INSERT INTO jobs_listingterms (job_id, words, {COLUMNS})
        SELECT {alias}.id, {WORDS.format(alias)},
            {", ".join(f"{alias}.{column}" for column in HOT_COLUMNS)}
        FROM {rows}
        ON CONFLICT (job_id) DO UPDATE SET words = EXCLUDED.words,
            {", ".join(f"{column} = EXCLUDED.{column}" for column in HOT_COLUMNS)}
        """


CHANGED = " OR ".join(
    f"o.{column} IS DISTINCT FROM n.{column}" for column in ("search_text", *HOT_COLUMNS)
)
FUNCTIONS = [
    function("jobs_listing_terms_inserted", [terms_of("inserted AS listing")]),
    function(
        "jobs_listing_terms_deleted",
        ["DELETE FROM jobs_listingterms WHERE job_id IN (SELECT id FROM deleted)"],
    ),
    function(
        "jobs_listing_terms_updated",
        [
            # A listing whose id changed leaves its old row.
            "DELETE FROM jobs_listingterms WHERE job_id IN (SELECT o.id FROM old_rows o "
            "LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL)",
            terms_of(
                "new_rows n LEFT JOIN old_rows o ON o.id = n.id "
                f"WHERE o.id IS NULL OR {CHANGED}",
                "n",
            ),
        ],
    ),
]

TRIGGERS = [
    "CREATE TRIGGER jobs_job_terms_inserted AFTER INSERT ON jobs_job "
    "REFERENCING NEW TABLE AS inserted "
    "FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_terms_inserted()",
    "CREATE TRIGGER jobs_job_terms_deleted AFTER DELETE ON jobs_job "
    "REFERENCING OLD TABLE AS deleted "
    "FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_terms_deleted()",
    "CREATE TRIGGER jobs_job_terms_updated AFTER UPDATE ON jobs_job "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_terms_updated()",
]

CREATE = [
    *FUNCTIONS,
    *TRIGGERS,
    terms_of("jobs_job AS listing"),
    "CREATE INDEX listing_terms_words_idx ON jobs_listingterms USING gin (words)",
]

DROP = [
    *(f"DROP TRIGGER IF EXISTS jobs_job_terms_{event} ON jobs_job" for event in EVENTS),
    *(f"DROP FUNCTION IF EXISTS jobs_listing_terms_{event}()" for event in EVENTS),
]


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0027_featured_index_covers_filters"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListingTerms",
            fields=[
                ("job_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("words", jobs.models.postings.WordsField()),
                ("status", models.CharField(max_length=10)),
                ("published_at", models.DateTimeField(null=True)),
                ("expires_at", models.DateTimeField(null=True)),
                ("featured_until", models.DateTimeField(null=True)),
                ("facet_key", models.IntegerField(null=True)),
                ("pay_range_posted", models.BooleanField()),
            ],
        ),
        migrations.RunPython(statements(CREATE), statements(DROP)),
    ]
