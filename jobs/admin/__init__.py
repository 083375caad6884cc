"""The editors' admin, built for speed: companies and skills (companies.py), exchange rates
(rates.py) and listings (listings.py).

An editor (the "Editors" group) adds a correct listing in under a minute: company and skills by
autocomplete, a slug filled from the title (also without JavaScript), grouped fieldsets, and a
form that refuses what the model refuses (an implausible salary comes back as an error on the
salary field, naming the plausible range). Change lists run a fixed number of queries whatever
the number of rows.
"""

from jobs.admin import companies, listings, rates

__all__ = ["companies", "listings", "rates"]
