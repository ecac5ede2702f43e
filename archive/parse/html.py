"""Article HTML read into an :class:`Article`; the only module that parses with lxml.

Handles saved pages and rendered posts: ``<figure>``/``<figcaption>``,
WordPress's ``div.wp-caption``/``p.wp-caption-text``, Open Graph and
``article:`` meta tags, canonical links and JSON-LD. The parser resolves no
entities and loads nothing from the network, and documents whose DOCTYPE
declares entities are refused before parsing. No lxml object leaves here.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

import lxml.etree
import lxml.html

from archive.errors import ParseError
from archive.model import Article, ArticleForm, Figure, ImageRef
from archive.parse import xpaths
from archive.parse.credits import split_credit
from archive.parse.decode import decode_html
from archive.parse.doctype import check_doctype
from archive.parse.pagemeta import PageFacts, page_metadata
from archive.parse.text import first_sentence, is_boilerplate, normalise_space

_ATTACHMENT_ID = re.compile(r"attachment_([0-9]+)")
_WP_IMAGE_CLASS = re.compile(r"(?:^|\s)wp-image-([0-9]+)(?:\s|$)")
_MAX_DIMENSION_DIGITS = 9
# Elements whose bounds separate words, and elements whose text is not shown.
_WORD_BREAKS = frozenset(
    {"br", "p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
    | {"cite", "blockquote", "section", "article", "header", "footer", "figure", "tr"}
)
_HIDDEN = frozenset({"script", "style", "template", "noscript"})

Element = lxml.html.HtmlElement


def parse_html(data: bytes, *, source: Path) -> Article:
    """Read an article web page into an :class:`Article`.

    Raises:
        ParseError: undecodable bytes, a DOCTYPE declaring entities, an empty
            document, or one the parser cannot read within its limits.
    """
    text, encoding = decode_html(data, source=source)
    check_doctype(text, source=source)
    root = _parse(text, source)
    facts = _facts(root)
    meta = page_metadata(facts)
    lede = _lede(root)
    title = meta.title or (first_sentence(lede[0]) if lede else None)
    return Article(
        source=source,
        form=ArticleForm.HTML,
        media_type="text/html",
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        figures=tuple(_figures(root)),
        lede=lede,
        title=title,
        url=meta.url,
        published=meta.published,
        modified=meta.modified,
        publisher=meta.publisher,
        authors=meta.authors,
        language=meta.language,
        description=meta.description,
        keywords=meta.keywords,
        title_derived=meta.title is None and title is not None,
    )


def _parse(text: str, source: Path) -> Element:
    # The text is already decoded and checked; the parser gets it as UTF-8
    # with that encoding forced, so a <meta charset> cannot re-decode it.
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=False,  # keep libxml2's limits on depth and text size
        remove_comments=True,
        remove_pis=True,
    )
    if not text.strip():
        raise ParseError("the HTML document is empty", input=source)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise ParseError(f"the HTML cannot be parsed: {exc}", input=source) from exc
    for entry in parser.error_log:
        # In recovery mode only resource limits are fatal (depth > 256, a
        # huge text node); libxml2 then drops the rest of the document.
        if entry.level == lxml.etree.ErrorLevels.FATAL:
            detail = entry.message.strip()
            if "depth" in detail.lower():
                # libxml2's text names a parser option users cannot set; say what it means.
                detail = "elements are nested more than 256 levels deep"
            message = f"the HTML exceeds the parser's limits: {detail}"
            raise ParseError(message, input=source, line=entry.line, column=entry.column or None)
    return root


def _facts(root: Element) -> PageFacts:
    meta: defaultdict[str, list[str]] = defaultdict(list)
    for element in xpaths.META(root):
        value = normalise_space(element.get("content") or "")
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key and value:
                meta[key].append(value)
    main = _main_roots(root)
    return PageFacts(
        meta={key: tuple(values) for key, values in meta.items()},
        title=_text_of(_first(xpaths.TITLE(root))) or None,
        h1=_text_of(_first(xpaths.FIRST_H1(root))) or None,
        canonical=tuple(normalise_space(str(h)) for h in xpaths.CANONICAL(root)),
        lang=next((str(v) for v in xpaths.HTML_LANG(root)), None),
        times=tuple(normalise_space(str(t)) for t in xpaths.TIMES(main[0])) if main else (),
        json_ld=tuple(script.text or "" for script in xpaths.JSON_LD(root)),
    )


def _figures(root: Element) -> list[Figure]:
    figures: list[Figure] = []
    for element in xpaths.FIGURES(root):
        caption = _first(xpaths.FIGURE_CAPTION(element))
        img = _first(xpaths.FIGURE_IMAGE(element))
        if caption is None or img is None:
            continue  # a figure without a caption is decoration, not a captioned image
        raw = _text_of(caption)
        text, credit = _caption_and_credit(caption, raw)
        figures.append(
            Figure(
                index=len(figures) + 1,
                caption=text,
                credit=credit,
                raw_caption=raw,
                image=_image_ref(element, img),
                alt=normalise_space(img.get("alt") or "") or None,
                line=element.sourceline,
            )
        )
    return figures


def _caption_and_credit(caption: Element, raw: str) -> tuple[str, str | None]:
    # A credit the page marks up (<cite>, .credit) is taken as it is; else
    # the credit is found by its shape at the end of the caption text.
    marked = _first(xpaths.CAPTION_CREDIT(caption))
    credit = _text_of(marked) if marked is not None else ""
    if credit and raw.endswith(credit):
        return raw[: -len(credit)].rstrip(), credit
    return split_credit(raw)


def _image_ref(figure: Element, img: Element) -> ImageRef:
    # src as written; lazy-loading pages keep the real one in data-src
    src = img.get("src") or img.get("data-src")
    return ImageRef(
        attachment_id=_attachment_id(figure, img),
        src=src.strip() if src and src.strip() else None,
        declared_width=_dimension(img.get("width")),
        declared_height=_dimension(img.get("height")),
    )


def _attachment_id(figure: Element, img: Element) -> str | None:
    # WordPress writes id="attachment_NNN" on the caption and wp-image-NNN on the img
    found = _ATTACHMENT_ID.fullmatch((figure.get("id") or "").strip())
    found = found or _WP_IMAGE_CLASS.search(img.get("class") or "")
    return found.group(1) if found else None


def _dimension(value: str | None) -> int | None:
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > _MAX_DIMENSION_DIGITS:
        return None
    return int(value) or None


def _main_roots(root: Element) -> list[Element]:
    # Where the body text is, best first: <article>, <main>, then <body>.
    return [e for xp in (xpaths.ARTICLE, xpaths.MAIN, xpaths.BODY) for e in xp(root)]


def _lede(root: Element) -> tuple[str, ...]:
    # The first main-content candidate that has any real paragraph wins.
    for main in _main_roots(root):
        texts = (_text_of(p) for p in xpaths.PARAGRAPHS(main))
        found = tuple(t for t in texts if not is_boilerplate(t))
        if found:
            return found
    return ()


def _first(results: object) -> Element | None:
    if isinstance(results, list) and results and isinstance(results[0], Element):
        return results[0]
    return None


def _text_of(element: Element | None) -> str:
    # The text a reader sees, whitespace-normalised. Unlike itertext(), this
    # puts a space where a <br> or a block element separates words ("line<br>
    # next", "<p>a</p><p>b</p>") and skips script and style. The tree is not
    # changed: lxml refuses to set text holding the control characters that
    # the parser keeps as data.
    if element is None:
        return ""
    parts: list[str] = []
    walker = lxml.etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN and node is not element:
                walker.skip_subtree()
            elif node.text:
                parts.append(node.text)
        if tag in _WORD_BREAKS:
            parts.append(" ")
        if event == "end" and node is not element and node.tail:
            parts.append(node.tail)
    return normalise_space("".join(parts))
