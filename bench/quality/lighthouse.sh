#!/usr/bin/env bash
# Lighthouse 12 (npm, mobile preset = its default, no audit disabled) with the system Chromium
# on the job list, a job detail and an article page of a running demo server
# (bench/quality/serve.sh, or `make serve`). Writes reports/lighthouse-<page>.report.{json,html}
# and reports/lighthouse.txt (the four category scores, third-party requests and console
# errors per page). Exits 1 when a score is under 95, a request leaves the site or the
# console logs an error.
#
#   bench/quality/lighthouse.sh [BASE_URL]      # default http://127.0.0.1:8000
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BASE_URL="${1:-http://127.0.0.1:8000}"
REPORTS="$HERE/reports"
mkdir -p "$REPORTS"

CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

declare -A URLS
while IFS=$'\t' read -r name url; do URLS[$name]="$url"; done \
  < <("$ROOT/.venv/bin/python" "$HERE/pages.py" "$BASE_URL")

for name in job-list job-detail article; do
  echo "lighthouse: $name ${URLS[$name]}" >&2
  # A second try when Chromium fails to start or the run times out on a busy machine.
  for attempt in 1 2; do
    if "$HERE/node_modules/.bin/lighthouse" "${URLS[$name]}" \
        --quiet \
        --chrome-path=/usr/bin/chromium \
        --chrome-flags="$CHROME_FLAGS" \
        --output=json --output=html \
        --output-path="$REPORTS/lighthouse-$name"; then
      break
    fi
    if [ "$attempt" = 2 ]; then
      echo "lighthouse failed twice on ${URLS[$name]}" >&2
      exit 1
    fi
    echo "lighthouse failed on ${URLS[$name]}; trying again" >&2
  done
done

# Summarise the JSON reports: the four scores, requests to other origins, console errors.
node - "$REPORTS" job-list job-detail article <<'JS'
const fs = require("fs");
const [reports, ...names] = process.argv.slice(2);
const categories = ["performance", "accessibility", "best-practices", "seo"];
const lines = [];
let failed = false;
lines.push("page         perf  a11y  best  seo  third-party  console-errors  url");
for (const name of names) {
  const lhr = JSON.parse(fs.readFileSync(`${reports}/lighthouse-${name}.report.json`, "utf8"));
  const scores = categories.map((id) => Math.round(lhr.categories[id].score * 100));
  const origin = new URL(lhr.finalDisplayedUrl).origin;
  const requests = lhr.audits["network-requests"].details.items;
  const foreign = requests.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith("data:"));
  const consoleErrors = (lhr.audits["errors-in-console"].details?.items || []).length;
  if (scores.some((s) => s < 95) || foreign.length || consoleErrors) failed = true;
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative"
      && a.scoreDisplayMode !== "manual" && a.scoreDisplayMode !== "notApplicable")
    .map((a) => a.id);
  lines.push(
    `${name.padEnd(12)} ${scores.map((s) => String(s).padStart(4)).join("  ")}` +
    `  ${String(foreign.length).padStart(11)}  ${String(consoleErrors).padStart(14)}  ${lhr.finalDisplayedUrl}`
  );
  if (failing.length) lines.push(`  audits and insights under 0.9: ${failing.join(", ")}`);
  const m = lhr.audits;
  lines.push(
    `  FCP ${m["first-contentful-paint"].displayValue}, LCP ${m["largest-contentful-paint"].displayValue},` +
    ` TBT ${m["total-blocking-time"].displayValue}, CLS ${m["cumulative-layout-shift"].displayValue},` +
    ` transfer ${Math.round(requests.reduce((t, r) => t + (r.transferSize || 0), 0) / 1024)} KiB in ${requests.length} requests`
  );
}
const header = `Lighthouse ${JSON.parse(fs.readFileSync(`${reports}/lighthouse-${names[0]}.report.json`, "utf8")).lighthouseVersion}, mobile preset (default), no audit disabled, system Chromium\n`;
const text = header + lines.join("\n") + "\n";
fs.writeFileSync(`${reports}/lighthouse.txt`, text);
process.stdout.write(text);
process.exit(failed ? 1 : 0);
JS
