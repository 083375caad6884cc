"""Salary insights from the ai-jobs.net salary survey.

- ``models``: the loaded snapshot, its job titles with their figures, and its reports.
- ``stats``: percentiles and the figures of a group of reports, per level and per year.
- ``chart``: the geometry of a title page's histogram.
- ``survey_file``: reading and validating a survey CSV.
- ``importing``: loading a survey file in place of the loaded snapshot.
- ``titles``: matching keys, a listing's candidate survey titles, an editor's survey title.
- ``lookups``: title summaries (careers) and a listing's comparison with the survey.
- ``forms`` and ``views``: the salary pages.

The template tags that show amounts and a listing's comparison are in
jobs.templatetags.salary_tags (Django looks for them there).
"""
