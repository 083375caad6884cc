"""``manage.py import_comparison``: the seed page and our own article file, read section by
section, the wrong decoding repaired, re-imports that update instead of duplicating, and
malformed files refused with nothing written."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from careers.models import Comparison, Role
from tests.careers.conftest import DATA
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db

LEAD = "Lead Machine Learning Engineer"
SOFTWARE = "Software Data Engineer"


def run_import(path, *args) -> str:
    out = io.StringIO()
    call_command("import_comparison", str(path), *args, stdout=out)
    return out.getvalue()


def counts():
    return (Role.objects.count(), Comparison.objects.count())


def test_seed_article_fields(seed_path):
    run_import(seed_path)
    comparison = Comparison.objects.get()
    assert comparison.title == "Lead Machine Learning Engineer vs. Software Data Engineer"
    assert comparison.subtitle == "Which Career Path Should You Choose?"
    assert comparison.published_on == datetime.date(2023, 12, 6)
    assert comparison.status == "published"
    assert comparison.slug == "lead-machine-learning-engineer-vs-software-data-engineer"
    assert (comparison.role_a.name, comparison.role_b.name) == (LEAD, SOFTWARE)
    assert comparison.intro == (
        "As the world becomes more data-driven, the demand for professionals who can build and "
        "manage complex data systems is on the rise. Two of the most in-demand roles in the "
        "AI/ML and Big Data space are Lead Machine Learning Engineer and Software Data Engineer. "
        "While both roles are closely related, there are significant differences in their "
        "responsibilities, skills, and educational backgrounds. In this article, we'll compare "
        "and contrast these two roles to help you decide which career path is the right fit for "
        "you."
    )
    assert comparison.outlook == (
        "The job outlook for both Lead Machine Learning Engineers and Software Data Engineers is "
        "very positive. According to the Bureau of Labor Statistics, employment in the computer "
        "and information technology field is projected to grow 11% from 2019 to 2029, much "
        "faster than the average for all occupations."
    )
    assert comparison.conclusion.startswith(
        "Both Lead Machine Learning Engineer and Software Data Engineer are exciting"
    )
    assert comparison.conclusion.endswith(
        "the future looks bright for professionals who can build and manage complex data systems."
    )
    # The sidebar is not article content.
    for text in (comparison.intro, comparison.outlook, comparison.conclusion):
        assert "Featured Job" not in text
        assert "Salary Insights" not in text
        assert "Related articles" not in text
        assert "Table of contents" not in text


def test_seed_definitions_and_salary_titles(seed_path):
    run_import(seed_path)
    lead = Role.objects.get(name=LEAD)
    software = Role.objects.get(name=SOFTWARE)
    assert lead.definition == (
        "A Lead Machine Learning Engineer is responsible for designing, building, and deploying "
        "machine learning models and algorithms. They work closely with data scientists and "
        "software engineers to develop scalable and efficient machine learning systems that can "
        "process large volumes of data."
    )
    assert software.definition == (
        "A Software Data Engineer is responsible for designing, building, and maintaining the "
        "data infrastructure that supports data-driven applications. They work closely with data "
        "scientists and software engineers to ensure that data is collected, stored, and "
        "processed efficiently and accurately."
    )
    # "View salary info for Data Engineer (global)" and "... Machine Learning Engineer ...".
    assert lead.salary_title == "Machine Learning Engineer"
    assert software.salary_title == "Data Engineer"
    assert lead.slug == "lead-machine-learning-engineer"


def test_seed_responsibilities(seed_path):
    run_import(seed_path)
    assert Role.objects.get(name=LEAD).responsibilities == [
        "Develop machine learning models and algorithms",
        "Design and implement Data pipelines to feed machine learning models",
        "Optimize machine learning models for scalability and efficiency",
        "Collaborate with data scientists and software engineers to integrate machine learning "
        "models into production systems",
        "Monitor and maintain machine learning models in production",
    ]
    assert Role.objects.get(name=SOFTWARE).responsibilities == [
        "Design and implement data storage and processing systems",
        "Develop data Pipelines to collect, transform, and load data",
        "Collaborate with data scientists and software engineers to ensure data accuracy and "
        "completeness",
        "Monitor and maintain data infrastructure in production",
    ]


def test_seed_required_skills(seed_path):
    run_import(seed_path)
    assert Role.objects.get(name=LEAD).skills == [
        "Strong understanding of machine learning algorithms and techniques",
        "Proficiency in programming languages such as Python, Java, or C++",
        "Experience with machine learning frameworks such as TensorFlow, PyTorch, or Scikit-learn",
        "Knowledge of data modeling, Data visualization, and statistical analysis",
        "Strong problem-solving and analytical skills",
    ]
    assert Role.objects.get(name=SOFTWARE).skills == [
        "Strong understanding of data storage and processing systems",
        "Proficiency in programming languages such as Python, Java, or Scala",
        "Experience with distributed computing frameworks such as Hadoop, Spark, or Kafka",
        "Knowledge of database systems such as SQL, NoSQL, or MongoDB",
        "Strong problem-solving and analytical skills",
    ]


def test_seed_educational_backgrounds(seed_path):
    run_import(seed_path)
    assert Role.objects.get(name=LEAD).education == [
        "Bachelor's or Master's degree in Computer Science, Mathematics, or a related field",
        "Strong understanding of statistics, Linear algebra, and calculus",
        "Experience with machine learning algorithms and techniques",
        "Familiarity with programming languages such as Python, Java, or C++",
    ]
    assert Role.objects.get(name=SOFTWARE).education == [
        "Bachelor's or Master's degree in Computer Science, Software Engineering, or a related "
        "field",
        "Strong understanding of database systems and distributed computing",
        "Experience with programming languages such as Python, Java, or Scala",
        "Familiarity with distributed computing frameworks such as Hadoop, Spark, or Kafka",
    ]


def test_seed_tools_and_software(seed_path):
    run_import(seed_path)
    assert Role.objects.get(name=LEAD).tools == [
        "Machine learning frameworks such as TensorFlow, PyTorch, or Scikit-learn",
        "Programming languages such as Python, Java, or C++",
        "Data visualization tools such as Tableau or Matplotlib",
        "Cloud computing platforms such as AWS or Google Cloud",
        "Version control systems such as Git",
    ]
    assert Role.objects.get(name=SOFTWARE).tools == [
        "Distributed computing frameworks such as Hadoop, Spark, or Kafka",
        "Programming languages such as Python, Java, or Scala",
        "Database systems such as SQL, NoSQL, or MongoDB",
        "Cloud computing platforms such as AWS or Google Cloud",
        "Version control systems such as Git",
    ]


def test_seed_common_industries_with_the_lead_list_empty(seed_path):
    run_import(seed_path)
    assert Role.objects.get(name=LEAD).industries == []
    assert Role.objects.get(name=SOFTWARE).industries == [
        "Healthcare",
        "Finance",
        "Retail",
        "E-commerce",
        "Transportation",
    ]


def test_seed_practical_tips(seed_path):
    run_import(seed_path)
    lead = Role.objects.get(name=LEAD)
    software = Role.objects.get(name=SOFTWARE)
    assert lead.tips == [
        "Learn the fundamentals of machine learning algorithms and techniques",
        "Build your programming skills in languages such as Python, Java, or C++",
        "Develop your knowledge of machine learning frameworks such as TensorFlow, PyTorch, or "
        "Scikit-learn",
        "Participate in Kaggle competitions to gain hands-on experience",
    ]
    assert software.tips == [
        "Learn the fundamentals of database systems and distributed computing",
        "Build your programming skills in languages such as Python, Java, or Scala",
        "Develop your knowledge of distributed computing frameworks such as Hadoop, Spark, or "
        "Kafka",
        "Participate in open-source projects to gain hands-on experience",
    ]
    # The seed's tips introductions are the standard sentence, so none is stored.
    assert lead.tips_intro == ""
    assert lead.tips_introduction == (
        "If you\u2019re interested in pursuing a career as a Lead Machine Learning Engineer, "
        "here are some practical tips to help you get started:"
    )


def test_seed_page_after_import_repairs_the_decoding(seed_path, client):
    run_import(seed_path)
    html = client.get("/careers/lead-machine-learning-engineer-vs-software-data-engineer/")
    html = html.content.decode()
    assert "4 min read \u00b7 " in html
    assert "Dec. 6, 2023" in html
    assert "\u0e22\u0e17" not in html  # "ยท"
    assert "\u0e42\u20ac" not in html  # "โ€"


def test_importing_twice_changes_nothing_and_says_so(seed_path):
    first = run_import(seed_path)
    assert "created role Lead Machine Learning Engineer" in first
    assert "created role Software Data Engineer" in first
    assert "created comparison Lead Machine Learning Engineer vs. Software Data Engineer" in first
    assert counts() == (2, 1)
    updated_at = Comparison.objects.get().updated_at

    second = run_import(seed_path)
    assert counts() == (2, 1)
    assert "created" not in second
    assert "updated" not in second
    assert (
        "No changes: \u201cLead Machine Learning Engineer vs. Software Data Engineer\u201d is up "
        "to date." in second
    )
    assert Comparison.objects.get().updated_at == updated_at


def test_reimport_updates_what_an_editor_changed_and_reports_it(seed_path):
    run_import(seed_path)
    comparison = Comparison.objects.get()
    comparison.intro = "Edited by hand."
    comparison.status = "draft"
    comparison.save()
    lead = Role.objects.get(name=LEAD)
    lead.skills = ["Only one skill"]
    lead.save()

    out = run_import(seed_path)
    assert "updated role Lead Machine Learning Engineer: skills" in out
    assert "updated comparison Lead Machine Learning Engineer vs. Software Data Engineer: " in out
    assert "intro, status" in out
    assert counts() == (2, 1)
    assert Role.objects.get(name=LEAD).skills[0] == (
        "Strong understanding of machine learning algorithms and techniques"
    )
    assert Comparison.objects.get().status == "published"


def test_a_comparison_is_matched_by_its_pair_whatever_the_order(seed_path):
    # The pair already exists the other way round, with roles written in another case.
    software = RoleFactory(name="software data engineer", slug="sde")
    lead = RoleFactory(name="LEAD MACHINE LEARNING ENGINEER", slug="lmle")
    Comparison.objects.create(role_a=software, role_b=lead, slug="existing", status="draft")
    out = run_import(seed_path)
    assert counts() == (2, 1)
    assert "updated comparison" in out
    comparison = Comparison.objects.get()
    assert comparison.slug == "existing"  # the URL stays
    assert comparison.status == "published"


def test_our_own_article_with_mixed_decoding(mixed_decoding_path):
    out = run_import(mixed_decoding_path)
    assert "created comparison Data Analyst vs. Analytics Engineer" in out
    comparison = Comparison.objects.get()
    assert comparison.published_on == datetime.date(2024, 3, 3)
    assert comparison.intro == (
        "It\u2019s the question every caf\u00e9-table conversation about data careers ends with "
        "\U0001f680: answer the business\u2019s questions yourself, or build the models everyone "
        "else queries?\n\n"
        "Both roles live close to the business and both write a lot of SQL \u2013 the difference "
        "is who they serve \U0001f440."
    )
    assert comparison.outlook == (
        "Demand for both is steady; analytics engineering is younger and its job titles are "
        "still settling \u2013 expect the name to change more than the work."
    )
    assert comparison.conclusion == (
        "Choose the analyst\u2019s path if you like the conversation, the engineer\u2019s path if "
        "you like the plumbing. Either way, bon app\u00e9tit \U0001f37d\ufe0f."
    )
    analyst = Role.objects.get(name="Data Analyst")
    engineer = Role.objects.get(name="Analytics Engineer")
    # Wrongly decoded in the file:
    assert analyst.definition == (
        "A Data Analyst turns raw numbers into answers for managers and product teams \u2013 "
        "reports, dashboards and one-off deep dives."
    )
    assert analyst.responsibilities == [
        "Answer ad-hoc questions from product and sales teams",
        "Build and maintain dashboards people actually open \u2013 weekly",
        "Present findings to non-technical colleagues",
    ]
    assert analyst.industries == ["Retail", "Caf\u00e9 chains and hospitality"]
    assert engineer.skills == [
        "SQL, dimensional modelling and version control",
        "Software engineering habits: tests, code review, CI \u2705",
    ]
    # Intact in the file, and left intact:
    assert engineer.definition.endswith(
        "They own the r\u00e9sum\u00e9 of every metric: where it comes from and how it is computed."
    )
    assert analyst.education == [
        "A degree in economics, statistics or business \u2013 or a strong portfolio"
    ]
    # A tips introduction of its own is kept; the standard one is not stored.
    assert analyst.tips_intro == (
        "If you\u2019re interested in pursuing a career as a Data Analyst, start with the "
        "questions your own team asks:"
    )
    assert engineer.tips_intro == ""
    assert engineer.tips == ["Put a small dbt project on GitHub with tests"]
    assert (analyst.salary_title, engineer.salary_title) == ("Data Analyst", "Analytics Engineer")


def test_dry_run_writes_nothing(seed_path):
    out = run_import(seed_path, "--dry-run")
    assert "created role Lead Machine Learning Engineer" in out
    assert "Dry run: nothing was written." in out
    assert counts() == (0, 0)


SEED_FORM = (DATA / "mixed_decoding.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("Just a title\n\nAnd a paragraph.\n", "no \u201cN min read \u00b7 <date>\u201d line"),
        (
            SEED_FORM.replace("Common Industries\n", "").replace("Outlooks\n", "Outlook text\n"),
            "sections missing: Common Industries, Outlooks",
        ),
        (SEED_FORM.replace("March 3, 2024", "Smarch 3, 2024"), "is not a date like"),
        (SEED_FORM.replace("March 3, 2024", "Feb. 30, 2024"), "does not exist"),
        (
            SEED_FORM.replace("Data Analyst vs. Analytics Engineer", "Two careers").replace(
                "Data Analyst: A Data", "A Data"
            ),
            "no roles found",
        ),
        (
            SEED_FORM.replace("Data Analyst Skills:", "Somebody Else Skills:"),
            "names one of the roles",
        ),
    ],
    ids=[
        "empty",
        "no-read-time",
        "missing-sections",
        "bad-date",
        "impossible-date",
        "no-roles",
        "unknown-sub-heading",
    ],
)
def test_a_malformed_file_is_refused_with_nothing_written(tmp_path, text, message):
    RoleFactory(name="Data Analyst", slug="data-analyst", skills=["Kept as it was"])
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert message in str(error.value)
    assert "Nothing imported." in str(error.value)
    assert counts() == (1, 0)
    assert Role.objects.get().skills == ["Kept as it was"]


def test_an_invalid_value_late_in_the_file_rolls_everything_back(tmp_path):
    # The first role is valid and written; the second one's name is too long (120 characters
    # at most), so the import fails there and the first role is rolled back too.
    long_name = "Principal " + "Very " * 25 + "Analytics Engineer"
    path = tmp_path / "article.txt"
    path.write_text(SEED_FORM.replace("Analytics Engineer", long_name), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert "is not valid: name:" in str(error.value)
    assert counts() == (0, 0)


def test_files_that_are_not_text_articles_are_refused(tmp_path):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        run_import(binary)
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "missing.txt")
    with pytest.raises(CommandError, match="a directory"):
        run_import(tmp_path)
    assert counts() == (0, 0)


# -- Control characters, role names, the sidebar's boundary (review findings) ---------------


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x00", "U+0000"),
        ("\x07", "U+0007"),
        ("\x1b", "U+001B"),
        ("\x7f", "U+007F"),
        ("\x9b", "U+009B"),
        ("\x1f", "U+001F"),  # white space to str.strip(): refused, not silently dropped
    ],
    ids=["nul", "bell", "escape", "delete", "c1-csi", "unit-separator"],
)
def test_a_control_character_is_refused_naming_its_line(tmp_path, char, code):
    RoleFactory(name="Data Analyst", slug="data-analyst", skills=["Kept as it was"])
    path = tmp_path / "article.txt"
    path.write_text(
        SEED_FORM.replace("SQL and spreadsheets", f"SQL and spreadsheets{char}"), encoding="utf-8"
    )
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert f"line 36: contains a control character ({code})" in str(error.value)
    assert "Nothing imported." in str(error.value)
    assert counts() == (1, 0)
    assert Role.objects.get().skills == ["Kept as it was"]


def test_tabs_and_windows_line_ends_are_not_control_characters(tmp_path):
    path = tmp_path / "article.txt"
    text = SEED_FORM.replace("  \u2022 SQL and spreadsheets", "\t\u2022 SQL and\tspreadsheets")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    run_import(path)
    assert Role.objects.get(name="Data Analyst").skills[0] == "SQL and\tspreadsheets"


def test_a_database_error_becomes_a_command_error_with_nothing_written(seed_path, monkeypatch):
    from django.db import DataError

    def refuse(*args, **kwargs):
        raise DataError("value too long for type character varying(200)")

    # The roles are written first, then the comparison fails: the roles are rolled back too.
    monkeypatch.setattr(Comparison, "save", refuse)
    with pytest.raises(CommandError) as error:
        run_import(seed_path)
    assert "the database refused the article" in str(error.value)
    assert "value too long" in str(error.value)
    assert "Nothing imported." in str(error.value)
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "Data Analyst vs. Data Analyst",
            "the title \u201cData Analyst vs. Data Analyst\u201d names the same role twice",
        ),
        (
            "Data Analyst vs. data analyst",
            "the title \u201cData Analyst vs. data analyst\u201d names the same role twice",
        ),
        (
            "Data Analyst vs. Data Engineer",
            "the title names \u201cData Analyst\u201d and \u201cData Engineer\u201d but the "
            "Definitions section defines \u201cData Analyst\u201d and "
            "\u201cAnalytics Engineer\u201d",
        ),
    ],
    ids=["same-role-twice", "same-role-other-case", "title-not-the-defined-roles"],
)
def test_a_title_that_does_not_match_the_defined_roles_is_refused(tmp_path, title, message):
    # The existing comparison of the two defined roles must keep its title.
    analyst = RoleFactory(name="Data Analyst", slug="data-analyst")
    engineer = RoleFactory(name="Analytics Engineer", slug="analytics-engineer")
    existing = Comparison.objects.create(
        role_a=analyst, role_b=engineer, title="Kept title", slug="kept", status="draft"
    )
    path = tmp_path / "article.txt"
    path.write_text(
        SEED_FORM.replace("Data Analyst vs. Analytics Engineer", title, 1), encoding="utf-8"
    )
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert message in str(error.value)
    assert "Nothing imported." in str(error.value)
    existing.refresh_from_db()
    assert existing.title == "Kept title"
    assert counts() == (2, 1)


def test_a_definition_of_a_third_role_is_refused(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(
        SEED_FORM.replace(
            "\nResponsibilities\n",
            "\nData Scientist: A Data Scientist builds models.\n\nResponsibilities\n",
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert (
        "the title names \u201cData Analyst\u201d and \u201cAnalytics Engineer\u201d but the "
        "Definitions section defines \u201cData Analyst\u201d, \u201cAnalytics Engineer\u201d and "
        "\u201cData Scientist\u201d"
    ) in str(error.value)
    assert counts() == (0, 0)


def test_a_definition_paragraph_with_a_colon_later_on_is_still_a_definition(tmp_path):
    # A second paragraph of a definition continues it, even with a colon in a sentence.
    path = tmp_path / "article.txt"
    path.write_text(
        SEED_FORM.replace(
            "one-off deep dives.\n",
            "one-off deep dives.\n\nIn short, they answer one question above all: what happened?\n",
            1,
        ),
        encoding="utf-8",
    )
    run_import(path)
    assert Role.objects.get(name="Data Analyst").definition.endswith(
        "one-off deep dives. In short, they answer one question above all: what happened?"
    )


def test_sidebar_words_at_the_start_of_article_paragraphs_stay_article_text(tmp_path):
    conclusion = (
        "Choose the analyst\u2019s path if you like the conversation, the engineer\u2019s path if "
        "you like the plumbing. Either way, bon app\u00e9tit \U0001f37d\ufe0f."
    )
    text = SEED_FORM.replace(
        "Both roles live close to the business",
        "Featured jobs on this board often ask for both.\n\nBoth roles live close to the business",
    ).replace(
        "\nConclusion\n\n",
        "\nConclusion\n\n"
        "Salary insights show the analyst earning a little less at first.\n\n"
        "Related articles on this site cover the neighbouring roles.\n\n",
    )
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    run_import(path)
    comparison = Comparison.objects.get()
    assert comparison.intro.split("\n\n")[1] == "Featured jobs on this board often ask for both."
    assert comparison.conclusion == (
        "Salary insights show the analyst earning a little less at first.\n\n"
        "Related articles on this site cover the neighbouring roles.\n\n" + conclusion
    )
    # The sidebar after the conclusion is still not article text, and its salary links count.
    analyst = Role.objects.get(name="Data Analyst")
    assert analyst.salary_title == "Data Analyst"
    assert "Example Retail" not in comparison.conclusion


@pytest.mark.parametrize(
    "sidebar_line",
    [
        "Featured Job",
        "Featured Job \U0001f440",
        "Featured Job \u0e50\u0178\u2018\u20ac",  # the seed's mojibake, repaired on reading
        "Featured Job \u2728\ufe0f",
        "Salary Insights",
        "Related articles",
    ],
)
def test_the_sidebar_starts_at_a_whole_sidebar_line_after_the_conclusion(tmp_path, sidebar_line):
    text = SEED_FORM.split("\nFeatured Job ")[0] + (
        f"\n\n{sidebar_line}\nSenior Data Analyst\n\n@ Example Retail | Remote\n"
    )
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    run_import(path)
    assert Comparison.objects.get().conclusion.endswith("bon app\u00e9tit \U0001f37d\ufe0f.")
