"""Given names of one person: spellings, transliterations, short forms (givennames)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.givennames import canonical_given, given_match, same_given


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Sergey", "Sergei", "same"),  # transliterations
        ("Aleksandr", "Alexander", "same"),
        ("Yelena", "Elena", "same"),
        ("Dmitry", "Dmitri", "same"),
        ("Drew", "Andrew", "short"),  # short forms, either way round
        ("Andrew", "Drew", "short"),
        ("Bob", "Robert", "short"),
        ("Katya", "Yekaterina", "short"),
        ("Kate", "Kathleen", "short"),
        ("Mike", "Michael", "short"),
        ("Josh", "Joshua", "short"),
        ("J", "Jessica", "short"),  # an initial
        ("Mike", "Mick", "short"),  # two short forms of one name
        ("Scott", "Mark", None),
        ("Anna", "Anton", None),
        ("Drew", "Indira", None),
    ],
)
def test_given_match(a: str, b: str, kind: str | None) -> None:
    assert given_match(a, b) == kind


def test_same_given_is_any_match() -> None:
    assert same_given("Bob", "Robert") and same_given("Sergey", "Sergei")
    assert not same_given("Chris", "Mark")


def test_canonical_given_levels_spellings_only() -> None:
    assert canonical_given("Yury") == canonical_given("Yuri")
    assert canonical_given("Aleksandr") == canonical_given("Alexander")
    assert canonical_given("Robert") != canonical_given("Bob")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG", min_size=1, max_size=12),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG", min_size=1, max_size=12))  # fmt: skip
def test_given_match_is_symmetric_and_reflexive(a: str, b: str) -> None:
    assert given_match(a, a) == "same"
    assert given_match(a, b) == given_match(b, a)
