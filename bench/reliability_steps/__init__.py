"""The steps of the reliability suite (bench/reliability.py), one module each, with the HTTP
client they share and their report. Each step takes the run's context and returns a row:
name, requirement, measured, passed, details.
"""

# Where the suite's servers and its own PostgreSQL cluster listen, and how long a step's
# requests may take in all.
PORTS = {"board": 8771, "hostile": 8772, "restart": 8773, "cached": 8774, "cluster": 55440}
STEP_SECONDS = 900
