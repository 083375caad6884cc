"""axe-core on the public pages and the admin login, in light and dark colour schemes.

Needs a running demo server (bench/quality/serve.sh) and `npm install` in bench/quality/.

    .venv/bin/python bench/quality/axe.py [BASE_URL]

Runs axe with the WCAG 2.0 and 2.1 A and AA tags and no rule disabled, writes the violations
and the results axe could not decide ("incomplete", to review by hand) to reports/axe.json and a
summary to reports/axe.txt, and exits 1 if any page has a violation.
The page's Content Security Policy blocks injected scripts, so the measuring browser context
(and only it) bypasses the policy to add axe itself.
"""

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pages import BASE_URL, resolve  # noqa: E402

AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = HERE / "reports"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCHEMES = ["light", "dark"]


def run_axe(page) -> dict:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            const brief = (rule) => ({
                id: rule.id, impact: rule.impact, help: rule.help, helpUrl: rule.helpUrl,
                nodes: rule.nodes.map((node) => ({
                    target: node.target, html: node.html, summary: node.failureSummary,
                })),
            });
            return {
                version: axe.version,
                violations: results.violations.map(brief),
                incomplete: results.incomplete.map(brief),
                passes: results.passes.length,
            };
        }""",
        TAGS,
    )


def main(base_url: str = BASE_URL) -> int:
    pages = resolve(base_url)
    report = {"tags": TAGS, "pages": []}
    lines = []
    total = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in SCHEMES:
            context = browser.new_context(
                bypass_csp=True, color_scheme=scheme, viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            for name, url in pages.items():
                response = page.goto(url, wait_until="load")
                result = run_axe(page)
                report["axe_version"] = result.pop("version")
                count = sum(len(rule["nodes"]) for rule in result["violations"])
                total += count
                report["pages"].append(
                    {"name": name, "url": url, "scheme": scheme, "status": response.status} | result
                )
                rules = ", ".join(
                    f"{rule['id']} ({len(rule['nodes'])})" for rule in result["violations"]
                )
                review = sum(len(rule["nodes"]) for rule in result["incomplete"])
                lines.append(
                    f"{name:<13} {scheme:<5} {len(result['violations'])} violations"
                    f" on {count} elements, {review} to review by hand (incomplete)"
                    f"{': ' + rules if rules else ''}"
                )
            context.close()
        browser.close()

    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "axe.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    summary = (
        f"axe-core {report['axe_version']}, tags {', '.join(TAGS)}, no rule disabled\n"
        + "\n".join(lines)
        + f"\ntotal: {total} violating elements\n"
    )
    (REPORTS / "axe.txt").write_text(summary, encoding="utf-8")
    print(summary, end="")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
