"""The pieces of bench/explain_jobs.py: its board of listings and the plans of the job list's
queries.
"""
