"""Shared set-up of the careers tests: where the seed page and our own article files are."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "careers"
SEED_NAME = "000_8f1a2523ea90edca.txt"
# The seed lives beside the project (../shared/seeds/), not in it.
SEED_CANDIDATES = [
    ROOT.parent / "shared" / "seeds" / SEED_NAME,
    Path("/work/shared/seeds") / SEED_NAME,
]


@pytest.fixture
def seed_path() -> Path:
    for path in SEED_CANDIDATES:
        if path.is_file():
            return path
    pytest.skip(f"the seed page {SEED_NAME} is not in ../shared/seeds/")


@pytest.fixture
def mixed_decoding_path() -> Path:
    return DATA / "mixed_decoding.txt"
