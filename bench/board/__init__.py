"""The synthetic job boards of the benchmarks: what their listings are made of, and the
load test's 100,000-listing PostgreSQL board (built by bench/load_data.py).
"""
