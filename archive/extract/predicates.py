"""Crew roles said of people in a predicate rather than before their names.

"X, a test pilot for the Air Force, will serve as pilot", "X, a veteran of
one previous spaceflight, will be the commander", "X will be the commander
of the Soyuz", "X, who flew aboard Soyuz 9 in 1970, is the flight
engineer", "X, who commands the mission, waves": a copula ("is", "will be",
"will serve as") and a crew role, or a verb that is a role ("commands the
mission", "will pilot the spacecraft"), make the subject crew in that role.
An apposition (", a veteran of four spaceflights,") or a relative clause
may stand between the name and its predicate. A role said in the past of a
flight named with it ("who served as pilot on Apollo 9") is that flight's
and left alone, as is any past role said of something more ("was the
commander of the station's first crew"); a role of a possessor ("is the
commander's wife") is no one's here.

Each list is looked at once, over a window of a few chunks: linear time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.extract.lists import person_lists
from archive.extract.refs import Chunk, Ref
from archive.extract.tokens import words
from archive.model import EntityKind

if TYPE_CHECKING:
    from archive.extract.persons import PersonMention

# Copulas before a role, and whether they speak of the past.
_COPULAS: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("will", "serve", "as"), False),
    (("will", "act", "as"), False),
    (("will", "fly", "as"), False),
    (("will", "be"), False),
    (("will", "become"), False),
    (("is", "to", "be"), False),
    (("is", "serving", "as"), False),
    (("was", "serving", "as"), True),
    (("serves", "as"), False),
    (("served", "as"), True),
    (("flies", "as"), False),
    (("flew", "as"), True),
    (("becomes",), False),
    (("became",), True),
    (("is",), False),
    (("are",), False),
    (("was",), True),
    (("were",), True),
)
# Verbs that are a role: "commands the mission", "will pilot the capsule".
_ROLE_VERBS = {
    "commands": ("Commander", False),
    "command": ("Commander", False),
    "commanding": ("Commander", False),
    "commanded": ("Commander", True),
    "pilots": ("Pilot", False),
    "pilot": ("Pilot", False),
    "piloting": ("Pilot", False),
    "piloted": ("Pilot", True),
}
_AUX = words("will is are was were 'll")
_ADVERBS = words("also now then later again still")
_DETERMINERS = words("the a an its their his her this")
# What a role verb commands: the flight, not a unit or a company ("commands the Navy").
_FLIGHT_NOUNS = words("mission flight crew spacecraft capsule ship spaceship vehicle expedition")
_CRAFT_KINDS = frozenset({EntityKind.SPACECRAFT, EntityKind.EXPEDITION})
_CLAUSE_END = frozenset({",", ".", ";", ":", ")", "—", "–"})
_WINDOW = 14


def mark_predicates(chunks: list[Chunk], people: list[PersonMention]) -> None:
    """Give people the crew role a predicate says they have (in :attr:`traits`)."""
    for group in person_lists(chunks, people):
        k = group[-1].last + 1
        # Right after the name (", who commands the mission"), after the comma that
        # closes an apposition the name already took in, or after an apposition.
        starts = (k, k + 1, _past_aside(chunks, k)) if _comma(chunks, k) else (k,)
        found = next((f for a in starts if (f := _predicate(chunks, a, len(group) > 1))), None)
        if found is None:
            continue
        role, qual, tie = found
        for pm in group:
            pm.traits.role, pm.traits.role_qual = role, qual
            pm.traits.crew = pm.traits.sure = True
            if pm.elsewhere == "future":
                pm.elsewhere = None  # "will be the commander": of the flight the gallery shows
            if tie is not None and pm.tie is None:
                pm.tie = tie


def _comma(chunks: list[Chunk], k: int) -> bool:
    return k < len(chunks) and chunks[k].norm == ","


def _past_aside(chunks: list[Chunk], k: int) -> int:
    """The chunk after an apposition or a relative clause (", a veteran of ...,"), else ``k``."""
    if k >= len(chunks) or chunks[k].norm != ",":
        return k
    m = k + 1
    while m < len(chunks) and m - k <= _WINDOW and chunks[m].norm not in {",", ".", ";", ":"}:
        if chunks[m].cat == "name":
            return k  # "X, Y and Z": a list, not an aside
        m += 1
    return m + 1 if m < len(chunks) and chunks[m].norm == "," else k


def _predicate(chunks: list[Chunk], k: int, plural: bool) -> tuple[str, str, Ref | None] | None:
    """The role a predicate starting at ``k`` says, with its qualifier and the flight it names."""
    if k + 1 < len(chunks) and chunks[k].norm == "," and chunks[k + 1].norm == "who":
        k += 2  # "Lindgren, who commands the mission,"
    while k < len(chunks) and chunks[k].norm in _ADVERBS:
        k += 1
    for phrase, past in _COPULAS:
        end = k + len(phrase)
        if tuple(c.norm for c in chunks[k:end]) == phrase:
            return _role_after(chunks, end, plural, past)
    return _role_verb(chunks, k)


def _role_after(
    chunks: list[Chunk], k: int, plural: bool, past: bool
) -> tuple[str, str, Ref | None] | None:
    """ "the commander of the Soyuz", "a flight engineer for Expeditions 59 and 60"."""
    while k < len(chunks) and chunks[k].norm in _DETERMINERS:
        k += 1
    if k >= len(chunks):
        return None
    c = chunks[k]
    word = c.word
    if c.cat != "people" or word is None or word.cat != "role" or word.plural != plural:
        return None
    nxt = chunks[k + 1] if k + 1 < len(chunks) else None
    if nxt is not None and nxt.cat in {"name", "poss", "people"}:
        return None  # "is Commander X's wife", "is the commander's daughter"
    tie = _flight_named(chunks, k + 1)
    ends = nxt is None or nxt.norm in _CLAUSE_END
    if past and not ends and (tie is None or not tie.generic):
        return None  # "who served as pilot on Apollo 9", "was the commander of Mir's first crew"
    return word.value, _qual(tie), tie


def _role_verb(chunks: list[Chunk], k: int) -> tuple[str, str, Ref | None] | None:
    """ "commands the mission", "will command the Soyuz", "pilots the capsule"."""
    if k < len(chunks) and chunks[k].norm in _AUX:
        k += 1
    if k >= len(chunks) or chunks[k].norm not in _ROLE_VERBS:
        return None
    role, past = _ROLE_VERBS[chunks[k].norm]
    m = k + 1
    while m < len(chunks) and chunks[m].norm in _DETERMINERS:
        m += 1
    if m >= len(chunks):
        return None
    obj = chunks[m]
    tie = obj.ref if obj.cat == "ent" and obj.ref is not None else None
    if tie is not None and tie.kind not in _CRAFT_KINDS:
        return None
    if tie is None and obj.norm not in _FLIGHT_NOUNS:
        return None
    if past and tie is not None and tie.kind == EntityKind.SPACECRAFT and not tie.generic:
        return None  # "who commanded Soyuz TMA-13": that flight's commander
    return role, _qual(tie), tie


def _flight_named(chunks: list[Chunk], k: int) -> Ref | None:
    """The spacecraft or expedition right after a role ("of the Soyuz", "for Expedition 59")."""
    if k >= len(chunks) or chunks[k].norm not in {"of", "on", "for", "aboard"}:
        return None
    for c in chunks[k + 1 : k + 4]:
        if c.cat == "ent" and c.ref is not None and c.ref.kind in _CRAFT_KINDS:
            return c.ref
        if c.norm not in _DETERMINERS:
            return None
    return None


def _qual(tie: Ref | None) -> str:
    if tie is None:
        return ""
    return "craft" if tie.kind == EntityKind.SPACECRAFT else "expedition"
