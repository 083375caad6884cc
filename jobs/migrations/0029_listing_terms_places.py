"""The listings' terms hold their places and yearly USD maximum too (jobs.models.postings), so
that the facet counts of a keyword search with a location or a minimum salary read them.

On PostgreSQL:

- migration 0028's trigger functions, written again: each listing's row also holds its places
  (its city and region, upper-cased as the location search compares them: ``UPPER(city)``)
  and its ``salary_max_usd_yearly``, and is written again when one of those changes too; new
  places go to ``jobs_searchplace`` (in order, as migration 0023's words, so that two writers
  wait for each other instead of deadlocking);
- ``listing_terms_idx``: one GIN index on the words and the places (it replaces
  ``listing_terms_words_idx``), so that a search's words and its location are one bitmap;
- ``search_place_trgm``: a trigram index on the place list (the location is matched anywhere
  in a place);
- the places and salaries of the existing listings.

On SQLite the tables stay empty.
"""

import importlib

from django.db import migrations, models

import jobs.models.postings

before = importlib.import_module("jobs.migrations.0028_listing_terms")

HOT_COLUMNS = (*before.HOT_COLUMNS, "salary_max_usd_yearly")
COLUMNS = ", ".join(HOT_COLUMNS)
# A listing's places: its city and region, upper-cased as Django's icontains compares them.
PLACES = "array_remove(ARRAY[UPPER({0}.city::text), UPPER({0}.region::text)], '')"


def terms_of(rows: str) -> list[str]:
    """The statements that write the rows of the listings in ``rows`` (named ``listing``),
    new or again, and add their new places."""
    alias = "listing"
    return [
        f"""
        INSERT INTO jobs_searchplace (place)
        SELECT DISTINCT place FROM {rows}, unnest({PLACES.format(alias)}) AS place
        ORDER BY place
        ON CONFLICT DO NOTHING
        """,
        f"""
        INSERT INTO jobs_listingterms (job_id, words, places, {COLUMNS})
        SELECT {alias}.id, {before.WORDS.format(alias)}, {PLACES.format(alias)},
            {", ".join(f"{alias}.{column}" for column in HOT_COLUMNS)}
        FROM {rows}
        ON CONFLICT (job_id) DO UPDATE SET words = EXCLUDED.words, places = EXCLUDED.places,
            {", ".join(f"{column} = EXCLUDED.{column}" for column in HOT_COLUMNS)}
        """,
    ]


CHANGED = " OR ".join(
    f"o.{column} IS DISTINCT FROM n.{column}"
    for column in ("search_text", "city", "region", *HOT_COLUMNS)
)
FUNCTIONS = [
    before.function("jobs_listing_terms_inserted", terms_of("inserted AS listing")),
    before.function(
        "jobs_listing_terms_updated",
        [
            # A listing whose id changed leaves its old row.
            "DELETE FROM jobs_listingterms WHERE job_id IN (SELECT o.id FROM old_rows o "
            "LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL)",
            *terms_of(
                "(SELECT n.* FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id "
                f"WHERE o.id IS NULL OR {CHANGED}) AS listing"
            ),
        ],
    ),
]

CREATE = [
    *FUNCTIONS,
    *terms_of("jobs_job AS listing"),
    "DROP INDEX IF EXISTS listing_terms_words_idx",
    "CREATE INDEX listing_terms_idx ON jobs_listingterms USING gin (words, places)",
    "CREATE INDEX search_place_trgm ON jobs_searchplace USING gin (place gin_trgm_ops)",
]

DROP = [
    # Migration 0028's functions and index again (its triggers call the functions by name).
    *before.FUNCTIONS,
    "DROP INDEX IF EXISTS listing_terms_idx",
    "CREATE INDEX listing_terms_words_idx ON jobs_listingterms USING gin (words)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0028_listing_terms"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchPlace",
            fields=[
                ("place", models.TextField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.AddField(
            model_name="listingterms",
            name="places",
            field=jobs.models.postings.WordsField(null=True),
        ),
        migrations.AddField(
            model_name="listingterms",
            name="salary_max_usd_yearly",
            field=models.DecimalField(decimal_places=2, max_digits=14, null=True),
        ),
        # The reverse runs first on the way back: the old functions before the columns go.
        migrations.RunPython(before.statements(CREATE), before.statements(DROP)),
    ]
