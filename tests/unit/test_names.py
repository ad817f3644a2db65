"""Person names compared as people read them (the near-duplicate check of registration and
import): titles and degrees set aside, accents and punctuation dropped, reordered or shortened
names taken as the same person's."""

from __future__ import annotations

import pytest

from bpjs_desktop.domain.names import NAME_SIMILARITY, name_similarity, normalise_name

# --- normalise_name -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Hj. Siti  Aminah, S.Pd.", "SITI AMINAH"),  # the docstring's own example
        ("siti aminah", "SITI AMINAH"),  # upper case
        ("José Mañé", "JOSE MANE"),  # accents dropped, not the letter
        ("Ma'ruf Amin", "MARUF AMIN"),  # an apostrophe joins, it does not split
        ("Budi2 Santoso", "BUDI SANTOSO"),  # digits are not part of a name
        ("Budi   Santoso", "BUDI SANTOSO"),  # one space between words
        ("Budi\tSantoso\n", "BUDI SANTOSO"),  # any white space
        ("Budi/Santoso", "BUDI SANTOSO"),  # a slash separates words
        ("Budi - Santoso", "BUDI SANTOSO"),  # a lone dash is no word
        ("  Budi  ", "BUDI"),
        ("", ""),
    ],
)
def test_name_is_read_in_capitals_letters_only_one_space(typed, read):
    assert normalise_name(typed) == read


def test_everything_after_the_first_comma_is_a_degree():
    """Degrees usually follow a comma: 'Siti Aminah, S.E., M.M.' is Siti Aminah."""
    assert normalise_name("Siti Aminah, S.E., M.M.") == "SITI AMINAH"
    assert normalise_name("Siti, Aminah") == "SITI"
    # M.Kes. is no degree this module knows: only the first comma sets it aside
    assert normalise_name("Siti Aminah, M.Kes., Gr.") == "SITI AMINAH"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("H. Ahmad", "AHMAD"),
        ("Prof. Dr. Ir. Budi Santoso", "BUDI SANTOSO"),  # every title in front
        ("Ny Siti", "SITI"),
        ("Bapak Budi", "BUDI"),
    ],
)
def test_titles_before_the_name_are_set_aside(typed, read):
    assert normalise_name(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Budi Santoso SE", "BUDI SANTOSO"),  # a degree without a comma
        ("Budi Santoso S.Pd. M.M.", "BUDI SANTOSO"),  # every degree at the end, dots or not
        ("Budi Santoso SPD", "BUDI SANTOSO"),
    ],
)
def test_degrees_after_the_name_are_set_aside(typed, read):
    assert normalise_name(typed) == read


def test_a_title_inside_the_name_stays():
    """Only the first words can be a title and only the last a degree: 'H' inside is an initial."""
    assert normalise_name("Budi H Santoso") == "BUDI H SANTOSO"
    assert normalise_name("SE Budi") == "SE BUDI"  # a degree's letters at the front are a name
    assert normalise_name("Budi Dr") == "BUDI DR"  # a title's letters at the end are a name


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Haji", "HAJI"),  # one word that is also a title: it is the name
        ("Ir", "IR"),
        ("SE", "SE"),  # one word that is also a degree
        ("Dr. Ir.", "IR"),  # titles are dropped while a word remains, never the last one
        ("Dr. MM", "MM"),
        ("Budi MM SE", "BUDI"),  # degrees dropped down to the one word left
        ("SH SE", "SH"),
    ],
)
def test_the_last_word_is_never_dropped(typed, read):
    assert normalise_name(typed) == read


# --- name_similarity ----------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [("", "SITI"), ("SITI", ""), ("", "")])
def test_a_missing_name_is_like_no_one(a, b):
    assert name_similarity(a, b) == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SITI AMINAH", "SITI AMINAH"),  # the same name
        ("AMINAH SITI", "SITI AMINAH"),  # the same words in another order
        ("SITI AMINAH", "SITI AMINAH BINTI AHMAD"),  # the first words of the full name
        ("SITI AMINAH BINTI AHMAD", "SITI AMINAH"),  # either way round
        ("SITI", "SITI AMINAH"),
    ],
)
def test_same_or_reordered_or_shortened_name_is_the_same_person(a, b):
    assert name_similarity(a, b) == 1.0


def test_last_words_of_a_name_are_not_a_short_name():
    """'AMINAH' ends 'SITI AMINAH' but does not start it: only the text ratio counts,
    2 × 6 matching letters / (6 + 11) = 12/17 ≈ 0.706, below 0.85: different people."""
    assert name_similarity("AMINAH", "SITI AMINAH") == pytest.approx(12 / 17)
    assert name_similarity("AMINAH", "SITI AMINAH") < NAME_SIMILARITY


def test_a_typo_reads_as_the_same_person():
    """'SITI AMINA' against 'SITI AMINAH': 10 letters match, 2 × 10 / (10 + 11) = 20/21 ≈ 0.952,
    at least 0.85."""
    assert name_similarity("SITI AMINA", "SITI AMINAH") == pytest.approx(20 / 21)
    assert name_similarity("SITI AMINA", "SITI AMINAH") >= NAME_SIMILARITY


def test_different_names_read_as_different_people():
    """'BUDI' and 'SITI': only the 'I' lines up (difflib's longest block), 2 × 1 / 8 = 0.25."""
    assert name_similarity("BUDI", "SITI") == pytest.approx(0.25)


def test_the_same_person_threshold_is_085():
    assert NAME_SIMILARITY == 0.85
