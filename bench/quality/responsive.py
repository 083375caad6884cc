"""No horizontal scrolling on any public page from 360 to 1440 px wide.

Needs a running demo server (bench/quality/serve.sh).

    .venv/bin/python bench/quality/responsive.py [BASE_URL]

Loads every public page (the pages of pages.py without the admin, the unfiltered job list, the
job list with its filter panel opened on a phone, and a missing page) at 360, 768 and 1440 px
in Chromium, and reports each page whose document is wider than the viewport, naming the
elements that stick out. Writes reports/responsive.txt; exits 1 on any overflow.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from axe import CHROMIUM, CHROMIUM_ARGS, REPORTS  # noqa: E402
from pages import BASE_URL, resolve  # noqa: E402

WIDTHS = [360, 768, 1440]

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (element) => {
        for (let box = element.parentElement; box && box !== document.body;
             box = box.parentElement) {
            if (getComputedStyle(box).overflowX !== "visible") return true;
        }
        return false;
    };
    const describe = (element) => element.tagName.toLowerCase()
        + (typeof element.className === "string" && element.className.trim()
            ? "." + element.className.trim().split(/\\s+/).join(".") : "");
    const culprits = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (!box.width || !box.height || scrolls(element)) continue;
        if (box.right > width + 0.5 || box.left < -0.5) culprits.push(describe(element));
    }
    const scrollWidth = document.documentElement.scrollWidth;
    return {scrollWidth, width, culprits: culprits.slice(0, 5)};
}"""


def main(base_url: str = BASE_URL) -> int:
    pages = {name: url for name, url in resolve(base_url).items() if name != "admin-login"}
    pages["job-list-all"] = base_url.rstrip("/") + "/jobs/"
    pages["not-found"] = base_url.rstrip("/") + "/no-such-page/"
    lines = []
    failures = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            for name, url in pages.items():
                page.goto(url, wait_until="load")
                checks = [(name, page.evaluate(OVERFLOW))]
                toggle = page.locator(".filters-toggle")
                if toggle.count() and toggle.is_visible():
                    toggle.click()
                    checks.append((f"{name} (filters open)", page.evaluate(OVERFLOW)))
                for label, result in checks:
                    overflow = result["scrollWidth"] > result["width"] or result["culprits"]
                    failures += bool(overflow)
                    verdict = "ok"
                    if overflow:
                        culprits = ", ".join(result["culprits"])
                        verdict = f"OVERFLOW: {result['scrollWidth']} px wide; {culprits}"
                    lines.append(f"{width:>5} px  {label:<28} {verdict}")
            context.close()
        browser.close()
    REPORTS.mkdir(exist_ok=True)
    summary = "\n".join(lines) + f"\n{failures} page(s) wider than the viewport\n"
    (REPORTS / "responsive.txt").write_text(summary, encoding="utf-8")
    print(summary, end="")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
