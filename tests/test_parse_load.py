"""load_article: reading, size limit, form detection, decoding, and the bad samples."""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLES, fuzz_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import InputError, ParseError
from archive.model import ArticleForm
from archive.parse import DEFAULT_MAX_BYTES, is_html, load_article

BAD = SAMPLES / "bad"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the corpus through the front door -------------------------------------------


@pytest.mark.parametrize(
    ("slug", "name", "form", "figures"),
    [
        ("soyuz-tma-11m", "article.txt", ArticleForm.SHORTCODES, 6),
        ("soyuz-tma-10m", "article.txt", ArticleForm.SHORTCODES, 4),
        ("apollo-11", "article.html", ArticleForm.HTML, 3),
    ],
)
def test_corpus_articles_load(
    sample_copy: Callable[[str], Path], slug: str, name: str, form: ArticleForm, figures: int
) -> None:
    path = sample_copy(slug) / name
    data = path.read_bytes()
    article = load_article(path)
    assert article.form is form
    assert len(article.figures) == figures
    assert article.source == path
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert article.size == len(data)
    assert article.encoding == "utf-8"


def test_soyuz_tma_11m_as_loaded() -> None:
    article = load_article(SAMPLES / "soyuz-tma-11m" / "article.txt")
    assert article.media_type == "text/plain"
    assert [f.image.attachment_id for f in article.figures] == [
        str(n) for n in (1216379, 1216381, 1216383, 1216387, 1216389, 1216391)
    ]
    assert {f.credit for f in article.figures} == {"REUTERS"}
    assert " ".join(article.lede) == (
        "Russia sent the Olympic torch to space in style. Here are images of the blast off."
    )


# --- form detection ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "html"),
    [
        ("a.html", b"[caption]x[/caption]", True),
        ("a.HTM", b"", True),
        ("a.xhtml", b"", True),
        ("a.txt", b"<!DOCTYPE html><p>x</p>", True),
        ("a.txt", b"\n  <html lang=en>", True),
        ("a.txt", b"<body><p>x</p>", True),
        ("a.txt", b"<figure><img src=a><figcaption>x</figcaption></figure>", True),
        (
            "a.txt",
            b"\xef\xbb\xbf<!-- saved from url -->\n<?xml version='1.0'?><!doctype html>",
            True,
        ),
        ("a.txt", "<!DOCTYPE html>".encode("utf-16"), True),
        ("a", b"<p>[caption]x[/caption]</p>", False),
        ("a.txt", b"Lede.\n[caption]x[/caption]", False),
        ("a.txt", b"<htmlish>", False),
        ("a.txt", b"<!-- unclosed comment <html>", False),
    ],
)
def test_form_is_decided_by_suffix_then_by_how_the_content_starts(
    name: str, data: bytes, html: bool
) -> None:
    assert is_html(Path(name), data) is html


def test_html_content_in_a_txt_file_is_read_as_html(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "saved.txt",
        b"<!DOCTYPE html><figure><img src=a.jpg><figcaption>Crew. AP</figcaption></figure>",
    )
    article = load_article(path)
    assert article.form is ArticleForm.HTML
    assert article.figures[0].credit == "AP"


# --- reading -------------------------------------------------------------------------


def test_size_limit_is_enforced(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"x" * 101)
    with pytest.raises(InputError, match="more than the limit of 100 bytes") as caught:
        load_article(path, max_bytes=100)
    assert not isinstance(caught.value, ParseError)
    assert load_article(path, max_bytes=101).size == 101
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
def test_unreadable_paths_raise_input_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "article.txt"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(InputError) as caught:
        load_article(path)
    assert caught.value.input == str(path)
    assert not isinstance(caught.value, ParseError)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_raises_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "article.txt", b"x")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot be read"):
        load_article(path)


def test_an_empty_post_is_an_empty_article(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "empty.txt", b""))
    assert (article.figures, article.lede, article.title) == ((), (), None)


# --- decoding post content ------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_byte_order_marks_choose_the_encoding(
    tmp_path: Path, bom: bytes, codec: str, encoding: str
) -> None:
    text = "Lede “quoted”.\n[caption id=“attachment_5”]Союз lifts off. REUTERS[/caption]"
    path = write(tmp_path, "post.txt", bom + text.encode(codec))
    article = load_article(path)
    assert article.encoding == encoding
    assert article.lede == ("Lede “quoted”.",)
    assert article.figures[0].caption == "Союз lifts off."
    assert article.figures[0].image.attachment_id == "5"
    assert article.figures[0].line == 2


@pytest.mark.parametrize(
    ("data", "message", "line", "column"),
    [
        (b"ok\nab\xffcd", "not valid utf-8 (byte 0xff)", 2, 3),
        (b"\xc3\x28", "not valid utf-8", 1, 1),
        (b"ab\xed\xa0\x80", "not valid utf-8", 1, 3),  # an encoded surrogate
        (b"line\r\nx\x00", "NUL byte at line 2 column 2", 2, 2),
        (codecs.BOM_UTF16_LE + "ab\n\x00".encode("utf-16-le"), "NUL byte at line 2 column 1", 2, 1),
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xdc", "not valid utf-16-le", 1, 2),  # lone surrogate
    ],
)
def test_undecodable_posts_raise_parse_error_with_position(
    tmp_path: Path, data: bytes, message: str, line: int, column: int
) -> None:
    path = write(tmp_path, "post.txt", data)
    with pytest.raises(ParseError) as caught:
        load_article(path)
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.input == str(path)


def test_control_characters_other_than_nul_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "post.txt", "[caption]a\x07b\u202ec[/caption]".encode())
    assert load_article(path).figures[0].caption == "a\x07b\u202ec"


# --- the bad samples ------------------------------------------------------------------

# What each samples/bad/P* case must produce: a fragment of the message, line, column.
EXPECTED = {
    "P001_unclosed_caption": ("unclosed [caption] shortcode", 2, 1),
    "P002_unclosed_caption_tag": ("no ']' ends its tag", 3, 1),
    "P003_nested_caption": ("nested inside the [caption] opened at 1:1", 2, 1),
    "P004_stray_caption_close": ("[/caption] closes no [caption]", 2, 16),
    "P005_invalid_utf8": ("not valid utf-8", 1, 39),
    "P006_nul_byte": ("NUL byte at line 2 column 38", 2, 38),
    "P007_external_entity": ("declares entities in its DOCTYPE", 2, 3),
    "P008_billion_laughs": ("declares entities in its DOCTYPE", 3, 2),
    "P009_parameter_entity": ("declares entities in its DOCTYPE", 1, 18),
    "P010_unknown_charset": ("unknown character encoding 'klingon-8'", 3, 1),
    "P011_invalid_bytes_for_charset": ("not valid utf-8 (byte 0xe9)", 3, 47),
    "P012_truncated_utf16": ("not valid utf-16-le", 1, 24),
    "P013_empty_html": ("the HTML document is empty", None, None),
    "P014_excessive_depth": ("exceeds the parser's limits", 2, None),
}
BAD_CASES = sorted(p for p in BAD.glob("P*") if p.is_dir())


def test_every_bad_parse_sample_has_an_expectation() -> None:
    assert {p.name for p in BAD_CASES} == set(EXPECTED)


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda p: p.name)
def test_bad_parse_samples_raise_parse_error(case: Path) -> None:
    (article,) = case.glob("article.*")
    message, line, column = EXPECTED[case.name]
    with pytest.raises(ParseError) as caught:
        load_article(article)
    assert message in caught.value.message
    assert caught.value.line == line
    if column is not None:
        assert caught.value.column == column
    assert caught.value.input == str(article)


# --- properties ------------------------------------------------------------------------


@settings(
    max_examples=fuzz_examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".html"]))
def test_load_article_returns_or_raises_input_error_only(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = write(tmp_path, "article" + suffix, data)
    try:
        article = load_article(path)
    except InputError as exc:
        assert exc.input == str(path)
        return
    assert article.size == len(data)


_MARKUP = st.sampled_from(
    [
        b"<!DOCTYPE html>",
        b"<html>",
        b"<figure>",
        b"<img src=a.jpg>",
        b"<figcaption>",
        b"[caption",
        b"]",
        b"[/caption]",
        b"\xe2\x80\x9c",
        b"\xe2\x80\x9d",
        b"\xff",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"<meta charset=",
        b"latin1",
        b"<!ENTITY",
        b"[",
        b"<p>",
        b"&amp;",
        b"\n",
        b" ",
    ]
)


@settings(
    max_examples=fuzz_examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(parts=st.lists(_MARKUP, max_size=25), suffix=st.sampled_from([".txt", ".html"]))
def test_load_article_on_markup_soup(tmp_path: Path, parts: list[bytes], suffix: str) -> None:
    path = write(tmp_path, "article" + suffix, b"".join(parts))
    try:
        load_article(path)
    except InputError as exc:
        assert exc.input == str(path)
