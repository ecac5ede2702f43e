"""The WordPress [caption] shortcode reader: corpus posts, every variant, broken input."""

from __future__ import annotations

import contextlib
import hashlib
import time
from pathlib import Path

import pytest
from conftest import SAMPLES, fuzz_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import ParseError
from archive.model import Article, ArticleForm, Figure
from archive.parse.shortcodes import parse_post

SOURCE = Path("post.txt")


def read_post(text: str) -> Article:
    return parse_post(text, source=SOURCE)


def only_figure(text: str) -> Figure:
    article = read_post(text)
    assert len(article.figures) == 1
    return article.figures[0]


# --- the corpus --------------------------------------------------------------


def test_soyuz_tma_11m_has_six_figures_with_ids_and_credits() -> None:
    path = SAMPLES / "soyuz-tma-11m" / "article.txt"
    article = parse_post(path.read_text("utf-8"), source=path)
    assert article.form is ArticleForm.SHORTCODES
    assert [f.image.attachment_id for f in article.figures] == [
        "1216379",
        "1216381",
        "1216383",
        "1216387",
        "1216389",
        "1216391",
    ]
    assert [f.index for f in article.figures] == [1, 2, 3, 4, 5, 6]
    assert {f.credit for f in article.figures} == {"REUTERS"}
    assert all(f.image.declared_width == 940 for f in article.figures)
    assert all(f.line == 1 for f in article.figures)


def test_soyuz_tma_11m_captions_lose_the_credit_and_keep_the_text() -> None:
    path = SAMPLES / "soyuz-tma-11m" / "article.txt"
    figures = parse_post(path.read_text("utf-8"), source=path).figures
    assert figures[0].caption == (
        "The Soyuz TMA-11M spacecraft decorated with the 2014 Sochi Winter Olympic Games logo"
        " and a blue-and-white snowflake pattern, blasts off from the launch pad at the"
        " Baikonur cosmodrome on 7 November, 2013."
    )
    assert figures[0].raw_caption == figures[0].caption + " REUTERS"
    assert all("REUTERS" not in f.caption for f in figures)
    assert figures[1].caption.endswith(
        "a “spectacular” showcase for the 2014 Winter Games in Sochi."
    )
    assert figures[4].caption.startswith("Russia’s Roscosmos space agency chief Oleg Ostapenko")


def test_soyuz_tma_11m_lede_drops_boilerplate_and_stray_parentheses() -> None:
    path = SAMPLES / "soyuz-tma-11m" / "article.txt"
    article = parse_post(path.read_text("utf-8"), source=path)
    assert " ".join(article.lede) == (
        "Russia sent the Olympic torch to space in style. Here are images of the blast off."
    )
    assert not any(p in {"Advertisement", "End of Article", ")"} for p in article.lede)
    assert article.title == "Russia sent the Olympic torch to space in style."
    assert article.title_derived is True


def test_soyuz_tma_10m_has_four_figures() -> None:
    path = SAMPLES / "soyuz-tma-10m" / "article.txt"
    article = parse_post(path.read_text("utf-8"), source=path)
    assert [f.image.attachment_id for f in article.figures] == [
        "1151001",
        "1151003",
        "1151005",
        "1151007",
    ]
    assert [f.credit for f in article.figures] == ["REUTERS"] * 4
    assert article.figures[3].caption == (
        "The crew is due to dock with the ISS less than six hours after lift-off."
    )
    assert article.lede[0].startswith("A new crew is heading for the International Space Station")


def test_without_text_around_it_the_post_has_no_lede_and_no_title() -> None:
    article = read_post('[caption id="attachment_1"]Text. AFP[/caption]')
    assert article.lede == ()
    assert article.title is None
    assert article.title_derived is False


def test_sha256_and_size_default_to_the_utf8_text() -> None:
    article = read_post("é")
    assert article.size == 2
    assert article.sha256 == hashlib.sha256("é".encode()).hexdigest()
    assert article.encoding == "utf-8"


# --- quoting and attributes --------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        '[caption id="attachment_42" align="alignleft" width="940"]',
        "[caption id='attachment_42' align='alignleft' width='940']",
        "[caption id=“attachment_42” align=“alignleft” width=“940”]",
        "[caption id=‘attachment_42’ align=‘alignleft’ width=‘940’]",
        "[caption id=attachment_42 align=alignleft width=940]",
        '[caption width="940" align="alignleft" id="attachment_42"]',
        '[caption   id = "attachment_42"\n  width="940"  ]',
        "[caption id=”attachment_42” width=”940”]",
        "[caption id=&quot;attachment_42&quot; width=&quot;940&quot;]",
        "[caption id=&#8220;attachment_42&#8221; width=&#8220;940&#8221;]",
    ],
)
def test_attribute_quoting_and_order(tag: str) -> None:
    figure = only_figure(tag + " The rocket lifts off. REUTERS[/caption]")
    assert figure.image.attachment_id == "42"
    assert figure.image.declared_width == 940
    assert figure.caption == "The rocket lifts off."
    assert figure.credit == "REUTERS"


def test_attribute_values_may_hold_brackets_in_quotes() -> None:
    figure = only_figure('[caption id="attachment_7" title="a ] b"]Text.[/caption]')
    assert figure.image.attachment_id == "7"
    assert figure.caption == "Text."


@pytest.mark.parametrize("value", ["", "attachment_", "attachment_12a", "att_12", "12"])
def test_attachment_id_needs_the_attachment_prefix_and_digits(value: str) -> None:
    figure = only_figure(f'[caption id="{value}"]Text.[/caption]')
    assert figure.image.attachment_id is None


@pytest.mark.parametrize("width", ["940px", "", "-5", "9" * 40, "²", "0"])
def test_widths_that_are_not_plain_integers_are_dropped(width: str) -> None:
    figure = only_figure(f'[caption width="{width}"]Text.[/caption]')
    assert figure.image.declared_width is None


# --- content: images, links, entities, inline tags ---------------------------


def test_content_with_an_image_inside_a_link() -> None:
    figure = only_figure(
        '[caption id="attachment_9" width="600"]<a href="https://x.example/big.jpg">'
        '<img class="size-full wp-image-9" src="https://x.example/a&amp;b.jpg"'
        ' alt="The &quot;crew&quot;"'
        ' width="640" height="427" /></a> The crew waves. NASA/Bill Ingalls[/caption]'
    )
    assert figure.image.src == "https://x.example/a&b.jpg"
    assert figure.image.declared_width == 640  # the image's own width wins
    assert figure.image.declared_height == 427
    assert figure.alt == 'The "crew"'
    assert figure.caption == "The crew waves."
    assert figure.credit == "NASA/Bill Ingalls"


def test_content_without_an_image_has_no_src() -> None:
    figure = only_figure('[caption id="attachment_3" width="940"]  Only text. AFP[/caption]')
    assert figure.image.src is None
    assert figure.image.declared_width == 940
    assert figure.caption == "Only text."


def test_old_form_with_the_text_in_the_caption_attribute() -> None:
    figure = only_figure(
        '[caption id="attachment_5" align="alignnone" width="300" caption="Old &amp; form. TASS"]'
        '<img src="old.jpg" width="300" height="200">[/caption]'
    )
    assert figure.caption == "Old & form."
    assert figure.credit == "TASS"
    assert figure.image.src == "old.jpg"


def test_entities_inline_tags_and_whitespace_are_normalised() -> None:
    figure = only_figure(
        "[caption]The&nbsp;<em>Soyuz</em>\u00a0crew&#8217;s <strong>torch</strong><br/>"
        "and&rsquo;s &amp;\n\n\t more &#x2014; fun. XINHUA[/caption]"
    )
    assert figure.caption == "The Soyuz crew’s torch and’s & more — fun."
    assert figure.credit == "XINHUA"


def test_escaped_markup_in_text_stays_text() -> None:
    figure = only_figure("[caption]Use &lt;em&gt; tags.[/caption]")
    assert figure.caption == "Use <em> tags."


def test_control_characters_and_bidi_overrides_are_kept_as_data() -> None:
    figure = only_figure("[caption]A\x1fB \u202eC[/caption]")
    assert figure.caption == "A\x1fB \u202eC"


def test_an_empty_caption_is_recorded_as_empty() -> None:
    article = read_post('[caption id="attachment_1"]<img src="a.jpg">[/caption][caption/]')
    assert [f.caption for f in article.figures] == ["", ""]
    assert [f.credit for f in article.figures] == [None, None]


# --- layout: <p> wrapping, several per line, lines -------------------------


def test_paragraph_wrapped_shortcodes_and_lede_paragraphs() -> None:
    article = read_post(
        "<p>First paragraph &amp; more.</p>\n"
        '<p>[caption id="attachment_1"]One. REUTERS[/caption]</p>\n'
        "<p>Second<br>line</p><p>Third.</p>\n"
        '<p>[caption id="attachment_2"]Two. AFP[/caption]</p>\n'
    )
    assert [f.image.attachment_id for f in article.figures] == ["1", "2"]
    assert [f.line for f in article.figures] == [2, 4]
    assert article.lede == ("First paragraph & more.", "Second", "line", "Third.")


def test_several_shortcodes_on_one_line_and_one_across_lines() -> None:
    article = read_post(
        "[caption id='attachment_1']One.[/caption] [caption id='attachment_2']Two.[/caption]\n"
        "Lede text.\n"
        "[caption id='attachment_3'\n width='10']Three\nspans lines.[/caption]"
    )
    assert [f.caption for f in article.figures] == ["One.", "Two.", "Three spans lines."]
    assert [f.line for f in article.figures] == [1, 1, 3]
    assert article.lede == ("Lede text.",)


def test_text_between_shortcodes_on_one_line_is_a_separate_paragraph() -> None:
    article = read_post("Before[caption]X[/caption]After")
    assert article.lede == ("Before", "After")


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "End of Article",
        "Story continues below",
        "Continue reading",
        "Read more",
        "Also read",
        "Related",
        "Share this",
        "Click here to see the full gallery",
        "Read more: Soyuz docks with the station",
        ")",
        "  ) ) ",
        "…",
        "<p>&nbsp;</p>",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    article = read_post(f"Real text.\n{line}\n[caption]C.[/caption]")
    assert article.lede == ("Real text.",)


def test_lines_that_merely_start_like_boilerplate_are_kept() -> None:
    article = read_post("Related research shows a link.\nAdvertisements were everywhere in 1969.")
    assert article.lede == (
        "Related research shows a link.",
        "Advertisements were everywhere in 1969.",
    )


def test_wp_caption_alias_and_captions_word_are_handled() -> None:
    article = read_post("[captions are fun] [wp_caption id='attachment_8']Alias.[/wp_caption]")
    assert [f.image.attachment_id for f in article.figures] == ["8"]
    assert article.lede == ("[captions are fun]",)


# --- broken input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("Lede.\n  [caption id='attachment_1']Text", "unclosed [caption]", 2, 3),
        ("Lede.\n[caption id='attachment_1' Text[/caption]", "no ']' ends its tag", 2, 1),
        ("[caption id=“attachment_1]Text[/caption]", "no ']' ends its tag", 1, 1),
        (
            "[caption]A\n  [caption]B[/caption][/caption]",
            "nested inside the [caption] opened at 1:1",
            2,
            3,
        ),
        ("Text.\nMore [/caption]", "[/caption] closes no [caption]", 2, 6),
        ("[caption]A[/caption][/caption]", "closes no [caption]", 1, 21),
        ("[caption]A[/wp_caption]", "[/wp_caption] closes a [caption]", 1, 11),
        ("a\r\nb\r\n[caption]", "unclosed", 3, 1),
    ],
)
def test_broken_shortcodes_raise_parse_error_with_position(
    text: str, message: str, line: int, column: int
) -> None:
    with pytest.raises(ParseError) as caught:
        read_post(text)
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.input == str(SOURCE)


# --- linear time ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[caption id='attachment_1']" + "word " * 200_000 + "REUTERS[/caption]",
        "[caption id=“attachment_1” width=“940”] Text. REUTERS[/caption] " * 10_000,
        "[caption]" + "<em>" * 50_000 + "deep" + "</em>" * 50_000 + "[/caption]",
        "<a " * 100_000 + "[caption]x[/caption]",
        "[caption]" + '<a x="1>" ' * 50_000 + 'y="[/caption]',
        "[" * 500_000,
        "&amp;" * 100_000,
    ],
    ids=[
        "million-char-caption",
        "10k-shortcodes",
        "deep-tags",
        "open-tags",
        "quotes",
        "brackets",
        "entities",
    ],
)
def test_large_inputs_parse_in_bounded_time(text: str) -> None:
    started = time.perf_counter()
    read_post(text)
    assert time.perf_counter() - started < 5


def test_ten_thousand_shortcodes_all_become_figures() -> None:
    article = read_post("[caption id='attachment_1']T. AP[/caption]\n" * 10_000)
    assert len(article.figures) == 10_000
    assert article.figures[-1].line == 10_000


# --- properties ----------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "[caption",
        "[/caption]",
        "]",
        "[",
        " id=",
        "“",
        "”",
        '"',
        "'",
        "‘",
        "’",
        "<img src=a.jpg>",
        "<a href='x'>",
        "</a>",
        "<",
        ">",
        "<!--",
        "-->",
        "&amp;",
        "&#",
        "\n",
        " ",
        "REUTERS",
        ". ",
        "attachment_12",
        "width=940",
        "/",
        "<p>",
        "</p>",
        "\x00",
        "\u202e",
    ]
)


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_parse_post_returns_or_raises_parse_error_only(text: str) -> None:
    try:
        article = read_post(text)
    except ParseError as exc:
        assert exc.line is not None and exc.line >= 1
        assert exc.column is not None and exc.column >= 1
        return
    for figure in article.figures:
        assert figure.raw_caption.startswith(figure.caption)
        assert figure.line is not None and figure.line >= 1


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.text())
def test_parse_post_on_any_text(text: str) -> None:
    with contextlib.suppress(ParseError):
        read_post(text)
