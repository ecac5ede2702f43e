"""Every identifier the project mints, derived from names and content only.

No randomness and no clock: the same entity gets the same key in every bag,
and a key becomes an IRI by prefixing the user's base IRI. Keys are
``"<segment>/<slug>"`` paths so that IRIs read well and stay ASCII.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

from archive.errors import UsageError
from archive.model import EntityKind, EventKind

DEFAULT_BASE_IRI = "https://archive.example/id/"
"""The default base: ``.example`` is reserved (RFC 2606), so it can never
collide with someone's real identifiers. Archives set their own with
``--base-iri``."""

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Apostrophes and dots inside names join rather than split ("O'Brien",
# "St. John"), so "O'Brien" and "OBrien" give one slug.
_JOINERS = re.compile(r"['’‘`.]")


def slug(text: str, *, max_length: int = 80) -> str:
    """A lowercase ASCII slug of a name, stable across spellings of case and accents.

    >>> slug("Sergey Ryazansky")
    'sergey-ryazansky'
    >>> slug("Soyuz TMA-11M")
    'soyuz-tma-11m'
    >>> slug("Núñez O'Brien")
    'nunez-obrien'
    >>> slug("  ")
    ''
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _JOINERS.sub("", folded.lower())
    return _NON_SLUG.sub("-", folded).strip("-")[:max_length].rstrip("-")


def entity_key(kind: EntityKind, name: str) -> str:
    """The key of an entity from its canonical name.

    >>> entity_key(EntityKind.PERSON, "Koichi Wakata")
    'person/koichi-wakata'
    """
    s = slug(name)
    if not s:
        # A name with no letters or digits (all CJK, say): hash it, still stable.
        s = "h-" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:16]
    return f"{kind.value}/{s}"


def event_key(
    kind: EventKind,
    *,
    spacecraft: str | None = None,
    date: str | None = None,
    place: str | None = None,
    article: str | None = None,
    ordinal: int = 1,
) -> str:
    """The key of an event, from what identifies it beyond one article.

    A launch is the launch of its spacecraft; other events are named by
    their date and place; failing that, by the article and order.

    >>> event_key(EventKind.LAUNCH, spacecraft="spacecraft/soyuz-tma-11m")
    'event/launch/soyuz-tma-11m'
    >>> event_key(EventKind.PRESS_CONFERENCE, date="2013-11-06", place="place/baikonur")
    'event/press-conference/2013-11-06/baikonur'
    """
    base = f"event/{kind.value}"
    if spacecraft is not None and kind in _SPACECRAFT_EVENTS:
        return f"{base}/{_tail(spacecraft)}"
    parts = [p for p in (date, _tail(place) if place else None) if p]
    if spacecraft is not None:
        parts.append(_tail(spacecraft))
    if parts:
        return f"{base}/" + "/".join(parts)
    if article is not None:
        return f"{base}/{_tail(article)}-{ordinal}"
    return f"{base}/unknown-{ordinal}"


# Events that happen once per spacecraft flight, so the spacecraft names them.
_SPACECRAFT_EVENTS = frozenset({EventKind.LAUNCH, EventKind.LANDING, EventKind.SPLASHDOWN})


def _tail(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def article_key(*, url: str | None, sha256: str) -> str:
    """The key of an article: from its canonical URL, else from its bytes.

    >>> article_key(url=None, sha256="ab" * 32)
    'article/abababababababababababab'
    """
    if url:
        return "article/" + hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:24]
    return "article/" + sha256[:24]


def bag_key(article: str) -> str:
    """The key of the bag that holds an article (one bag per article)."""
    return "bag/" + _tail(article)


def content_identifier(sha256: str) -> str:
    """An RFC 6920 ``ni:`` URI for content: an identifier that needs no registry.

    >>> content_identifier("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    'ni:///sha-256;47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'
    """
    raw = bytes.fromhex(sha256)
    b64 = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{b64}"


_IRI_BAD = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f]")


def check_base_iri(base: str) -> str:
    """Validate a user's base IRI; it must be absolute and end in ``/`` or ``#``.

    Raises:
        UsageError: the base is not usable for minting IRIs.

    >>> check_base_iri("https://id.example.org/")
    'https://id.example.org/'
    """
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", base) or _IRI_BAD.search(base):
        raise UsageError(f"--base-iri must be an absolute IRI without spaces, got {base!r}")
    if not base.endswith(("/", "#")):
        raise UsageError(f"--base-iri must end with '/' or '#', got {base!r}")
    return base


def iri(base: str, key: str) -> str:
    """The IRI of a key under a base.

    >>> iri("https://id.example.org/", "person/koichi-wakata")
    'https://id.example.org/person/koichi-wakata'
    """
    return base + key
