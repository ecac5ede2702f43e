"""Article metadata from an HTML page's facts, as fallback chains (trafilatura style).

:func:`archive.parse.html.parse_html` collects the raw facts of a page (its
meta tags, ``<title>``, canonical links, JSON-LD scripts...) into a
:class:`PageFacts`; the functions here choose among them. Each chain tries
its rungs in order and returns the first usable value, so a page missing
one source still gets the field from the next. Pure: no lxml here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from archive.parse.text import normalise_space

_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " » ")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_JSON_LD_NODE_LIMIT = 10_000  # nodes visited per page: JSON-LD is metadata, not data


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What an HTML page says about itself, as found (whitespace-normalised)."""

    meta: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lowercased key
    title: str | None = None  # <title>
    h1: str | None = None  # first <h1>
    canonical: tuple[str, ...] = ()  # <link rel=canonical href>
    lang: str | None = None  # <html lang>
    times: tuple[str, ...] = ()  # <time datetime> in the main content
    json_ld: tuple[str, ...] = ()  # raw text of application/ld+json scripts


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """The fields of :class:`archive.model.Article` that a page's head provides."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()


def page_metadata(facts: PageFacts) -> PageMetadata:
    """Run every fallback chain over a page's facts."""
    json_ld = tuple(json_ld_nodes(facts.json_ld))
    return PageMetadata(
        title=extract_title(facts),
        url=extract_url(facts),
        published=extract_published(facts, json_ld),
        modified=extract_modified(facts, json_ld),
        publisher=extract_publisher(facts, json_ld),
        authors=extract_authors(facts),
        language=extract_language(facts),
        description=_first(facts, "og:description", "description"),
        keywords=_unique(facts.meta.get("article:tag", ())),
    )


def extract_title(facts: PageFacts) -> str | None:
    """og:title → twitter:title → <title> less " | Site" → first <h1>."""
    # 1. Open Graph: what the publisher chose to show when shared
    # 2. Twitter card: the same, for pages without Open Graph
    found = _first(facts, "og:title", "twitter:title")
    if found:
        return found
    # 3. <title>, without a " | Site" suffix, but only when the suffix is the
    #    site's declared name: "Apollo 11 - the launch" must stay whole
    if facts.title:
        return _drop_site_suffix(facts.title, _first(facts, "og:site_name"))
    # 4. the page's first heading
    return facts.h1 or None


def _drop_site_suffix(title: str, site: str | None) -> str:
    if not site:
        return title
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head.strip() and tail.strip().casefold() == site.casefold():
            return head.strip()
    return title


def extract_url(facts: PageFacts) -> str | None:
    """<link rel=canonical> → og:url; absolute http(s) URLs only."""
    # 1. the canonical link, the page's own statement of its address
    # 2. og:url; relative or non-web values are skipped: the URL becomes the
    #    bag's External-Identifier and must stand on its own
    candidates = (*facts.canonical, *facts.meta.get("og:url", ()))
    return next((url for url in candidates if _is_web_url(url)), None)


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def extract_published(facts: PageFacts, json_ld: tuple[Mapping[str, Any], ...]) -> str | None:
    """article:published_time → date/pubdate/DC.date.issued → <time> → JSON-LD."""
    # 1. Open Graph article:published_time
    # 2. the older meta names, and Dublin Core
    # 3. a <time datetime> in the article itself
    # 4. JSON-LD datePublished
    keys = ("article:published_time", "date", "pubdate", "dc.date.issued", "dcterms.issued")
    candidates = [v for key in keys for v in facts.meta.get(key, ())]
    candidates += facts.times
    candidates += _json_ld_strings(json_ld, "datePublished")
    return next((d for d in candidates if is_iso_date(d)), None)


def extract_modified(facts: PageFacts, json_ld: tuple[Mapping[str, Any], ...]) -> str | None:
    """article:modified_time → og:updated_time → JSON-LD dateModified."""
    candidates = [
        v for k in ("article:modified_time", "og:updated_time") for v in facts.meta.get(k, ())
    ]
    candidates += _json_ld_strings(json_ld, "dateModified")
    return next((d for d in candidates if is_iso_date(d)), None)


def extract_publisher(facts: PageFacts, json_ld: tuple[Mapping[str, Any], ...]) -> str | None:
    """og:site_name → JSON-LD publisher.name."""
    # 1. og:site_name
    found = _first(facts, "og:site_name")
    if found:
        return found
    # 2. JSON-LD publisher: an Organization object, or a bare name
    for node in json_ld:
        for publisher in _as_list(node.get("publisher")):
            name = publisher.get("name") if isinstance(publisher, Mapping) else publisher
            if isinstance(name, str) and normalise_space(name):
                return normalise_space(name)
    return None


def extract_authors(facts: PageFacts) -> tuple[str, ...]:
    """meta name=author and article:author, skipping profile URLs."""
    values = (*facts.meta.get("author", ()), *facts.meta.get("article:author", ()))
    # article:author is often the author's profile URL: a link, not a name
    return _unique(v for v in values if not _is_web_url(v))


def extract_language(facts: PageFacts) -> str | None:
    """<html lang> → og:locale, as a BCP 47 tag ("en_US" → "en-US")."""
    for value in (facts.lang, *facts.meta.get("og:locale", ())):
        tag = (value or "").strip().replace("_", "-")
        if _LANGUAGE.fullmatch(tag):
            return tag
    return None


def is_iso_date(value: str) -> bool:
    """True when ``value`` is an ISO 8601 date or date-time.

    >>> is_iso_date("2013-11-07"), is_iso_date("2013-11-07T04:14:00Z"), is_iso_date("7 Nov 2013")
    (True, True, False)
    """
    value = value.strip()
    if len(value) > 64 or not value[:4].isdigit():
        return False
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False


def json_ld_nodes(scripts: tuple[str, ...]) -> Iterator[Mapping[str, Any]]:
    """Every JSON object in the scripts, in document order; garbage is skipped."""
    budget = _JSON_LD_NODE_LIMIT
    for script in scripts:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other rungs still work
        stack: list[Any] = [data]
        while stack and budget > 0:
            budget -= 1
            item = stack.pop()
            if isinstance(item, Mapping):
                yield item
                stack.extend(reversed(list(item.values())))
            elif isinstance(item, list):
                stack.extend(reversed(item))


def _json_ld_strings(nodes: tuple[Mapping[str, Any], ...], key: str) -> list[str]:
    return [v.strip() for node in nodes for v in _as_list(node.get(key)) if isinstance(v, str)]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _first(facts: PageFacts, *keys: str) -> str | None:
    return next((v for key in keys for v in facts.meta.get(key, ()) if v), None)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
