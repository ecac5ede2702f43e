"""WordPress exports (WXR): many posts in one XML file, each read as post content.

A WXR file is RSS 2.0 with WordPress's ``wp:`` namespace
(``http://wordpress.org/export/1.x/``). Every ``<item>`` is a post, a page or
an attachment; a post's ``content:encoded`` holds its content exactly as
WordPress stored it, ``[caption]`` shortcodes and all, and an attachment maps
the ``attachment_<id>`` of a caption to its URL and to the file under
``wp-content/uploads`` (``_wp_attached_file``).

:func:`read_export` reads the whole file once; :func:`post_article` turns one
post into an :class:`Article` whose source is the export and whose ``entry``
is the post id. Only published posts (``wp:post_type`` "post", ``wp:status``
"publish") become articles: drafts, pages and private posts are counted in
:attr:`Export.skipped`, not packaged.

The XML parser resolves no entity, loads no DTD and nothing from the network,
keeps libxml2's size limits, and a DOCTYPE with an internal subset is refused
before it runs.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import lxml.etree

from archive.errors import ParseError
from archive.model import Article
from archive.parse import xpaths
from archive.parse.decode import sniff_bom
from archive.parse.doctype import check_doctype
from archive.parse.shortcodes import parse_post
from archive.parse.text import normalise_space

__all__ = ["Attachment", "Export", "Post", "is_wxr", "post_article", "read_export"]

WP_NAMESPACE = "http://wordpress.org/export/"
_SNIFF_BYTES = 8192
_ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_NO_DATE = "0000-00-00 00:00:00"
_WP_URI = re.compile(re.escape(WP_NAMESPACE) + r"\d+\.\d+/")


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment item: the image a caption's ``attachment_<id>`` names."""

    url: str | None  # wp:attachment_url
    file: str | None  # _wp_attached_file: "2014/03/soyuz.jpg", relative to the uploads folder


@dataclass(frozen=True, slots=True)
class Post:
    """One published post of an export, as plain values."""

    post_id: str
    name: str  # wp:post_name, the slug ("" when WordPress had none)
    title: str | None
    link: str | None  # the permalink
    published: str | None  # ISO 8601, UTC when the export says so
    modified: str | None
    creator: str | None
    categories: tuple[str, ...]
    content: str  # content:encoded, exactly as stored
    line: int  # line of the export where the content starts


@dataclass(frozen=True, slots=True)
class Export:
    """What a WordPress export holds."""

    source: Path
    sha256: str
    size: int
    site_title: str | None
    site_url: str | None
    language: str | None
    posts: tuple[Post, ...]
    attachments: dict[str, Attachment]
    skipped: int  # items that are not published posts (drafts, pages, attachments excluded)


def is_wxr(data: bytes) -> bool:
    """True when the bytes start like a WordPress export (RSS with the wp: namespace).

    >>> is_wxr(b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/">')
    True
    >>> is_wxr(b"<p>[caption id='attachment_1']Text[/caption]</p>")
    False
    """
    head = data[:_SNIFF_BYTES]
    return b"<rss" in head and WP_NAMESPACE.encode() in head


def read_export(data: bytes, *, source: Path) -> Export:
    """Read a WordPress export.

    Raises:
        ParseError: the bytes are not well-formed XML in a known encoding, the
            DOCTYPE declares entities, it is not a WordPress export, or a limit
            of the parser is exceeded (with line and column where known).
    """
    check_doctype(_head_text(data, source), source=source)
    parser = lxml.etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,  # keep libxml2's limits on depth and text size
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = f"the export is not well-formed XML: {exc.msg}"
        raise ParseError(message, input=source, line=line or None, column=column or None) from exc
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise ParseError(f"the export cannot be parsed: {exc}", input=source) from exc
    # "http://wordpress.org/export/1.2/", not its ".../1.2/excerpt/" sibling
    wp = next((u for u in (root.nsmap or {}).values() if _WP_URI.fullmatch(u or "")), None)
    if root.tag != "rss" or wp is None:
        message = "is not a WordPress export (no <rss> with the wp: namespace)"
        raise ParseError(message, input=source)
    ns = {"wp": wp, **xpaths.WXR_NAMESPACES}
    channel = xpaths.WXR_CHANNEL(root)
    if not channel:
        raise ParseError("the export has no <channel>", input=source)
    posts: list[Post] = []
    attachments: dict[str, Attachment] = {}
    skipped = 0
    for item in xpaths.WXR_ITEMS(channel[0]):
        kind = _text(item, "wp:post_type", ns)
        post_id = _text(item, "wp:post_id", ns) or ""
        if kind == "attachment" and post_id:
            attachments[post_id] = Attachment(
                url=_text(item, "wp:attachment_url", ns), file=_meta(item, "_wp_attached_file", ns)
            )
        elif kind == "post" and _text(item, "wp:status", ns) == "publish" and post_id:
            posts.append(_post(item, post_id, ns))
        else:
            skipped += kind != "attachment"
    return Export(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        site_title=_text(channel[0], "title", ns),
        site_url=_text(channel[0], "wp:base_site_url", ns) or _text(channel[0], "link", ns),
        language=_text(channel[0], "language", ns),
        posts=tuple(posts),
        attachments=attachments,
        skipped=skipped,
    )


def post_article(export: Export, post: Post) -> Article:
    """One post of an export as an :class:`Article` (its source the export, ``entry`` its id).

    Raises:
        ParseError: the post's shortcodes are broken; the line is the export's.
    """
    data = post.content.encode("utf-8", "surrogatepass")
    try:
        article = parse_post(
            post.content,
            source=export.source,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
        )
    except ParseError as exc:
        line = exc.line + post.line - 1 if exc.line is not None else None
        message = f"post {post.post_id} ({post.title or 'untitled'}): {exc.message}"
        raise ParseError(message, input=export.source, line=line, column=exc.column) from exc
    figures = tuple(
        replace(f, image=replace(f.image, src=f.image.src or att.url, attached_file=att.file))
        if (att := export.attachments.get(f.image.attachment_id or "")) is not None
        else f
        for f in article.figures
    )
    return replace(
        article,
        entry=post.post_id,
        figures=figures,
        title=post.title or article.title,
        title_derived=article.title_derived and not post.title,
        url=post.link,
        published=post.published,
        modified=post.modified,
        publisher=export.site_title,
        authors=(post.creator,) if post.creator else (),
        language=export.language,
        keywords=post.categories,
    )


def _post(item: lxml.etree._Element, post_id: str, ns: dict[str, str]) -> Post:
    content = item.find("content:encoded", ns)
    return Post(
        post_id=post_id,
        name=_text(item, "wp:post_name", ns) or "",
        title=_text(item, "title", ns),
        link=_text(item, "link", ns),
        published=_date(item, "wp:post_date_gmt", ns) or _rfc822(_text(item, "pubDate", ns)),
        modified=_date(item, "wp:post_modified_gmt", ns),
        creator=_text(item, "dc:creator", ns),
        categories=tuple(
            dict.fromkeys(
                normalise_space(c.text or "") for c in xpaths.WXR_CATEGORIES(item) if c.text
            )
        ),
        content=(content.text or "") if content is not None else "",
        line=content.sourceline or 1 if content is not None else 1,
    )


def _text(element: lxml.etree._Element, path: str, ns: dict[str, str]) -> str | None:
    found = element.find(path, ns)
    value = normalise_space(found.text or "") if found is not None else ""
    return value or None


def _meta(item: lxml.etree._Element, key: str, ns: dict[str, str]) -> str | None:
    for meta in item.iterfind("wp:postmeta", ns):
        if _text(meta, "wp:meta_key", ns) == key:
            return _text(meta, "wp:meta_value", ns)
    return None


def _date(item: lxml.etree._Element, path: str, ns: dict[str, str]) -> str | None:
    """``2014-03-25 21:17:11`` (UTC in the *_gmt fields) as ISO 8601."""
    value = _text(item, path, ns)
    if not value or value == _NO_DATE:
        return None
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})", value)
    return f"{match.group(1)}T{match.group(2)}Z" if match else None


def _rfc822(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _head_text(data: bytes, source: Path) -> str:
    """The start of the document as text, for the DOCTYPE check (a DOCTYPE comes first)."""
    sniffed = sniff_bom(data)
    if sniffed is not None:
        encoding, skip = sniffed
    else:
        declared = _ENCODING_DECL.match(data[:200])
        encoding, skip = (declared.group(1).decode("ascii") if declared else "utf-8"), 0
    try:
        return data[skip : skip + (1 << 20)].decode(encoding, "replace")
    except LookupError as exc:
        message = f"the export declares an unknown encoding {encoding!r}"
        raise ParseError(message, input=source) from exc
