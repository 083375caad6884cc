"""The api app's place: it imports jobs, jobs never imports it; one thing per module."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_jobs_core_and_careers_never_import_api():
    for package in ("jobs", "core", "careers"):
        for path in (ROOT / package).rglob("*.py"):
            offending = {name for name in imported_modules(path) if name.split(".")[0] == "api"}
            assert not offending, f"{path.relative_to(ROOT)} imports {offending}"


def test_api_uses_the_pages_search_and_modules_stay_small():
    imported = set().union(*(imported_modules(path) for path in (ROOT / "api").glob("*.py")))
    assert "jobs.search.filterset" in imported
    assert "jobs.salaries.views" in imported
    for path in (ROOT / "api").glob("*.py"):
        assert len(path.read_text().splitlines()) < 400, path.name
