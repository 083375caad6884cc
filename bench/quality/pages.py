"""The pages the quality measurements look at, resolved against a running demo server.

The fixed pages have fixed addresses; the job detail and the company page are those of the first
card of the filtered job list, so the list works whatever ids the demo data got.

    .venv/bin/python bench/quality/pages.py [BASE_URL]   # prints "name<TAB>url" lines
"""

import re
import sys
import urllib.request

BASE_URL = "http://127.0.0.1:8000"

# The job list with the filters a job seeker would set: seniority, remote, minimum salary.
FILTERED_JOB_LIST = "/jobs/?seniority=SE&workplace=remote&salary_min=100000&currency=USD"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def resolve(base_url: str = BASE_URL) -> dict[str, str]:
    """Every measured page by name, as absolute URLs, in a stable order."""
    base_url = base_url.rstrip("/")
    job_list = fetch(base_url + FILTERED_JOB_LIST)
    job_path = re.search(r'<h3><a href="(/jobs/\d+/[^"]+/)"', job_list).group(1)
    company_path = re.search(r'href="(/companies/[^"]+/)"', job_list).group(1)
    paths = {
        "home": "/",
        "job-list": FILTERED_JOB_LIST,
        "job-detail": job_path,
        "company": company_path,
        "article": "/careers/data-engineer-vs-data-scientist/",
        "careers": "/careers/",
        "role": "/careers/roles/data-engineer/",
        "salary-index": "/salaries/",
        "salary": "/salaries/data-engineer/",
        "admin-login": "/admin/login/",
        "alert-subscribe": "/alerts/new/?" + FILTERED_JOB_LIST.split("?", 1)[1],
        "alert-sent": "/alerts/sent/",
    }
    return {name: base_url + path for name, path in paths.items()}


if __name__ == "__main__":
    for name, url in resolve(*sys.argv[1:2]).items():
        print(f"{name}\t{url}")
