"""The pieces of bench/import_jobs_bench.py: a realistic listings CSV, its own database, and
``manage.py import_jobs`` timed as a user runs it. bench/reliability.py reuses the CSV.
"""
