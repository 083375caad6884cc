"""What a keyword search of the job list reads, its words, and how one word matches it.

A listing matches a keyword search when every word is in its title, its company's name or one
of its skills' names, in any case. A word of three or more characters, or one with a sign in
it ("c++"), matches anywhere ("torch" finds PyTorch); a shorter word made of letters and
digits ("ai", "go", "r") matches whole words only, else "ai" would find every "Email" and "go"
every "Google".

Those three texts live in three tables, and testing them per request (a title upper-cased row
by row, the listings of every matching skill and company gathered) cost most of a search's
time at 100,000 listings. So each listing stores them together, case-folded, in
``Job.search_text``:

    "<title>\\n<company name>\\n<skill>\\n<skill>...\\n <every word of them, one space apart> "

and a word is one ``LIKE`` on that column, which a trigram index serves on PostgreSQL
(migration 0013): ``%word%`` for the anywhere match, ``% word %`` for a whole word (the
words-only part after the last line has a space before and after every word). A search word
never holds white space (the text is split on it), so it can never match across two of the
texts. Case-folding both sides in Python makes the match the same on every database ("STRASSE"
finds "Straße"), where SQLite's own ``LIKE`` folds ASCII only.

The column is derived, never edited: ``Job.save()`` writes it, and a change of a listing's
skills, a company's name or a skill's name rewrites it for the listings concerned (signals in
``jobs.models``); ``import_jobs`` and the load-test board write it with the rows they insert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

SHORT_WORD_LENGTH = 2
# A word of the text: a run of letters and digits (``[^\W_]``: a word character but "_").
TEXT_WORD = re.compile(r"[^\W_]+")


# ``q`` is split into words, and a listing matches when every word is in its title, its
# company's name or one of its skills' names: one condition per word (the first eight words).
KEYWORD_WORDS_MAX = 8
# Signs around a word that are not part of it: "(AI)," is the word "AI".
WORD_EDGES = "()[]{},;:!?\"'\u2018\u2019\u201c\u201d"


def keyword_words(text: str) -> list[str]:
    """The distinct words of a keyword search, in order, without the signs around them."""
    words: dict[str, str] = {}
    for part in text.split():
        word = part.strip(WORD_EDGES)
        if any(character.isalnum() for character in word):
            words.setdefault(word.casefold(), word)
    return list(words.values())


def search_text(title: str, company_name: str, skill_names: Iterable[str]) -> str:
    """The stored text a keyword search reads for a listing (see the module's docstring)."""
    skills = sorted({name.casefold() for name in skill_names})
    folded = "\n".join([title.casefold(), company_name.casefold(), *skills])
    return f"{folded}\n {' '.join(TEXT_WORD.findall(folded))} "


def is_whole_word(word: str) -> bool:
    """A short word of letters and digits matches whole words only."""
    return len(word) <= SHORT_WORD_LENGTH and word.isalnum()


def keyword_condition(word: str) -> Q:
    """The listings whose title, company name or a skill's name has the word."""
    return Q(search_text__contains=_searched_text(word))


def keyword_test(word: str) -> GreaterThan:
    """The same condition as :func:`keyword_condition`, written so that no index can serve it
    (``strpos(search_text, word) > 0``): tested on each listing of a small set read from
    another index, the featured listings. PostgreSQL's planner, left the choice, intersected
    the featured listings with the trigram index's matches for the word, which for a common
    word costs ten times more than testing the few hundred featured listings one by one
    (bench/README.md)."""
    return GreaterThan(StrIndex("search_text", Value(_searched_text(word))), 0)


def _searched_text(word: str) -> str:
    folded = word.casefold()
    return f" {folded} " if is_whole_word(word) else folded
