"""The keyword search's postings (PostgreSQL): each word of each listing's search text, with
the columns a search's facet counts read.

A keyword search's facet counts read every visible listing that has the words. Through the
trigram index on ``Job.search_text`` that is a bitmap of candidate rows, then each row read
from the table and its text tested again: at 100,000 listings, 25,000 rows for a common skill
("pytorch"), 35 to 45 ms per search. These two tables turn that into one range of an index
read without the table (jobs.search.postings):

- ``SearchWord``: every distinct word any listing's search text has held, with a trigram index
  (``search_word_trgm``): the words a search word is part of ("torch" is in "pytorch");
- ``ListingWord``: one row per listing and word of its search text, with the listing's
  status, publication, expiry, featured end, facet key and pay range beside it; its index
  ``listing_word_search_idx`` on ``(word, expires_at)`` includes the rest, so "the visible
  listings with these words, per facet key" is an index-only scan.

A *word* here is a run of the search text between spaces and line ends. A search word never
holds white space (jobs.search.keywords), so it is inside the search text exactly when it is
inside one of these words: the postings find the same listings as ``LIKE`` on the text.

A search of two or more words needs the listings that have *every* word: the postings of
each word read whole and intersected measured slower than the trigram index of the search
text for a rare word beside a common one. So each listing also has one row of its own:

- ``ListingTerms``: the listing's words as one array, its city and region (upper-cased, as
  the location search compares them) as another, with the same columns and its yearly USD
  maximum beside them, and a GIN index on both arrays (``listing_terms_idx``, exact, no
  recheck of any text): "the listings that have a word matching each search word, in a place
  matching the location" is one bitmap of that index, and its rows are a third of the width
  of a listing's;
- ``SearchPlace``: every distinct place, with a trigram index (``search_place_trgm``): the
  places a location search is part of ("san" is in "SAN FRANCISCO" and "SAN JOSE").

Written by the database, never by the application: migration 0023's trigger on ``jobs_job``
rewrites a listing's rows whenever its search text, status, dates, facet key or pay range
change (an insert, an update by any path: a save, a bulk update, an import, a COPY) and drops
them with the listing, in the same transaction; the triggers of migrations 0028 and 0029 do
the same for its terms, whenever those columns, its place or its salary change; the word and
place lists only grow (a word no listing holds any more finds nothing). The tables exist on
SQLite too, empty: there the facet counts read the listings (the embedded database holds a
demo board).
"""

from __future__ import annotations

from django.db import models


class SearchWord(models.Model):
    """A word that a listing's search text held (the trigger adds it; it is never removed)."""

    word = models.TextField(primary_key=True)

    def __str__(self) -> str:
        return self.word


class WordsField(models.TextField):
    """An array of words on PostgreSQL (``text[]``, what its GIN index reads); plain text
    elsewhere, where the table stays empty. Written by the database only."""

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else super().db_type(connection)


class CountedColumns(models.Model):
    """What the facet counts read of a listing, copied beside its words by the triggers."""

    status = models.CharField(max_length=10)
    published_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(null=True)
    featured_until = models.DateTimeField(null=True)
    facet_key = models.IntegerField(null=True)
    pay_range_posted = models.BooleanField()

    class Meta:
        abstract = True


class ListingWord(CountedColumns):
    """A word of a listing's search text, with what the facet counts read of the listing."""

    pk = models.CompositePrimaryKey("job_id", "word")
    job_id = models.BigIntegerField()
    word = models.TextField()

    def __str__(self) -> str:
        return f"{self.job_id}: {self.word}"


class SearchPlace(models.Model):
    """A city or region a listing has held, upper-cased as the location search compares it
    (the trigger adds it; it is never removed)."""

    place = models.TextField(primary_key=True)

    def __str__(self) -> str:
        return self.place


class ListingTerms(CountedColumns):
    """Every word of a listing's search text, as one array, its places (city and region,
    upper-cased) as another, with what the facet counts read of the listing."""

    job_id = models.BigIntegerField(primary_key=True)
    words = WordsField()
    places = WordsField(null=True)
    salary_max_usd_yearly = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    def __str__(self) -> str:
        return f"{self.job_id}: {self.words}"
