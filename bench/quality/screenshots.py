"""The README's screenshots, taken from a running demo server (bench/quality/serve.sh).

    .venv/bin/python bench/quality/screenshots.py [BASE_URL] [--out DIR] [--scheme dark]

Writes docs/screenshot-<page>.png: the home, job list, job detail, article and salary pages at
1280 x 900 (the first screen, as a visitor sees it), and the job list on a 390 px phone.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from axe import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from pages import BASE_URL, resolve  # noqa: E402

DOCS = HERE.parent.parent / "docs"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = [
    ("home", "home", DESKTOP),
    ("job-list", "job-list", DESKTOP),
    ("job-detail", "job-detail", DESKTOP),
    ("article", "article", DESKTOP),
    ("salary", "salary", DESKTOP),
    ("job-list-phone", "job-list", PHONE),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", nargs="?", default=BASE_URL)
    parser.add_argument("--out", type=Path, default=DOCS)
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()
    pages = resolve(args.base_url)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for file_name, page_name, viewport in SHOTS:
            context = browser.new_context(
                viewport=viewport,
                color_scheme=args.scheme,
                device_scale_factor=1,
                is_mobile=viewport is PHONE,
                has_touch=viewport is PHONE,
            )
            page = context.new_page()
            page.goto(pages[page_name], wait_until="load")
            path = args.out / f"screenshot-{file_name}.png"
            page.screenshot(path=str(path), full_page=args.full_page)
            print(f"{path}  {pages[page_name]}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
