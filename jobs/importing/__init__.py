"""The listings importer behind ``manage.py import_jobs FILE.csv``: all rows or none.

The whole file is read and every row validated first (the CSV-level checks, then the model's
own ``full_clean``); any error means nothing is written and every error is reported as
"line N: column: message", with line numbers as in the file (the header is line 1). Otherwise
everything is written in one transaction.

Importing the same file again creates no duplicates: a listing is matched by company, title,
country and city (case-insensitively) and updated; a company is matched by name. The README's
"Importing listings" section documents the columns.

The work takes a fixed number of queries, whatever the file's length: companies, skills,
exchange rates and the listings of the file's companies (with their skill links) are read once;
each row is validated by the model without a query (its exchange rate is passed in, its check
constraints are evaluated in Python); then new companies, skills and listings are inserted with
``bulk_create``, changed listings updated with ``bulk_update`` (every column that differs from
what is stored, derived ones included, after ``apply_defaults()`` as ``save()`` does, and
``updated_at``), and skill links added and removed in bulk. A listing whose columns and skills
are all unchanged is not written at all.

One thing per module:

- ``importer``: ``import_listings(path)``, the entry point, and the ``Importer`` (what the rows
  are matched against, the validation of each row);
- ``reading``: the file (its size limit, text and records through ``core.csvfile``) and its
  header;
- ``rows``: the columns and how a row's cells become a listing's values;
- ``checks``: the model's check constraints compiled to Python, the exchange rate passed in;
- ``rendering``: Markdown rendered once per distinct text;
- ``writing``: the bulk statements that write a validated file.
"""
