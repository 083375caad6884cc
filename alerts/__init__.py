"""Email alerts for any job search, without an account.

- ``models``: an address (``Subscriber``), a search as its canonical query (``AlertSearch``,
  what editors count), an alert of an address for a search (``Alert``) and the listings an
  address was sent (``SentListing``: never twice);
- ``tokens``: the signed links (confirm, unsubscribe, manage);
- ``sending``: which alerts are due, what each sends, the emails themselves;
- ``tasks``: the background work (Django's Tasks framework), ``send_alerts`` enqueues it;
- ``views``: subscribe (double opt-in), confirm, unsubscribe (RFC 8058 one-click), manage.
"""
