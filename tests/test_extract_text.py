"""Tokens, sentences and name runs: the text layer under extraction."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.givennames import same_given
from archive.extract.names import name_runs, person_name, same_person
from archive.extract.sentences import split_sentences
from archive.extract.tokens import PhraseTrie, fold_parts, tokenize


def test_tokens_keep_offsets_and_split_possessives() -> None:
    text = "NASA’s Crew-7 (L) lifts off, U.S. time."
    toks = tokenize(text)
    assert [t.text for t in toks][:6] == ["NASA", "’s", "Crew-7", "(", "L", ")"]
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert fold_parts("March-2F") == ("march", "2f")
    assert fold_parts("U.S.") == ("us",)


def test_phrase_trie_takes_the_longest_free_phrase() -> None:
    trie = PhraseTrie({"flight": 1, "flight engineer": 2})
    toks = tokenize("Flight Engineer Wakata")
    assert trie.match(toks, 0) == (2, 2)
    assert trie.match(toks, 0, [False, True]) == (1, 1)
    assert trie.match(toks, 2) is None


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The Soyuz blasts off on Nov. 7, 2013. The crew waves.",
            ["The Soyuz blasts off on Nov. 7, 2013.", "The crew waves."],
        ),
        (
            "Astronaut Edward H. White II floats. He smiles.",
            ["Astronaut Edward H. White II floats.", "He smiles."],
        ),
        (
            "Lift-off at Cape Canaveral, Fla. on May 30.",
            ["Lift-off at Cape Canaveral, Fla. on May 30."],
        ),
        (
            "It lands in Kazakhstan, U.S. The crew is well.",
            ["It lands in Kazakhstan, U.S.", "The crew is well."],
        ),
        (
            "Dr. Ivanov and Mr. Smith wave!  “Great,” they say.",
            ["Dr. Ivanov and Mr. Smith wave!", "“Great,” they say."],
        ),
        ("First line\n\nSecond line", ["First line", "Second line"]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == sentences


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Japanese astronaut Koichi Wakata (L), of JAXA", ["Japanese", "Koichi Wakata"]),
        ('lunar module pilot Edwin "Buzz" Aldrin walk', ['Edwin "Buzz" Aldrin']),
        ("Edward H. White II, pilot", ["Edward H. White II"]),
        ("Frank De Winne and Ali al-Qarni wave", ["Frank De Winne", "Ali al-Qarni"]),
        (
            "Tang Hongbo, Tang Shengjie and Jiang Xinlin",
            ["Tang Hongbo", "Tang Shengjie", "Jiang Xinlin"],
        ),
        ("The crew of NASA and ESA", []),
    ],
)
def test_name_runs(text: str, names: list[str]) -> None:
    toks = tokenize(text)
    runs = name_runs(toks, [True] * len(toks))
    assert [person_name(toks[i:j]).written for i, j in runs] == names


def test_person_name_parts() -> None:
    n = person_name(tokenize("Edwin “Buzz” Aldrin"))
    assert (n.written, n.plain, n.nickname) == ('Edwin "Buzz" Aldrin', "Edwin Aldrin", "Buzz")
    assert "Buzz Aldrin" in n.variants


def test_one_person_or_two() -> None:
    def name(text: str):  # type: ignore[no-untyped-def]
        return person_name(tokenize(text))

    assert same_person(name("Michael S. Hopkins"), name("Mike Hopkins"))
    assert same_person(name("Sergey Prokopyev"), name("Sergei Prokopyev"))
    assert same_person(name('Edwin "Buzz" Aldrin'), name("Buzz Aldrin"))
    assert not same_person(name("Scott Kelly"), name("Mark Kelly"))
    assert not same_person(name("Tang Hongbo"), name("Tang Shengjie"))
    assert same_given("Aleksandr", "Alexander") and not same_given("Oleg", "Olga")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_tokenises_and_splits(text: str) -> None:
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    for a, b in split_sentences(text):
        assert 0 <= a < b <= len(text)
    runs = name_runs(toks, [True] * len(toks))
    for i, j in runs:
        person_name(toks[i:j])
