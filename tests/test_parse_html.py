"""The article HTML reader: figures, metadata fallback chains, lede, hostile documents."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from conftest import SAMPLES, fuzz_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import ParseError
from archive.model import Article, ArticleForm
from archive.parse.doctype import ENTITY_MESSAGE
from archive.parse.html import parse_html

SOURCE = Path("page.html")


def read_page(markup: str | bytes) -> Article:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return parse_html(data, source=SOURCE)


def page(head: str = "", body: str = "", *, lang: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html>\n<html{lang_attr}><head>{head}</head><body>{body}</body></html>"


# --- the corpus --------------------------------------------------------------


def test_apollo_11_sample() -> None:
    path = SAMPLES / "apollo-11" / "article.html"
    data = path.read_bytes()
    article = parse_html(data, source=path)
    assert article.form is ArticleForm.HTML
    assert article.media_type == "text/html"
    assert article.encoding == "utf-8"
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert article.size == len(data)
    assert [f.image.src for f in article.figures] == [
        "article_files/apollo11-liftoff.jpg",
        "article_files/apollo11-crew.jpg",
        "article_files/apollo11-beach.jpg",
    ]
    assert [f.credit for f in article.figures] == ["NASA"] * 3
    assert article.figures[2].caption == (
        "Spectators on a beach near the Kennedy Space Center watch the launch."
    )
    assert 'Edwin "Buzz" Aldrin' in article.figures[1].caption
    assert [(f.image.declared_width, f.image.declared_height) for f in article.figures] == [
        (940, 627)
    ] * 3
    assert [f.line for f in article.figures] == [8, 10, 12]
    assert article.title == "Apollo 11: the launch that took men to the Moon"
    assert article.title_derived is False
    assert article.url == "https://news.example.org/photos/apollo-11-launch-1969.html"
    assert article.language == "en"
    assert article.lede == (
        "Fifty years on, the pictures of the launch that carried the first men"
        " to land on the Moon.",
    )


# --- figures -------------------------------------------------------------------


def test_wordpress_rendered_wp_caption_div() -> None:
    article = read_page(
        page(
            body='<div id="attachment_1216379" style="width: 950px" class="wp-caption alignleft">'
            '<img class="size-full wp-image-1216379" src="https://x.example/wp/a.jpg?w=940&amp;h=1"'
            ' alt="Soyuz" width="940" height="627">'
            '<p class="wp-caption-text">The Soyuz lifts off. REUTERS/Shamil Zhumatov</p></div>'
            "<p>Body text.</p>"
        )
    )
    (figure,) = article.figures
    assert figure.image.attachment_id == "1216379"
    assert figure.image.src == "https://x.example/wp/a.jpg?w=940&h=1"
    assert figure.caption == "The Soyuz lifts off."
    assert figure.credit == "REUTERS/Shamil Zhumatov"
    assert figure.alt == "Soyuz"
    assert article.lede == ("Body text.",)


def test_figure_with_link_inline_tags_entities_and_line_breaks() -> None:
    article = read_page(
        page(
            body='<figure class="wp-block-image"><a href="big.jpg"><img src="a%20b.jpg"'
            ' class="wp-image-77" width="10px"></a>'
            "<figcaption>The&nbsp;<em>Soyuz</em> crew&#8217;s<br>torch &amp; "
            "flag.   AFP</figcaption></figure>"
        )
    )
    (figure,) = article.figures
    assert figure.caption == "The Soyuz crew’s torch & flag."
    assert figure.credit == "AFP"
    assert figure.image.src == "a%20b.jpg"
    assert figure.image.attachment_id == "77"
    assert figure.image.declared_width is None
    assert figure.alt is None


def test_marked_up_credit_in_the_caption_is_taken_as_is() -> None:
    article = read_page(
        page(
            body='<figure><img src="a.jpg">'
            "<figcaption>Crew waves <cite>Bill Ingalls</cite></figcaption></figure>"
        )
    )
    (figure,) = article.figures
    assert (figure.caption, figure.credit) == ("Crew waves", "Bill Ingalls")
    assert figure.raw_caption == "Crew waves Bill Ingalls"


def test_gallery_figure_holding_figures_yields_the_inner_ones() -> None:
    inner = '<figure><img src="{0}.jpg"><figcaption>Image {0}.</figcaption></figure>'
    article = read_page(
        page(
            body='<figure class="wp-block-gallery">'
            + inner.format(1)
            + inner.format(2)
            + "<figcaption>The gallery.</figcaption></figure>"
        )
    )
    assert [f.caption for f in article.figures] == ["Image 1.", "Image 2."]
    assert [f.index for f in article.figures] == [1, 2]


def test_figures_without_caption_or_image_are_skipped() -> None:
    article = read_page(
        page(
            body='<figure><img src="logo.png"></figure>'
            "<figure><figcaption>No image</figcaption></figure>"
            '<figure><img src="a.jpg"><figcaption></figcaption></figure>'
        )
    )
    assert [(f.image.src, f.caption) for f in article.figures] == [("a.jpg", "")]


def test_control_characters_in_captions_are_kept_as_data() -> None:
    article = read_page(
        page(
            body='<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">'
            "a\x01b\u202ec<br>d</p></div>"
        )
    )
    assert article.figures[0].caption == "a\x01b\u202ec d"


def test_images_inside_noscript_or_template_are_not_figures() -> None:
    article = read_page(
        page(
            body="<template><figure><img src=t.jpg><figcaption>T</figcaption></figure></template>"
            "<figure><img src=a.jpg><noscript><img src=b.jpg></noscript>"
            "<figcaption>A</figcaption></figure>"
        )
    )
    assert [f.image.src for f in article.figures] == ["a.jpg"]


def test_lazy_loaded_image_uses_data_src() -> None:
    article = read_page(
        page(body='<figure><img data-src="real.jpg"><figcaption>X.</figcaption></figure>')
    )
    assert article.figures[0].image.src == "real.jpg"


def test_shortcodes_left_as_text_in_html_are_not_figures() -> None:
    article = read_page(page(body="<p>[caption id='attachment_1']Text[/caption]</p>"))
    assert article.figures == ()


# --- lede ------------------------------------------------------------------------


def test_lede_prefers_article_and_skips_chrome_captions_and_boilerplate() -> None:
    article = read_page(
        page(
            body="<header><p>Site header</p></header><nav><p>Menu</p></nav>"
            "<main><p>Main only.</p><article><header><p>Byline</p></header>"
            "<p>First <b>para</b>.</p><p>Advertisement</p><aside><p>Aside</p></aside>"
            '<figure><img src="a.jpg"><figcaption><p>Caption para</p></figcaption></figure>'
            "<p>Second para.</p><script>var x = '<p>no</p>';</script><p>)</p></article></main>"
            "<footer><p>Footer</p></footer>"
        )
    )
    assert article.lede == ("First para.", "Second para.")


def test_lede_falls_back_to_main_then_body() -> None:
    assert read_page(page(body="<article></article><main><p>In main.</p></main>")).lede == (
        "In main.",
    )
    assert read_page(page(body="<div><p>In body.</p></div>")).lede == ("In body.",)


def test_title_is_derived_from_the_lede_when_the_page_has_none() -> None:
    article = read_page(page(body="<p>The rocket flew. It was fast.</p>"))
    assert article.title == "The rocket flew."
    assert article.title_derived is True


# --- metadata chains -------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (
            '<meta property="og:title" content="OG"><meta name="twitter:title" content="TW">'
            "<title>T</title>",
            "<h1>H</h1>",
            "OG",
        ),
        ('<meta name="twitter:title" content="TW"><title>T</title>', "<h1>H</h1>", "TW"),
        (
            "<title> Launch  day | Space News </title>"
            '<meta property="og:site_name" content="Space News">',
            "<h1>H</h1>",
            "Launch day",
        ),
        (
            "<title>Launch day - Space News</title>"
            '<meta property="og:site_name" content="space news">',
            "",
            "Launch day",
        ),
        (
            "<title>Apollo 11 - the launch</title>"
            '<meta property="og:site_name" content="Space News">',
            "",
            "Apollo 11 - the launch",
        ),
        ("<title>Launch day | Space News</title>", "", "Launch day | Space News"),
        ("<title>  </title>", "<h1>Heading<br><em>one</em></h1><h1>Two</h1>", "Heading one"),
        ('<meta property="og:title" content="">', "<h1>H</h1>", "H"),
    ],
)
def test_title_chain(head: str, body: str, title: str) -> None:
    assert read_page(page(head, body)).title == title


def test_svg_title_is_not_the_page_title() -> None:
    article = read_page(page("", "<svg><title>icon</title></svg><h1>Real</h1>"))
    assert article.title == "Real"


@pytest.mark.parametrize(
    ("head", "url"),
    [
        (
            '<link rel="canonical" href="https://a.example/x"><meta property="og:url" content="https://b.example/y">',
            "https://a.example/x",
        ),
        ('<link rel="Canonical Alternate" href="https://a.example/x">', "https://a.example/x"),
        (
            '<link rel="canonical" href="/relative"><meta property="og:url" content="https://b.example/y">',
            "https://b.example/y",
        ),
        ('<meta property="og:url" content="javascript:alert(1)">', None),
        ("", None),
    ],
)
def test_url_chain(head: str, url: str | None) -> None:
    assert read_page(page(head)).url == url


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        (
            '<meta property="article:published_time" content="2013-11-07T04:14:00+00:00">'
            '<meta name="date" content="2013-01-01">',
            "",
            "2013-11-07T04:14:00+00:00",
        ),
        (
            '<meta property="article:published_time" content="7 November 2013">'
            '<meta name="date" content="2013-11-07">',
            "",
            "2013-11-07",
        ),
        ('<meta name="pubdate" content="2013-11-07">', "", "2013-11-07"),
        ('<meta name="DC.date.issued" content="2013-11-07">', "", "2013-11-07"),
        (
            "",
            '<article><p>x</p><time datetime="2013-11-07T10:00Z">Nov 7</time></article>',
            "2013-11-07T10:00Z",
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org",'
            ' "@graph": [{"@type": "NewsArticle", "datePublished": "2013-11-07"}]}</script>',
            "",
            "2013-11-07",
        ),
        (
            '<script type="application/ld+json">{ not json</script>'
            '<script type="Application/LD+JSON">[{"datePublished": ["2013-11-08"]}]</script>',
            "",
            "2013-11-08",
        ),
        ('<script type="application/ld+json">' + "[" * 100_000 + "</script>", "", None),
        ('<meta name="date" content="yesterday">', "", None),
    ],
)
def test_published_chain(head: str, body: str, published: str | None) -> None:
    assert read_page(page(head, body)).published == published


def test_other_metadata_chains() -> None:
    article = read_page(
        page(
            '<meta property="og:site_name" content="Space  News">'
            '<meta property="article:modified_time" content="2013-11-08">'
            '<meta property="og:updated_time" content="2013-11-09">'
            '<meta name="author" content="Jane Doe">'
            '<meta property="article:author" content="https://x.example/jane">'
            '<meta property="article:author" content="John Roe">'
            '<meta name="author" content="Jane Doe">'
            '<meta property="og:locale" content="en_US">'
            '<meta name="description" content="Plain description">'
            '<meta property="og:description" content="OG description">'
            '<meta property="article:tag" content="Soyuz">'
            '<meta property="article:tag" content="ISS">'
            '<meta property="article:tag" content="Soyuz">'
        )
    )
    assert article.publisher == "Space News"
    assert article.modified == "2013-11-08"
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.language == "en-US"
    assert article.description == "OG description"
    assert article.keywords == ("Soyuz", "ISS")


def test_json_ld_fallbacks_for_modified_and_publisher() -> None:
    article = read_page(
        page(
            '<script type="application/ld+json">{"@type": "NewsArticle", "dateModified":'
            ' "2013-11-09T01:02:03Z", "publisher": {"@type": "Organization", "name": "Pub"}}'
            '</script><meta name="description" content="Desc">'
        )
    )
    assert article.modified == "2013-11-09T01:02:03Z"
    assert article.publisher == "Pub"
    assert article.description == "Desc"


@pytest.mark.parametrize(
    ("lang", "head", "language"),
    [
        ("en-GB", '<meta property="og:locale" content="fr_FR">', "en-GB"),
        ("", '<meta property="og:locale" content="fr_FR">', "fr-FR"),
        ("not a tag!", "", None),
        ("", "", None),
    ],
)
def test_language_chain(lang: str, head: str, language: str | None) -> None:
    assert read_page(page(head, lang=lang)).language == language


# --- encodings -------------------------------------------------------------------


def test_declared_meta_charset_is_used() -> None:
    data = page(
        '<meta charset="windows-1251">',
        "<figure><img src=a.jpg><figcaption>Союз. ТАСС</figcaption></figure>",
    )
    article = read_page(data.encode("cp1251"))
    assert article.encoding == "cp1251"
    assert article.figures[0].caption == "Союз."
    assert article.figures[0].credit == "ТАСС"


def test_http_equiv_and_latin1_labels_decode_as_windows_1252() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    article = read_page(page(head, "<p>Caf\u00e9 \u2019quoted\u2019</p>").encode("cp1252"))
    assert article.encoding == "cp1252"
    assert article.lede == ("Café ’quoted’",)


def test_xml_declaration_encoding_is_used() -> None:
    data = '<?xml version="1.0" encoding="iso-8859-15"?>\n<html><body><p>5 \u20ac</p></body></html>'
    article = read_page(data.encode("iso-8859-15"))
    assert article.lede == ("5 €",)


def test_bom_wins_over_a_declared_charset() -> None:
    data = page('<meta charset="windows-1251">', "<p>Ünïcödé</p>")
    article = read_page(b"\xff\xfe" + data.encode("utf-16-le"))
    assert article.encoding == "utf-16-le"
    assert article.lede == ("Ünïcödé",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<meta charset="klingon">', "unknown character encoding 'klingon'"),
        (b'<meta charset="base64"><p>x</p>', "unknown character encoding 'base64'"),
        (b'<meta charset="utf-7"><p>x</p>', "unknown character encoding 'utf-7'"),
        (b"<p>caf\xe9</p>", "not valid utf-8"),
        (b'<meta charset="shift_jis"><p>\x82</p>', "not valid shift_jis"),
        (b"<p>a\x00b</p>", "NUL byte at line 1 column 5"),
    ],
)
def test_bad_encodings_raise_parse_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_page(data)
    assert message in caught.value.message
    assert caught.value.line == 1


# --- hostile documents -------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
    "<html><body><p>&lol2;</p></body></html>"
)


@pytest.mark.parametrize(
    ("markup", "line", "column"),
    [
        ('<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><p>&xxe;</p>', 1, 17),
        (
            '<!DOCTYPE html [<!ENTITY xxe PUBLIC "-//x//EN" "http://x.example/e">]><p>&xxe;</p>',
            1,
            17,
        ),
        (BILLION_LAUGHS, 3, 2),
        ("<!doctype html [ %pe; ]><p>x</p>", 1, 18),
        ('<p>x</p>\n<!DOCTYPE html "[quoted]" [<!ENTITY a "b">]>', 2, 28),
    ],
)
def test_documents_declaring_entities_are_refused(markup: str, line: int, column: int) -> None:
    with pytest.raises(ParseError) as caught:
        read_page(markup)
    assert caught.value.message == ENTITY_MESSAGE
    assert (caught.value.line, caught.value.column) == (line, column)


def test_an_internal_subset_without_entities_is_refused_too() -> None:
    with pytest.raises(ParseError, match="internal subset"):
        read_page('<!DOCTYPE html [<!ATTLIST p x CDATA "y">]><p>x</p>')


@pytest.mark.parametrize(
    "doctype",
    [
        "<!DOCTYPE html>",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"'
        ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
        "<!doctype html SYSTEM 'about:legacy-compat'>",
    ],
)
def test_ordinary_doctypes_are_accepted(doctype: str) -> None:
    article = read_page(doctype + "<html><body><p>Fine &amp; well.</p></body></html>")
    assert article.lede == ("Fine & well.",)


def test_undeclared_entities_stay_as_text() -> None:
    assert read_page("<p>&xxe; &lol9;</p>").lede == ("&xxe; &lol9;",)


def test_nesting_beyond_the_parser_limit_is_an_error_not_a_silent_loss() -> None:
    deep = "<div>" * 300 + "<p>deep</p>" + "</div>" * 300
    with pytest.raises(ParseError, match="limits") as caught:
        read_page(page(body=deep))
    assert caught.value.line == 2


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_an_empty_document_is_an_error(data: bytes) -> None:
    with pytest.raises(ParseError, match="empty"):
        read_page(data)


def test_many_figures_parse_quickly() -> None:
    figure = '<figure><img src="a.jpg"><figcaption>Caption text. REUTERS</figcaption></figure>\n'
    started = time.perf_counter()
    article = read_page(page(body=figure * 5000))
    assert len(article.figures) == 5000
    assert time.perf_counter() - started < 10


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.lists(
            st.sampled_from(
                [
                    "<figure>",
                    "<img src=a>",
                    "<figcaption>",
                    "</figure>",
                    "<!DOCTYPE x [",
                    "<!ENTITY",
                    "]>",
                    "<meta charset=",
                    '"',
                    "latin1",
                    "<p>",
                    "&amp;",
                    "\xe9",
                    "<script type=application/ld+json>",
                    "{",
                    "<title>",
                    "\x00",
                    " ",
                ]
            ),
            max_size=30,
        ).map(lambda parts: "".join(parts).encode("utf-8")),
    )
)
def test_parse_html_returns_or_raises_parse_error_only(data: bytes) -> None:
    try:
        article = read_page(data)
    except ParseError:
        return
    assert article.size == len(data)
