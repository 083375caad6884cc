"""The facet rows of a keyword search from the postings (PostgreSQL; jobs.models.postings).

The same rows as the grouped query over the listings (jobs.search.facets): per facet key and
pay range, the visible listings that have the search word, and how many of them are
featured. A search word matches a posting word when it is part of it (``LIKE '%word%'`` on
the word list, which its trigram index serves) or, for a short whole word ("ai"), when it is
the word; a listing has the search word when one of its posting words matches. The postings
of each matching word are one range of ``listing_word_search_idx`` (the visible ones: expiry
is its second column), read without the table.

One search word only: for two or more, each word's postings are read whole and intersected,
which measured slower than the trigram index of the search text, which intersects the words
before reading any row (bench/README.md).
"""

from __future__ import annotations

from datetime import datetime

from jobs.models import Job, SearchWord
from jobs.search.keywords import TEXT_WORD, is_whole_word


def answers(words: list[str]) -> bool:
    """Whether the postings answer a search for these words: one word (several are read
    faster from the search text, whose trigram index intersects them before reading a row),
    and not a whole word whose case-folded form is not one word of the text ("İ" folds to
    "i" and a combining dot), which a posting would match differently at the end of a line."""
    if len(words) != 1:
        return False
    return not is_whole_word(words[0]) or bool(TEXT_WORD.fullmatch(words[0].casefold()))


def matching_words(word: str) -> tuple[str, list]:
    """SQL for the array of posting words that the search word matches, and its parameters."""
    folded = word.casefold()
    if is_whole_word(word):
        return "ARRAY[%s]::text[]", [folded]
    words = SearchWord.objects.filter(word__contains=folded).values("word")
    sql, params = words.query.sql_with_params()
    return f"ARRAY({sql})", list(params)


def facet_rows_query(
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
    visible = "expires_at > %s AND published_at <= %s AND status = %s"
    visible_params = [now, now, Job.Status.PUBLISHED]
    if published_since is not None:
        visible += " AND published_at >= %s"
        visible_params.append(published_since)
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
