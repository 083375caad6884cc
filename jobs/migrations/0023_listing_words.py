"""The keyword search's postings (jobs.models.postings), written by the database.

On PostgreSQL:

- three triggers on ``jobs_job``, one per statement (an import's ``bulk_create`` of 500
  listings is one set-based insert of their postings, not 500 calls): on an insert, the
  listings' words (the search text split at spaces and line ends) go to ``jobs_searchword``
  (when new) and to ``jobs_listingword`` with the listing's status, dates, facet key and pay
  range; on an update, the postings of the listings whose search text changed are written
  again, and those of the listings whose other posted columns changed are updated (nothing
  for an update that changed neither); on a delete, they go.
- ``listing_word_search_idx``: ``(word, expires_at)`` with the other columns included, so the
  facet counts of a keyword search read one index range per word, never the table;
- ``search_word_trgm``: a trigram index on the word list (a search word is matched anywhere in
  a word, "torch" in "pytorch");
- the postings of the existing listings.

New words are added in order (``ORDER BY``), so that two transactions adding the same new
words wait for each other instead of deadlocking. On SQLite the tables stay empty.
"""

from django.db import migrations, models

HOT_COLUMNS = (
    "status",
    "published_at",
    "expires_at",
    "featured_until",
    "facet_key",
    "pay_range_posted",
)
# The separators of Job.search_text's words (jobs.search.keywords): a search word holds neither.
WORDS_OF = r"regexp_split_to_table({}, E'[ \n]+')"

POSTING_COLUMNS = ", ".join(HOT_COLUMNS)
EVENTS = ("inserted", "deleted", "updated")


def postings_of(rows: str) -> list[str]:
    """The statements that add the postings (and new words) of the listings in ``rows``."""
    return [
        f"""
        INSERT INTO jobs_searchword (word)
        SELECT DISTINCT word FROM {rows} AS listing,
            {WORDS_OF.format("listing.search_text")} AS word
        WHERE word <> '' ORDER BY word
        ON CONFLICT DO NOTHING
        """,
        f"""
        INSERT INTO jobs_listingword (job_id, word, {POSTING_COLUMNS})
        SELECT DISTINCT listing.id, word, {", ".join(f"listing.{c}" for c in HOT_COLUMNS)}
        FROM {rows} AS listing, {WORDS_OF.format("listing.search_text")} AS word
        WHERE word <> ''
        """,
    ]


def function(name: str, statements: list[str]) -> str:
    body = ";\n".join(statement.strip() for statement in statements)
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body};\nRETURN NULL;\nEND\n$$"
    )


# Listings of an UPDATE whose words changed (new rows, and old rows, by id).
REWORDED = (
    "(SELECT n.* FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id "
    "WHERE o.id IS NULL OR o.search_text IS DISTINCT FROM n.search_text)"
)
UNWORDED = (
    "SELECT o.id FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id "
    "WHERE n.id IS NULL OR n.search_text IS DISTINCT FROM o.search_text"
)
HOT_CHANGED = " OR ".join(f"o.{column} IS DISTINCT FROM n.{column}" for column in HOT_COLUMNS)

FUNCTIONS = [
    function("jobs_listing_words_inserted", postings_of("inserted")),
    function(
        "jobs_listing_words_deleted",
        ["DELETE FROM jobs_listingword WHERE job_id IN (SELECT id FROM deleted)"],
    ),
    function(
        "jobs_listing_words_updated",
        [
            f"DELETE FROM jobs_listingword WHERE job_id IN ({UNWORDED})",
            *postings_of(REWORDED),
            f"""
            UPDATE jobs_listingword AS posting
            SET {", ".join(f"{column} = n.{column}" for column in HOT_COLUMNS)}
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE posting.job_id = n.id
                AND o.search_text IS NOT DISTINCT FROM n.search_text AND ({HOT_CHANGED})
            """,
        ],
    ),
]

TRIGGERS = [
    "CREATE TRIGGER jobs_job_words_inserted AFTER INSERT ON jobs_job "
    "REFERENCING NEW TABLE AS inserted "
    "FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_words_inserted()",
    "CREATE TRIGGER jobs_job_words_deleted AFTER DELETE ON jobs_job "
    "REFERENCING OLD TABLE AS deleted "
    "FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_words_deleted()",
    "CREATE TRIGGER jobs_job_words_updated AFTER UPDATE ON jobs_job "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_words_updated()",
]

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *FUNCTIONS,
    *TRIGGERS,
    # The postings of the listings already there.
    *postings_of("jobs_job"),
    "CREATE INDEX listing_word_search_idx ON jobs_listingword (word, expires_at) "
    f"INCLUDE (job_id, {', '.join(column for column in HOT_COLUMNS if column != 'expires_at')})",
    "CREATE INDEX search_word_trgm ON jobs_searchword USING gin (word gin_trgm_ops)",
]

DROP = [
    *(f"DROP TRIGGER IF EXISTS jobs_job_words_{event} ON jobs_job" for event in EVENTS),
    *(f"DROP FUNCTION IF EXISTS jobs_listing_words_{event}()" for event in EVENTS),
]


def statements(sql: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in sql:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0022_inline_search_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListingWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "job_id",
                        "word",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("job_id", models.BigIntegerField()),
                ("word", models.TextField()),
                ("status", models.CharField(max_length=10)),
                ("published_at", models.DateTimeField(null=True)),
                ("expires_at", models.DateTimeField(null=True)),
                ("featured_until", models.DateTimeField(null=True)),
                ("facet_key", models.IntegerField(null=True)),
                ("pay_range_posted", models.BooleanField()),
            ],
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.RunPython(statements(CREATE), statements(DROP)),
    ]
