"""The shared pieces of the readers: text normalisation, the markup scanner, doctests."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

from archive.parse.markup import first_tag, flatten, inline_text, iter_tags, scan_attributes
from archive.parse.pagemeta import PageFacts, extract_title, is_iso_date, json_ld_nodes
from archive.parse.text import (
    LineIndex,
    first_sentence,
    is_boilerplate,
    normalise_space,
    paragraphs,
)

MODULES = [
    "archive.parse",
    "archive.parse.credits",
    "archive.parse.decode",
    "archive.parse.markup",
    "archive.parse.pagemeta",
    "archive.parse.text",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0


def test_normalise_space_keeps_control_characters() -> None:
    assert normalise_space("\u00a0 a \u2003\u202f b\t") == "a b"
    assert normalise_space("a\x1fb\x85c") == "a\x1fb\x85c"  # str.split() would split these


@pytest.mark.parametrize(
    ("text", "offset", "position"),
    [("abc", 0, (1, 1)), ("a\nbc", 3, (2, 2)), ("a\r\nb", 3, (2, 1)), ("a\rb\rc", 4, (3, 1))],
)
def test_line_index(text: str, offset: int, position: tuple[int, int]) -> None:
    assert LineIndex(text).position(offset) == position


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("One. Two.", "One."),
        ("No end", "No end"),
        ("Ends “quoted.” Next", "Ends “quoted.”"),
        ("Version 2.0 is out. Yes.", "Version 2.0 is out."),
        ("Lift-off at 3 p.m. local time. Then", "Lift-off at 3 p.m. local time."),
        ("What? No! Yes.", "What?"),
        ("e.g. this one. That", "e.g. this one."),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Advertisement:", True),
        ("  End of article  ", True),
        ("Share this »", True),
        ("— • —", True),
        ("1969", False),
        ("© NASA", False),
        ("Read more about the launch in our archive, which has much more", False),
        ("Click here", True),
        ("x" * 300, False),
    ],
)
def test_is_boilerplate(line: str, expected: bool) -> None:
    assert is_boilerplate(line) is expected


def test_paragraphs_split_on_every_line_break() -> None:
    assert paragraphs("a\r\nb\rc\u2028d\n\n)") == ["a", "b", "c", "d"]


def test_iter_tags_reads_names_attributes_comments_and_literal_brackets() -> None:
    text = "a < b <!-- c --> <IMG SRC='x.jpg' Alt=“y”/> </A> <? pi ?> <p"
    tags = list(iter_tags(text))
    assert [(t.name, t.closing) for t in tags] == [
        ("", False),
        ("img", False),
        ("a", True),
        ("", False),
    ]
    assert tags[1].attributes == {"src": "x.jpg", "alt": "y"}


def test_unclosed_quotes_and_comments_do_not_swallow_the_text() -> None:
    assert inline_text('<a href="x>one</a> two') == "one two"
    assert inline_text("<!-- never closed <b>bold</b>") == "<!-- never closed bold"


def test_flatten_drops_script_and_style_content() -> None:
    assert inline_text("a<script>if (x < y) {}</script>b<style>p{}</style>c") == "abc"
    assert flatten("<p>x</p>y", block="|") == "|x|y"


def test_scan_attributes_cases() -> None:
    assert scan_attributes("a=1 b c='d e' a=2>", 0, ">") == (
        {"a": "1", "b": "", "c": "d e"},
        18,
        False,
    )
    assert scan_attributes("x='1' />", 0, ">") == ({"x": "1"}, 8, True)
    assert scan_attributes("x='never closed>", 0, ">") is None
    assert scan_attributes("x=1 [ ]", 0, "]", abort="[") is None
    assert first_tag("<img>", "a") is None


def test_pagemeta_helpers() -> None:
    assert extract_title(PageFacts(title="A | B", meta={"og:site_name": ("B",)})) == "A"
    assert extract_title(PageFacts()) is None
    assert [
        is_iso_date(v) for v in ("2013", "2013-11", "2013-11-07", "1969-07-16T13:32:00-04:00")
    ] == [
        False,
        False,
        True,
        True,
    ]
    assert list(json_ld_nodes(('[1, {"a": {"b": 2}}]', "nonsense", "[[[]]]"))) == [
        {"a": {"b": 2}},
        {"b": 2},
    ]


@pytest.mark.parametrize(
    "name",
    [m for m in MODULES if m != "archive.parse"]
    + ["archive.parse.shortcodes", "archive.parse.doctype"],
)
def test_only_html_and_xpaths_use_lxml(name: str) -> None:
    source = inspect.getsource(importlib.import_module(name))
    assert "lxml" not in source.replace("no lxml", "")
