"""The repair of the seed's wrong character decoding (UTF-8 read as Windows-874)."""

import pytest

from careers.text_repair import repair_mojibake


@pytest.mark.parametrize(
    ("scraped", "expected"),
    [
        # The examples of ../shared/data/README.md.
        ("4 min read \u0e22\u0e17 Dec. 6, 2023", "4 min read \u00b7 Dec. 6, 2023"),
        (
            "Artificial Intelligence \u0e42\u20ac\u201c Bioinformatic",
            "Artificial Intelligence \u2013 Bioinformatic",
        ),
        ("don\u0e42\u20ac\u2122t", "don\u2019t"),
        ("caf\u0e23\u0e09", "caf\u00e9"),
        # The eyes emoji: F0 9F 91 80, where 0x9F is undefined in Windows-874 and was read
        # through Windows-1252 as "\u0178".
        ("Featured Job \u0e50\u0178\u2018\u20ac", "Featured Job \U0001f440"),
    ],
)
def test_wrongly_decoded_text_is_repaired(scraped, expected):
    assert repair_mojibake(scraped) == expected


@pytest.mark.parametrize(
    "intact",
    [
        "  \u2022 Develop machine learning models",  # the seed's intact bullets
        "It\u2019s a caf\u00e9 \U0001f440 and a r\u00e9sum\u00e9 \u2013 fine as it is",
        "Plain ASCII stays plain: 100% & <b>",
        "\u201cQuoted\u201d \u2026 \u20ac 5",
        "",
    ],
)
def test_intact_text_is_left_alone(intact):
    assert repair_mojibake(intact) == intact


def test_one_line_mixing_repaired_and_intact_text():
    scraped = (
        "It\u0e42\u20ac\u2122s a caf\u00e9 \U0001f440, "
        "not a caf\u0e23\u0e09 \u0e50\u0178\u2018\u20ac \u2022 ok"
    )
    assert repair_mojibake(scraped) == (
        "It\u2019s a caf\u00e9 \U0001f440, not a caf\u00e9 \U0001f440 \u2022 ok"
    )


def test_a_broken_sequence_keeps_its_characters():
    # "\u0e42\u20ac" alone is E2 80: a three-byte sequence cut short, so nothing to decode.
    assert repair_mojibake("x \u0e42\u20ac y") == "x \u0e42\u20ac y"


@pytest.mark.parametrize(
    "intact",
    [
        "GR\u00dcNE",
        # DC 80 and DD 91 would decode to Syriac U+0700 and Arabic U+0751: never in these
        # articles, so these are intact Windows-1252 pairs, not mojibake.
        "\u00dc\u20ac",
        "\u00dd\u2018",
        "\u00de\u20ac\u2122",
    ],
)
def test_pairs_that_would_decode_to_unlikely_scripts_are_left_alone(intact):
    assert repair_mojibake(intact) == intact


def test_intact_latin_pairs_next_to_repaired_mojibake_in_one_line():
    scraped = (
        "GR\u00dcNE \u00dc\u20ac \u00dd\u2018 \u0e42\u20ac\u201c don\u0e42\u20ac\u2122t "
        "caf\u0e23\u0e09"
    )
    assert repair_mojibake(scraped) == (
        "GR\u00dcNE \u00dc\u20ac \u00dd\u2018 \u2013 don\u2019t caf\u00e9"
    )
    # Run together with a repairable sequence, the unlikely pair is kept and the rest repaired.
    assert repair_mojibake("\u00dc\u20ac\u0e42\u20ac\u201c") == "\u00dc\u20ac\u2013"
