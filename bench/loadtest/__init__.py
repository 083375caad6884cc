"""The pieces of the load test (bench/load.py): the server, the URL set, wrk's runs, the
realistic mix with a cache, and the report. bench/scale.py and bench/reliability.py reuse
them.
"""
