#!/usr/bin/env bash
# The Nu HTML checker (npm vnu-jar, system Java) on the pages of a running demo server
# (bench/quality/serve.sh, or `make serve`): home, job list with filters, a job detail, an
# article and a salary page, and on static/css/site.css. Saves each page's HTML in
# reports/html/ and the checker's output in reports/vnu.txt (the errors and warnings per page,
# then every message) and reports/vnu.json. Exits 1 when there is any error.
#
#   bench/quality/vnu.sh [BASE_URL]      # default http://127.0.0.1:8000
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BASE_URL="${1:-http://127.0.0.1:8000}"
REPORTS="$HERE/reports"
HTML="$REPORTS/html"
mkdir -p "$HTML"
rm -f "$HTML"/*.html "$HTML"/*.css

declare -A URLS
while IFS=$'\t' read -r name url; do URLS[$name]="$url"; done \
  < <("$ROOT/.venv/bin/python" "$HERE/pages.py" "$BASE_URL")

PAGES=(home job-list job-detail article salary)
for name in "${PAGES[@]}"; do
  curl --silent --show-error --fail "${URLS[$name]}" --output "$HTML/$name.html"
done

# The stylesheet too (the checker's CSS validator).
cp "$ROOT/static/css/site.css" "$HTML/site.css"

JAR="$HERE/node_modules/vnu-jar/build/dist/vnu.jar"
status=0
java -jar "$JAR" --format json --also-check-css --also-check-svg "$HTML"/*.html "$HTML/site.css" \
  2> "$REPORTS/vnu.json" || status=$?
java -jar "$JAR" --format gnu --also-check-css --also-check-svg "$HTML"/*.html "$HTML/site.css" \
  2> "$REPORTS/vnu-messages.txt" || true

{
  echo "Nu HTML checker $(java -jar "$JAR" --version), errors per page:"
  for name in "${PAGES[@]}" site.css; do
    file="$name.html"; url="${URLS[$name]:-static/css/site.css}"
    [ "$name" = site.css ] && file=site.css
    errors=$(grep -c "/$file\":.*error" "$REPORTS/vnu-messages.txt" || true)
    warnings=$(grep -c "/$file\":.*info warning" "$REPORTS/vnu-messages.txt" || true)
    printf '%-11s %2d errors, %2d warnings  %s\n' "$name" "$errors" "$warnings" "$url"
  done
  echo
  sed "s|$HTML/||" "$REPORTS/vnu-messages.txt"
} > "$REPORTS/vnu.txt"
rm -f "$REPORTS/vnu-messages.txt"
cat "$REPORTS/vnu.txt"
exit "$status"
