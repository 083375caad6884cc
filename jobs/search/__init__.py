"""The job search: the FilterSet behind /jobs/ and its feeds, and the listings a page suggests.

One thing per module:

- ``keywords``: the stored search text of a listing and how a keyword matches it;
- ``parameters``: the GET parameters of a search and how they are read;
- ``notices``: what the page says about the parameters it ignored;
- ``filterset``: ``JobFilter``, its filters, results and pages;
- ``facets``: the facet counts (one grouped query);
- ``postings``: a keyword search's facet counts from its postings (PostgreSQL);
- ``description``: the search in words and URLs (headline, canonical query, remove links);
- ``similar``: a listing's similar listings;
- ``matching``: the listings that match a list of keywords (a role's).

Only ``search_text`` is imported here: ``jobs.models`` (and migration 0013) import it from
this package, so nothing here may import the models. Import the rest from its module.
"""

from jobs.search.keywords import search_text

__all__ = ["search_text"]
