"""The pieces of bench/scale.py: PostgreSQL clusters of its own, the topology of
deploy/README.md on one machine, an edit followed to the pages, and the report.
"""
