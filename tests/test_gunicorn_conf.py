"""The production server's settings (gunicorn.conf.py), read as gunicorn reads them."""

import gc
import multiprocessing
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def settings(monkeypatch, **environment):
    for name in (
        "WEB_CONCURRENCY",
        "GUNICORN_MAX_REQUESTS",
        "GUNICORN_TIMEOUT",
        "FORWARDED_ALLOW_IPS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_come_from_the_cpus_or_the_environment(monkeypatch):
    assert settings(monkeypatch)["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert settings(monkeypatch, WEB_CONCURRENCY="5")["workers"] == 5


def test_workers_are_replaced_with_jitter_and_the_app_is_imported_once(monkeypatch):
    conf = settings(monkeypatch, GUNICORN_MAX_REQUESTS="2000")
    assert conf["max_requests"] == 2000
    assert conf["max_requests_jitter"] == 200
    assert conf["preload_app"] is True
    assert conf["forwarded_allow_ips"] == "127.0.0.1"


def test_the_master_freezes_its_objects_before_each_fork(monkeypatch):
    conf = settings(monkeypatch)
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        conf["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
