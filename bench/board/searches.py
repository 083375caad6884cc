"""The searches people make on the job list: explained by bench/explain_jobs.py, measured
under load by bench/load.py."""

from __future__ import annotations

# The searches whose queries are explained: (what a job seeker does, the URL).
SEARCHES = [
    ("Default list: no filter, featured first then newest", "/jobs/"),
    ("Keyword q matching a skill", "/jobs/?q=pytorch"),
    ("Keyword q matching titles", "/jobs/?q=vision"),
    ("Keyword q matching a company name", "/jobs/?q=nimbus"),
    ("Two keywords: a skill and a title word", "/jobs/?q=pytorch+engineer"),
    ("Short keyword (whole word): AI in titles, company names and skills", "/jobs/?q=ai"),
    ("Short keyword (whole word): ML in titles", "/jobs/?q=ml"),
    ("Location text (city or region)", "/jobs/?location=munich"),
    ("Seniority + workplace + country", "/jobs/?seniority=SE&workplace=remote&country=DE"),
    ("Salary minimum (USD 250,000 a year)", "/jobs/?salary_min=250000"),
    ("Salary minimum in EUR, salary sort", "/jobs/?salary_min=150000&currency=EUR&sort=salary"),
    (
        "Everything at once",
        "/jobs/?q=engineer&seniority=SE&seniority=EX&employment_type=FT&workplace=remote"
        "&workplace=hybrid&country=US&location=san&salary_min=150000&posted=30",
    ),
    ("A deep page", "/jobs/?workplace=remote&page=40"),
    ("I can work from Germany: jobs there and remote jobs open to it", "/jobs/?eligible=DE"),
]
