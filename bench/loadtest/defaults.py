"""The load test's defaults: the boards, the connection levels and how long each URL runs."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
RESULTS = PROJECT / "bench" / "results"

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
BOARDS = {50: "published over the last 50 days", 400: "published over the last 400 days"}
SHORT_CONNECTIONS, LONG_CONNECTIONS = 16, 64
SHORT_SECONDS, LONG_SECONDS, QUICK_SECONDS = 8, 30, 2
