"""What counts as a page saying the job is closed (linkcheck/pages.py, data/closed_phrases.toml)."""

import pytest

from linkcheck.pages import closed_phrase, closed_phrases, visible_text


@pytest.mark.parametrize(
    ("markup", "found"),
    [
        (
            "<h1>Sorry</h1><p>This job is no longer available.</p>",
            "this job is no longer available",
        ),
        ("<p>THIS POSTING HAS EXPIRED</p>", "this posting has expired"),
        # Split over lines and tags, with an entity.
        ("<p>The position\n has <b>been</b>&nbsp;filled</p>", "position has been filled"),
        ("<title>Job not found | Acme</title><body></body>", "job not found"),
        (
            "<div>We are <em>no longer accepting applications</em></div>",
            "no longer accepting applications",
        ),
        (
            "<p>The job you are looking for is no longer open.</p>",
            "the job you are looking for is no longer open",
        ),
    ],
)
def test_closed_pages_are_recognised(markup, found):
    assert closed_phrase(markup) == found


@pytest.mark.parametrize(
    "markup",
    [
        "<h1>Senior Data Engineer</h1><p>Apply now.</p>",
        '<script>var gone = "This job is no longer available";</script><p>Apply</p>',
        "<style>/* job not found */</style><p>Apply</p>",
        "<p>Jobs we found for you</p>",
    ],
)
def test_open_pages_say_nothing(markup):
    assert closed_phrase(markup) == ""


def test_blocks_do_not_run_together():
    assert visible_text("<h1>Closed</h1><p>This</p>") == "closed this"


def test_a_pdf_is_not_read():
    assert closed_phrase("job not found", "application/pdf") == ""
    assert closed_phrase("Job not found", "text/plain") == "job not found"


def test_the_phrases_are_data_normalised_once():
    phrases = closed_phrases()
    assert "this job is no longer available" in phrases
    assert all(phrase == phrase.lower().strip() for phrase in phrases)
    assert len(phrases) == len(set(phrases))
