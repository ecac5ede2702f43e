"""Places and organisations that no list holds, found by their head noun.

A run of capitalised words ending in a place noun is a place ("the Neil
Armstrong Operations and Checkout Building", "the Cosmonaut hotel", "Launch
Pad 1"), one ending in an organisation noun is an organisation ("the Turkish
Space Agency"). Some heads come first ("Gulf of Mexico", "Launch Complex
39A"). Because the building is recognised as a whole, the person it is named
after is not taken for a person in the caption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive.extract.tokens import PhraseTrie, Token

# Heads that make a place; "*" marks heads that may be written in lower case
# after a capitalised name ("the Cosmonaut hotel", "the Jiuquan launch center").
_PLACE_HEADS = (
    "cosmodrome*", "space center*", "space centre*", "launch center*", "launch centre*",
    "satellite launch center*", "satellite launch centre*", "spaceport*", "launch site*",
    "launch complex*", "space launch complex*", "launch pad*", "launchpad*", "pad*", "site",
    "air force base*", "space force base*", "space force station*", "air force station*",
    "air base*", "airbase*", "base", "airport*", "airfield*", "hotel*", "building*", "facility",
    "complex", "center", "centre", "museum*", "hall", "square*", "park", "stadium", "island",
    "islands", "beach", "bay", "gulf", "ocean", "sea", "lake", "river", "desert", "steppe",
    "mountains", "province*", "region*", "oblast*", "krai", "county", "prefecture*", "city",
    "district", "peninsula", "range", "plaza", "palace", "cathedral", "church", "monument",
    "memorial", "street", "avenue", "road", "headquarters", "training center*",
    "training centre*", "control center*", "control centre*", "mission control*",
    "observatory", "landing site*", "landing zone*", "recovery zone", "test site*",
    "test stand", "proving ground", "launch area*", "restaurant", "theatre", "theater",
    "house", "residence", "village", "town", "station", "cape", "hangar*", "quarantine facility*",
    "capitol", "rotunda",
)  # fmt: skip
_ORG_HEADS = (
    "agency", "space agency*", "administration", "organisation", "organization", "corporation",
    "corp", "company", "commission", "ministry", "authority", "academy", "university",
    "council", "committee", "department", "bureau", "air force", "navy", "army", "space force",
    "command", "inc", "ltd", "group", "institute", "society", "foundation", "association",
    "federation", "laboratory", "lab", "program", "programme", "consortium", "alliance",
    "forces", "troops", "space forces", "aerospace forces", "guard", "fleet",
    "news agency*", "television", "tv",
)  # fmt: skip
# Heads that come before their name.
_HEAD_FIRST = re.compile(
    r"^(?:gulf|sea|bay|cape|lake|island|university|republic|state|province|city|port|mount)$"
)
_DESIGNATED = frozenset(
    {"launch complex", "space launch complex", "launch pad", "launchpad", "pad", "site",
     "building", "complex", "hangar", "area", "launch area"}
)  # fmt: skip
_CONNECTORS = frozenset({"and", "of", "for", "&", "de", "del", "du", "la", "le", "bin", "al"})
_LAUNCH_SITE_WORDS = ("cosmodrome", "launch", "spaceport", "pad", "launchpad", "site")


@dataclass(frozen=True, slots=True)
class Head:
    """A head noun: what it makes, and whether it may be written in lower case."""

    cat: str  # "place" or "org"
    lower_ok: bool
    text: str


def _trie(heads: Sequence[str], cat: str) -> PhraseTrie:
    trie = PhraseTrie()
    for head in heads:
        trie.add(head.rstrip("*"), Head(cat, head.endswith("*"), head.rstrip("*")))
    return trie


PLACE_HEADS = _trie(_PLACE_HEADS, "place")
ORG_HEADS = _trie(_ORG_HEADS, "org")


def is_launch_site_name(name: str) -> bool:
    """A named place whose head says rockets start there.

    >>> is_launch_site_name("Launch Pad 1")
    True
    >>> is_launch_site_name("Cosmonaut Hotel")
    False
    """
    low = name.lower()
    return any(w in low.split() or w in low for w in _LAUNCH_SITE_WORDS)


def title_case(tokens: Sequence[Token]) -> str:
    """A canonical name: words as written, lower-case heads capitalised.

    >>> from archive.extract.tokens import tokenize
    >>> title_case(tokenize("Cosmonaut hotel"))
    'Cosmonaut Hotel'
    >>> title_case(tokenize("Operations and Checkout Building"))
    'Operations and Checkout Building'
    """
    words: list[str] = []
    prev: Token | None = None
    for tok in tokens:
        text = tok.text
        if text.islower() and tok.norm not in _CONNECTORS:
            text = text[:1].upper() + text[1:]
        if prev is not None and tok.start > prev.end:
            words.append(" ")
        words.append(text)
        prev = tok
    return "".join(words)


def head_first(norm: str) -> bool:
    """Heads written before the name ("Gulf of Mexico")."""
    return bool(_HEAD_FIRST.match(norm))


def takes_designation(head: str) -> bool:
    """Heads followed by a number or letter designation ("Launch Complex 39A")."""
    return head in _DESIGNATED


def is_connector(norm: str) -> bool:
    return norm in _CONNECTORS
