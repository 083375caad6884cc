"""Import a comparison article in the seed page's plain-text form into roles and a comparison.

The form (see ``../shared/seeds/``)::

    Role A vs. Role B
    Role A vs Role B: Which Career Path Should You Choose?
    4 min read · Dec. 6, 2023
    (intro paragraphs)
    Definitions            Role A: ... / Role B: ...
    Responsibilities       "Role A Responsibilities:" then "  • item" lines, same for Role B
    Required Skills, Educational Backgrounds, Tools and Software Used, Common Industries: same
    Outlooks               paragraphs
    Practical Tips for Getting Started   "If you're interested in ... Role A, ...:" then bullets
    Conclusion             paragraphs
    Featured Job / Salary Insights / Related articles   the page's sidebar, not article text

The sidebar begins at the first whole sidebar line after the Conclusion heading ("Featured Job"
with an optional emoji, "Salary Insights", "Related articles"); an article paragraph that merely
begins with those words stays article text. The title's two roles must be the two roles the
Definitions section defines. A control character anywhere in the file refuses it.

``parse.parse_article`` repairs the character decoding and checks the whole form before
anything is written (``form``: the sections and line shapes; ``roles``: the two roles and what
each section says of them); ``write.import_article`` then creates or updates the two roles
(matched by name) and the comparison (matched by its pair of roles, whatever the order) in one
transaction and reports what it created and what it changed.
"""
