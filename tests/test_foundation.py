"""The skeleton every page relies on: layout, home page, health check, settings, demo data."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import OperationalError, connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_home_page_has_navigation_search_and_sections(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    for label, href in [("Jobs", "/jobs/"), ("Careers", "/careers/"), ("Salaries", "/salaries/")]:
        assert f'<a href="{href}"' in html and f">{label}</a>" in html
    # The search box submits to the job list.
    assert '<form class="search-form" action="/jobs/" method="get"' in html
    assert 'name="q"' in html
    assert "Featured jobs" in html
    assert "Latest career comparisons" in html
    assert '<meta name="description"' in html
    assert '<link rel="canonical" href="http://testserver/">' in html


@pytest.mark.django_db
def test_home_page_empty_states_when_nothing_is_published(client):
    html = client.get("/").content.decode()
    assert "No featured jobs right now." in html
    assert "No comparison articles have been published yet." in html


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ComparisonFactory, JobFactory

    job = JobFactory(featured_until=timezone.now() + timedelta(days=1))
    comparison = ComparisonFactory()
    pages = [
        "/",
        "/jobs/",
        "/jobs/?q=data",
        job.get_absolute_url(),
        job.company.get_absolute_url(),
        "/careers/",
        comparison.get_absolute_url(),
        comparison.role_a.get_absolute_url(),
        "/salaries/",
        "/jobs/feed/rss/",
        "/careers/feed/atom/",
        "/sitemap.xml",
        "/robots.txt",
        "/admin/login/",
        "/no-such-page/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert "script-src 'self'" in policy, path
        assert "object-src 'none'" in policy, path
        assert "frame-ancestors 'none'" in policy, path


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # Every query opens (or checks) the connection first; make that fail as it would with
    # the database server down.
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_404_page_uses_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<main id="main"' in html
    assert 'aria-label="Main"' in html


def _run_settings(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_with_debug_off_and_no_secret_key():
    result = _run_settings({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_refuse_the_development_key_with_debug_off():
    result = _run_settings({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "django-insecure-x"})
    assert result.returncode != 0
    assert "not a real secret key" in result.stderr


def test_settings_start_with_debug_off_and_a_real_key():
    result = _run_settings({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "x9" * 30})
    assert result.returncode == 0, result.stderr


def _entry_point_debug(entry_point, env_overrides, tmp_path):
    """settings.DEBUG as a production entry point sees it, with a development .env beside it
    that says DJANGO_DEBUG=1 (the entry points must never read it)."""
    env_file = tmp_path / "dev.env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_ENV_FILE": str(env_file), **env_overrides})
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = f"import {entry_point}; from django.conf import settings; print('DEBUG', settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_production_entry_points_run_with_debug_off_when_the_variable_is_missing(
    entry_point, tmp_path
):
    # A deployment that forgets DJANGO_DEBUG and the secret key: refused, not a debug site.
    result = _entry_point_debug(entry_point, {}, tmp_path)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    # With a real key and still no DJANGO_DEBUG: debug off, whatever the .env says.
    result = _entry_point_debug(entry_point, {"DJANGO_SECRET_KEY": "k" * 20 + "x9" * 30}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout
    # Only an explicit DJANGO_DEBUG=1 in the process's own environment turns it on.
    result = _entry_point_debug(entry_point, {"DJANGO_DEBUG": "1"}, tmp_path)
    assert "DEBUG True" in result.stdout, result.stderr


def _manage_debug(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(env_overrides)
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print('DEBUG', settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_manage_py_reads_the_development_env_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "dev.env"
    env_file.write_text("# written by make install\nDJANGO_DEBUG=1\n")
    result = _manage_debug({"DJANGO_ENV_FILE": str(env_file)})
    assert "DEBUG True" in result.stdout, result.stderr
    result = _manage_debug(
        {
            "DJANGO_ENV_FILE": str(env_file),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k" * 20 + "x9" * 30,
        }
    )
    assert "DEBUG False" in result.stdout, result.stderr
    # No file: debug off, so a key is required.
    result = _manage_debug({"DJANGO_ENV_FILE": str(tmp_path / "missing.env")})
    assert result.returncode != 0
    assert "make install" in result.stderr


def test_make_install_writes_a_git_ignored_development_env():
    makefile = (ROOT / "Makefile").read_text()
    assert "install: $(STAMP) .env" in makefile
    assert "'DJANGO_DEBUG=1' > $@" in makefile
    ignored = subprocess.run(
        ["git", "check-ignore", ".env"], cwd=ROOT, capture_output=True, text=True
    )
    assert ignored.stdout.strip() == ".env"


def test_production_settings_pass_the_deploy_check():
    # The embedded database: the check is about the settings, and a model check of the
    # generated facet key asks the database server its version (a DATABASE_URL of the test
    # run names a database that pytest never creates).
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "prod-" + "a1B2c3D4e5" * 6,
            "DJANGO_ALLOWED_HOSTS": "jobs.example.org",
            "EMAIL_URL": "smtp://alerts:secret@mail.example.org:587",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Without EMAIL_URL, production would print alert emails on its console: refused.
    del env["EMAIL_URL"]
    unsent = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unsent.returncode != 0
    assert "mail.E001" in unsent.stderr + unsent.stdout


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_leaves_the_same_row_counts():
    call_command("seed_demo", stdout=io.StringIO())
    first = _row_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _row_counts() == first


@pytest.mark.django_db
def test_ensure_admin_creates_an_account_once(capsys):
    from django.contrib.auth import get_user_model

    call_command("ensure_admin")
    out = capsys.readouterr().out
    assert "Created admin account: user name 'admin'" in out
    password = out.split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    call_command("ensure_admin")
    assert "already exists" in capsys.readouterr().out
    assert get_user_model().objects.count() == 1


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


@pytest.mark.django_db
def test_home_page_shows_featured_jobs_only(client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import JobFactory

    JobFactory(
        title="Featured Research Engineer", featured_until=timezone.now() + timedelta(days=5)
    )
    JobFactory(title="Plain Analyst")
    html = client.get("/").content.decode()
    assert "Featured Research Engineer" in html
    assert "Plain Analyst" not in html
    assert "No featured jobs right now." not in html


@pytest.mark.django_db
def test_home_page_shows_the_six_featured_longest_first(client):
    """The six featured listings whose featured period ends last, in that order (then the
    newest); expired, scheduled and no longer featured listings are left out."""
    import re
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import JobFactory

    now = timezone.now()
    for days in range(1, 9):
        JobFactory(
            title=f"Featured for {days} days",
            featured_until=now + timedelta(days=days),
            published_at=now - timedelta(hours=days),
        )
    JobFactory(
        title="Featured but expired",
        featured_until=now + timedelta(days=20),
        expires_at=now - timedelta(hours=1),
        published_at=now - timedelta(days=31),
    )
    JobFactory(
        title="Featured but scheduled",
        featured_until=now + timedelta(days=20),
        published_at=now + timedelta(hours=2),
    )
    JobFactory(title="Featured until yesterday", featured_until=now - timedelta(days=1))
    html = client.get("/").content.decode()
    shown = re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', html)
    assert shown == [f"Featured for {days} days" for days in range(8, 2, -1)]


@pytest.mark.django_db
def test_home_page_lists_the_latest_published_comparisons_only(client):
    from datetime import timedelta

    from django.utils import timezone

    from careers.models import Comparison
    from tests.factories import ComparisonFactory

    ComparisonFactory(title="Published Pair Article")
    ComparisonFactory(title="Draft Pair Article", status=Comparison.Status.DRAFT)
    ComparisonFactory(
        title="Future Pair Article", published_on=timezone.localdate() + timedelta(days=3)
    )
    html = client.get("/").content.decode()
    assert "Published Pair Article" in html
    assert "Draft Pair Article" not in html
    assert "Future Pair Article" not in html
    assert "No comparison articles have been published yet." not in html


@pytest.mark.django_db
def test_home_page_query_budget(client, django_assert_max_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ComparisonFactory, JobFactory

    for _ in range(6):
        JobFactory(featured_until=timezone.now() + timedelta(days=5))
        ComparisonFactory()
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


# Top-level packages that are not part of the installed site.
NOT_SHIPPED = {"tests", "bench"}


def test_pyproject_lists_every_package_of_the_project():
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.relative_to(ROOT).parent.parts)
        for app in sorted(
            path.parent.name
            for path in ROOT.glob("*/__init__.py")
            if path.parent.name not in NOT_SHIPPED
        )
        for init in (ROOT / app).rglob("__init__.py")
    }
    assert found == listed


def test_pyproject_ships_every_data_file_of_a_package():
    """The salary survey and the demo data (a package's data/ folder) go into the wheel."""
    import tomllib

    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = 0
    for package in setuptools["packages"]:
        base = ROOT.joinpath(*package.split("."))
        if (base / "data").is_dir():
            folders += 1
            patterns = setuptools["package-data"].get(package, [])
            for file in (base / "data").iterdir():
                shipped = any(file.relative_to(base).match(pattern) for pattern in patterns)
                assert shipped, f"{file.relative_to(ROOT)} is not in package-data of {package}"
    assert folders >= 3  # jobs, jobs.demo, careers.demo


def test_favicon_ico_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
