"""WordPress post content with ``[caption]`` shortcodes, read into an :class:`Article`.

The grammar, as WordPress writes it and as people paste it::

    [caption id="attachment_NNN" align="alignleft" width="940"]<a ...><img ...></a> Text[/caption]
    [caption id=“attachment_NNN” width=“940”]  Text without an image. REUTERS[/caption]
    [caption caption="Old form: the text is an attribute"]<img ...>[/caption]

Attribute values may be in straight or curly quotes, or unquoted. Text
outside the shortcodes is the lede. The scanner is explicit and linear: one
regular-expression search per shortcode tag, none that can backtrack.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from archive.errors import ParseError
from archive.model import Article, ArticleForm, Figure, ImageRef
from archive.parse.credits import split_credit
from archive.parse.markup import QUOTES, first_tag, flatten, inline_text, scan_attributes
from archive.parse.text import LineIndex, first_sentence, paragraphs, position

# "[caption" / "[wp_caption" (WordPress registers both) not followed by a
# name character, so "[captions]" is text; or the matching closing tag.
_SHORTCODE = re.compile(r"\[(?:(?P<open>(?:wp_)?caption)(?![\w-])|/(?P<close>(?:wp_)?caption)\])")
_ATTACHMENT_ID = re.compile(r"attachment_([0-9]+)")
_QUOTE_CHARS = "".join(QUOTES)
_MAX_DIMENSION_DIGITS = 9  # int() of a huge digit string is slow and meaningless


@dataclass(frozen=True, slots=True)
class _Shortcode:
    start: int  # offset of "["
    attributes: dict[str, str]
    content: str  # between "]" and "[/caption]"; "" when self-closed


def parse_post(
    text: str,
    *,
    source: Path,
    encoding: str = "utf-8",
    sha256: str | None = None,
    size: int | None = None,
) -> Article:
    """Read WordPress post content into an :class:`Article`.

    Args:
        text: the decoded post content.
        source: the article file, named in errors and recorded in the Article.
        encoding, sha256, size: what the bytes were; when not given, those of
            ``text`` encoded as UTF-8.

    Raises:
        ParseError: a ``[caption`` is never closed, is nested in another, or a
            ``[/caption]`` closes nothing (with the line and column).
    """
    if sha256 is None or size is None:
        data = text.encode("utf-8", "surrogatepass")
        sha256, size = hashlib.sha256(data).hexdigest(), len(data)
    shortcodes, outside = _scan(text, source)
    lines = LineIndex(text)
    figures = tuple(
        _figure(i, code, lines.position(code.start)[0]) for i, code in enumerate(shortcodes, 1)
    )
    lede = tuple(p for part in outside for p in paragraphs(flatten(part, block="\n")))
    return Article(
        source=source,
        form=ArticleForm.SHORTCODES,
        media_type="text/plain",
        encoding=encoding,
        sha256=sha256,
        size=size,
        figures=figures,
        lede=lede,
        title=first_sentence(lede[0]) if lede else None,
        title_derived=bool(lede),
    )


def _scan(text: str, source: Path) -> tuple[list[_Shortcode], list[str]]:
    # Splits the text into shortcodes and the stretches of text between them.
    shortcodes: list[_Shortcode] = []
    outside: list[str] = []
    pos = 0
    while (tag := _SHORTCODE.search(text, pos)) is not None:
        if tag.group("close"):
            raise _error(text, tag.start(), f"[/{tag.group('close')}] closes no [caption]", source)
        outside.append(text[pos : tag.start()])
        code, pos = _read_shortcode(text, tag, source)
        shortcodes.append(code)
    outside.append(text[pos:])
    return shortcodes, outside


def _read_shortcode(text: str, tag: re.Match[str], source: Path) -> tuple[_Shortcode, int]:
    name = tag.group("open")
    # A "[" before the "]" means the tag lost its "]": "[caption id=1 Text[/caption]"
    scanned = scan_attributes(text, tag.end(), "]", abort="[")
    if scanned is None:
        raise _error(text, tag.start(), f"unclosed [{name} shortcode: no ']' ends its tag", source)
    attributes, body, self_closed = scanned
    if self_closed:
        return _Shortcode(tag.start(), attributes, ""), body
    end = _SHORTCODE.search(text, body)
    if end is None:
        raise _error(text, tag.start(), f"unclosed [{name}] shortcode: no [/{name}]", source)
    if end.group("open"):
        line, column = position(text, tag.start())
        message = f"[{end.group('open')}] nested inside the [{name}] opened at {line}:{column}"
        raise _error(text, end.start(), message, source)
    if end.group("close") != name:
        raise _error(text, end.start(), f"[/{end.group('close')}] closes a [{name}]", source)
    return _Shortcode(tag.start(), attributes, text[body : end.start()]), end.end()


def _figure(index: int, code: _Shortcode, line: int) -> Figure:
    attrs = code.attributes
    img = first_tag(code.content, "img")
    img_attrs = img.attributes if img is not None else {}
    # The old form carries the text in caption=; WordPress prefers it when set.
    raw = inline_text(attrs.get("caption", "")) or inline_text(code.content)
    caption, credit = split_credit(raw)
    alt = inline_text(img_attrs.get("alt", "")) or None
    src = html.unescape(img_attrs.get("src", "")).strip()
    image = ImageRef(
        attachment_id=_attachment_id(_token(attrs, "id")),
        src=src or None,
        declared_width=_dimension(_token(img_attrs, "width") or _token(attrs, "width")),
        declared_height=_dimension(_token(img_attrs, "height")),
    )
    return Figure(index, caption, credit, raw, image, alt=alt, line=line)


def _token(attrs: dict[str, str], name: str) -> str:
    # A one-word value, entities decoded. Some editors save the quotes as
    # entities (id=&quot;attachment_1&quot;): those are dropped too.
    return html.unescape(attrs.get(name, "")).strip().strip(_QUOTE_CHARS).strip()


def _attachment_id(value: str) -> str | None:
    match = _ATTACHMENT_ID.fullmatch(value)
    return match.group(1) if match else None


def _dimension(value: str) -> int | None:
    if not (value.isascii() and value.isdigit()) or len(value) > _MAX_DIMENSION_DIGITS:
        return None
    return int(value) or None


def _error(text: str, offset: int, message: str, source: Path) -> ParseError:
    line, column = position(text, offset)
    return ParseError(message, input=source, line=line, column=column)
