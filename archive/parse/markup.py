"""A linear tokenizer for the HTML fragments inside WordPress post content.

Post content is text with a little markup (``<p>``, ``<img>``, ``<a>``,
``<em>``...), not a document, so it is scanned rather than parsed: no tree,
no recursion, no regular expression that can backtrack. Nesting depth costs
nothing. The same attribute scanner reads ``[caption ...]`` shortcode tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from archive.parse.text import normalise_space

# Value quotes and the characters that close them. Curly quotes are here
# because posts pasted through word processors have them around attribute
# values (the corpus's id=“attachment_1216379”); a value opened with “ may
# close with ” or, from some editors, with “ again.
QUOTES: dict[str, str] = {'"': '"', "'": "'", "“": "”“", "”": "”", "‘": "’‘", "’": "’"}
# One search per value finds its first closer; str.find per closer character
# would rescan the text for a closer that never comes (quadratic).
_CLOSERS = {opener: re.compile(f"[{closers}]") for opener, closers in QUOTES.items()}

_NAME = re.compile(r"[^\s\"'“”‘’=<>/\]\[]+")
_UNQUOTED = {">": re.compile(r"[^\s>]*"), "]": re.compile(r"[^\s\]]*")}
_SPACE = re.compile(r"\s*")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9:-]*")

# Elements that end a paragraph (or a line, for <br>) when text is flattened.
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "table", "tr", "td", "th"}
    | {"section", "article", "header", "footer", "aside", "nav", "main", "address"}
)
# Elements whose content is not text a reader sees.
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript"})


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag found by :func:`iter_tags`; ``name`` is lowercased."""

    start: int  # offset of "<"
    end: int  # offset after ">"
    name: str  # "" for comments, doctypes and processing instructions
    closing: bool
    attributes: dict[str, str]  # raw values, entities not decoded


def scan_attributes(
    text: str, pos: int, end_char: str, *, abort: str = ""
) -> tuple[dict[str, str], int, bool] | None:
    """Read ``name=value`` pairs from ``pos`` up to an unquoted ``end_char``.

    Returns the attributes (names lowercased, first occurrence wins, values
    raw), the offset just after ``end_char``, and whether the tag closed with
    ``/`` + ``end_char``; None when no ``end_char`` ends the tag, or an
    unquoted character of ``abort`` comes first.

    >>> scan_attributes('id=“a_1” width=940 title="x]y"] rest', 0, "]")
    ({'id': 'a_1', 'width': '940', 'title': 'x]y'}, 31, False)
    """
    attrs: dict[str, str] = {}
    size = len(text)
    i = pos
    while i < size:
        ch = text[i]
        if ch == end_char:
            return attrs, i + 1, False
        if ch == "/" and text.startswith(end_char, i + 1):
            return attrs, i + 2, True
        if ch in abort:
            return None
        if ch.isspace():
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            continue
        name = _NAME.match(text, i)
        if name is None:
            i += 1  # a stray quote or "/": skip it, as browsers do
            continue
        key, i = name.group().lower(), name.end()
        value, i = _read_value(text, i, end_char)
        if value is None and i < 0:
            return None
        attrs.setdefault(key, value or "")
    return None


def _read_value(text: str, i: int, end_char: str) -> tuple[str | None, int]:
    # Returns (value, next offset); (None, -1) when a quoted value never closes.
    j = _SPACE.match(text, i).end()  # type: ignore[union-attr]
    if j >= len(text) or text[j] != "=":
        return None, i
    j = _SPACE.match(text, j + 1).end()  # type: ignore[union-attr]
    if j < len(text) and text[j] in QUOTES:
        close = _CLOSERS[text[j]].search(text, j + 1)
        if close is None:
            return None, -1
        return text[j + 1 : close.start()], close.end()
    unquoted = _UNQUOTED[end_char].match(text, j)
    assert unquoted is not None  # the pattern matches the empty string
    return unquoted.group(), unquoted.end()


@dataclass(slots=True)
class _Scan:
    # What earlier failed searches proved about the rest of the text; each
    # flag turns a search that would fail again (and rescan) into a lookup.
    quote_aware: bool = True  # off once a quoted value ran to the end
    comments_close: bool = True  # off once a "<!--" had no "-->" after it
    exhausted: bool = False  # set once no ">" follows: no tag can start later


def iter_tags(text: str) -> Iterator[Tag]:
    """Yield the tags, comments and declarations of an HTML fragment in order.

    A ``<`` that starts no tag (``a < b``, or a tag that never closes) is text.
    Linear: a tag whose quoted value never closes is ended at the next ``>``,
    and quote-aware scanning stops for the rest of the fragment.
    """
    scan = _Scan()
    i = text.find("<")
    while 0 <= i < len(text) - 1:
        tag = _tag_at(text, i, scan)
        if scan.exhausted:
            return
        if tag is None:
            i = text.find("<", i + 1)
            continue
        yield tag
        i = text.find("<", tag.end)


def _tag_at(text: str, i: int, scan: _Scan) -> Tag | None:
    nxt = text[i + 1]
    if text.startswith("<!--", i):
        end = text.find("-->", i + 4) if scan.comments_close else -1
        # An unclosed comment would swallow the rest: keep it as text instead.
        scan.comments_close = end >= 0
        return None if end < 0 else Tag(i, end + 3, "", False, {})
    if nxt in "!?":
        return _tag_ending(text, i, i + 2, "", False, scan)
    closing = nxt == "/"
    name = _TAG_NAME.match(text, i + 2 if closing else i + 1)
    if name is None:
        return None
    tag_name = name.group().lower()
    if scan.quote_aware and not closing:
        scanned = scan_attributes(text, name.end(), ">")
        if scanned is not None:
            return Tag(i, scanned[1], tag_name, False, scanned[0])
        scan.quote_aware = False
    return _tag_ending(text, i, name.end(), tag_name, closing, scan)


def _tag_ending(text: str, i: int, after: int, name: str, closing: bool, scan: _Scan) -> Tag | None:
    end = text.find(">", after)
    if end < 0:
        scan.exhausted = True
        return None
    return Tag(i, end + 1, name, closing, {})


def first_tag(text: str, name: str) -> Tag | None:
    """The first opening ``<name ...>`` tag of ``text``, or None.

    >>> first_tag('<a href="x"><img src="a.jpg" width=940></a>', "img").attributes
    {'src': 'a.jpg', 'width': '940'}
    """
    return next((t for t in iter_tags(text) if t.name == name and not t.closing), None)


def flatten(text: str, *, block: str = " ") -> str:
    """Text content of an HTML fragment: tags removed, entities decoded.

    Block-level tags and ``<br>`` become ``block`` so that paragraphs do not
    run together; script/style content is dropped. Whitespace is left as is.

    >>> flatten("<p>A&amp;B<br>C <em>d</em></p>", block="\\n")
    '\\nA&B\\nC d\\n'
    """
    parts: list[str] = []
    pos = 0
    hidden: str | None = None
    for tag in iter_tags(text):
        if hidden is None:
            parts.append(html.unescape(text[pos : tag.start]))
            if tag.name in BLOCK_TAGS:
                parts.append(block)
            elif tag.name in _HIDDEN_TAGS and not tag.closing:
                hidden = tag.name
        elif tag.closing and tag.name == hidden:
            hidden = None
        pos = tag.end
    if hidden is None:
        parts.append(html.unescape(text[pos:]))
    return "".join(parts)


def inline_text(text: str) -> str:
    """An HTML fragment as one line of text: tags removed, entities decoded, spaces normalised.

    >>> inline_text("The <em>Soyuz</em>&nbsp;&amp; crew&#8217;s<br/>torch ")
    'The Soyuz & crew’s torch'
    """
    return normalise_space(flatten(text, block=" "))
