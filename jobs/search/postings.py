"""The facet rows of a keyword search from the postings (PostgreSQL; jobs.models.postings).

The same rows as the grouped query over the listings (jobs.search.facets): per facet key and
pay range, the visible listings that have the search word, and how many of them are
featured. A search word matches a posting word when it is part of it (``LIKE '%word%'`` on
the word list, which its trigram index serves) or, for a short whole word ("ai"), when it is
the word; a listing has the search word when one of its posting words matches. The postings
of each matching word are one range of ``listing_word_search_idx`` (the visible ones: expiry
is its second column), read without the table.

For two or more search words, or words with a location or a minimum salary, the rows come
from the listings' terms instead (``jobs_listingterms``, one row per listing with its words
and its places as arrays): a listing has every search word when its words overlap (``&&``)
the posting words each search word matches, one condition per search word, and is in the
place when its places overlap the places that hold the location's text, which the GIN index
of the arrays intersects before reading a row.
Each word's postings read whole and intersected measured slower than the trigram index of the
search text for a rare word beside a common one; the terms are faster than both (bench/README.md).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import connection

from jobs.models import Job, SearchWord
from jobs.search.keywords import TEXT_WORD, is_whole_word


def answers(words: list[str]) -> bool:
    """Whether the postings (one word) or the terms (several) answer a search for these
    words: not when one is a whole word whose case-folded form is not one word of the text
    ("İ" folds to "i" and a combining dot), which a posting would match differently at the
    end of a line."""
    return bool(words) and all(
        not is_whole_word(word) or TEXT_WORD.fullmatch(word.casefold()) for word in words
    )


def matching_words(word: str) -> tuple[str, list]:
    """SQL for the array of posting words that the search word matches, and its parameters."""
    folded = word.casefold()
    if is_whole_word(word):
        return "ARRAY[%s]::text[]", [folded]
    words = SearchWord.objects.filter(word__contains=folded).values("word")
    sql, params = words.query.sql_with_params()
    return f"ARRAY({sql})", list(params)


def visible_condition(now: datetime, published_since: datetime | None) -> tuple[str, list]:
    """The visible listings (published since ``published_since`` if given), on the columns
    the postings and the terms share with the listing."""
    visible = "expires_at > %s AND published_at <= %s AND status = %s"
    params = [now, now, Job.Status.PUBLISHED]
    if published_since is not None:
        visible += " AND published_at >= %s"
        params.append(published_since)
    return visible, params


def matching_places(text: str) -> tuple[str, list]:
    """SQL for the array of places that a location search matches (the text anywhere in a
    city or region, in any case: ``icontains``'s own pattern), and its parameters."""
    pattern = f"%{connection.ops.prep_for_like_query(text)}%"
    return "ARRAY(SELECT place FROM jobs_searchplace WHERE place LIKE UPPER(%s))", [pattern]


def facet_rows_query(
    words: list[str],
    now: datetime,
    published_since: datetime | None,
    place: str | None = None,
    salary_min_usd: Decimal | None = None,
) -> tuple[str, list]:
    """(SQL, parameters) of the rows (facet key, pay range posted, listings, featured) of the
    visible listings that have every word, published since ``published_since``, in a city or
    region that holds ``place``, whose yearly USD maximum reaches ``salary_min_usd`` (each if
    given): from the postings for one word alone, from the terms otherwise."""
    if len(words) == 1 and place is None and salary_min_usd is None:
        return word_facet_rows_query(words[0], now, published_since)
    conditions, params = [], []
    for word in words:
        matching, matching_params = matching_words(word)
        conditions.append(f"words && {matching}")
        params += matching_params
    if place is not None:
        matching, matching_params = matching_places(place)
        conditions.append(f"places && {matching}")
        params += matching_params
    if salary_min_usd is not None:
        conditions.append("salary_max_usd_yearly >= %s")
        params.append(salary_min_usd)
    visible, visible_params = visible_condition(now, published_since)
    sql = (
        "SELECT facet_key, pay_range_posted, COUNT(*), "
        "COUNT(*) FILTER (WHERE featured_until > %s) FROM jobs_listingterms "
        f"WHERE {' AND '.join(conditions)} AND {visible} GROUP BY facet_key, pay_range_posted"
    )
    return sql, [now, *params, *visible_params]


def word_facet_rows_query(
    word: str, now: datetime, published_since: datetime | None
) -> tuple[str, list]:
    """(SQL, parameters) of the rows (facet key, pay range posted, listings, featured) of the
    visible listings that have the word, published since ``published_since`` if given.

    A listing has one posting per word, so when the search word matches one posting word
    (a whole word, or a word of its own: "pytorch") its postings are the listings; when it
    matches several ("data" in "data" and "database"), they are grouped per listing first.
    Both forms are in the query, each behind a condition on the number of matching words
    that PostgreSQL tests once, before reading anything (a one-time filter).
    """
    words, words_params = matching_words(word)
    visible, visible_params = visible_condition(now, published_since)
    postings = (
        "SELECT facet_key, pay_range_posted, featured_until FROM jobs_listingword "
        f"WHERE cardinality({words}) {{}} 1 AND word = ANY({words}) AND {visible}"
    )
    postings_params = [*words_params, *words_params, *visible_params]
    if is_whole_word(word):
        matches, matches_params = postings.format("="), postings_params
    else:
        matches = (
            f"{postings.format('=')} UNION ALL {postings.format('>')} "
            "GROUP BY job_id, facet_key, pay_range_posted, featured_until"
        )
        matches_params = [*postings_params, *postings_params]
    sql = (
        "SELECT facet_key, pay_range_posted, COUNT(*), "
        "COUNT(*) FILTER (WHERE featured_until > %s) "
        f"FROM ({matches}) AS matches GROUP BY facet_key, pay_range_posted"
    )
    return sql, [now, *matches_params]
