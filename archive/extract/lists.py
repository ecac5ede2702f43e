"""Lists of people in one sentence, and what a list shares.

"Flight Engineers X and Y" share a plural head; "the crew of A, B and C" and
"carrying A, B and C" share what their opener says; "X and Y of NASA" share
the agency written after the last one.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from archive.extract.refs import Chunk, Ref
from archive.extract.tokens import words
from archive.model import EntityKind

if TYPE_CHECKING:
    from archive.extract.persons import PersonMention

_OPENERS_CREW = frozenset({"carrying", "carries", "carried", "with", "send", "sends", "sent",
                           "including", "aboard", "transporting", "bringing"})  # fmt: skip
_ORDER_WORDS = words("from left right to l-r r-l clockwise")
_SEPARATORS = frozenset({",", "and", "&", "as", "well"})
_FLOWN_BY = words("piloted commanded flown crewed manned")


def person_lists(chunks: list[Chunk], found: list[PersonMention]) -> list[list[PersonMention]]:
    """Runs of people separated only by commas and "and"."""
    groups: list[list[PersonMention]] = []
    for pm in found:
        if pm.aside:
            continue  # "B" of "A, B's husband, and C"
        if groups and _joined(chunks, groups[-1][-1], pm):
            groups[-1].append(pm)
        else:
            groups.append([pm])
    return groups


def _joined(chunks: list[Chunk], a: PersonMention, b: PersonMention) -> bool:
    between = chunks[a.last + 1 : b.first]
    lead = 1 if between and between[0].norm == "," else 0
    if len(between) >= lead + 3 and between[lead].norm in {"who", "whose"}:
        # "A, the mission commander who paid for the flight, B and C": an aside.
        rest = between[lead + 1 :]
        end = next((m for m, c in enumerate(rest) if c.norm == ","), None)
        if end is not None and not any(c.cat == "trigger" for c in rest[:end]):
            between = rest[end:]
    return bool(between) and all(c.norm in _SEPARATORS for c in between)


def share(chunks: list[Chunk], group: list[PersonMention]) -> None:
    """Spread a plural head, a list opener and list membership over a list."""
    opener, tie = _opener(chunks, group[0].first)
    anyone = any(pm.is_person for pm in group) or opener != ""
    head: PersonMention | None = None
    followers: list[PersonMention] = []
    for pm in group:
        pm.listed = len(group) > 1
        if pm.prefix is not None:
            _spread_agency(followers)
            head = pm if pm.plural else None
            followers = [pm] if pm.plural else []
        elif head is not None and head.prefix is not None:
            pm.traits.absorb(head.prefix)
            pm.is_person = True
            followers.append(pm)
        if anyone and len(pm.name.words) >= 2:
            pm.is_person = True
        if opener in {"crew", "carry", "other"}:
            pm.traits.crew = True
            pm.traits.sure = pm.traits.sure or opener != "other"  # a crew said outright
            pm.shown = opener != "carry"
        elif opener == "backup":
            pm.traits.noncrew = True
        if opener == "other":
            pm.elsewhere = pm.elsewhere or "other"  # "the incoming crew of A, B and C"
        _tie(pm, tie)
    _spread_agency(followers)
    for a, b in itertools.pairwise(group):
        between = [c.norm for c in chunks[a.last + 1 : b.first]]
        # A plural head that names no agency ("crew members A and B of Roscosmos")
        # leaves the pair to share what follows them, as a bare pair does.
        own_prefix = a.prefix is not None and not (a.plural and a.prefix.agency is None)
        if between != ["and"] or own_prefix or a.postfix_of:
            continue
        # "Anatoly Ivanishin and Ivan Vagner of Roscosmos", "Serova and Samokutyaev of Russia"
        if b.postfix_agency and a.traits.agency is None:
            a.traits.agency = b.traits.agency
        if b.postfix_of and b.traits.nationality is not None and a.traits.nationality is None:
            a.traits.nationality = b.traits.nationality
        if b.paren_plural and a.traits.role is None:
            a.traits.role, a.traits.crew = b.traits.role, a.traits.crew or b.traits.crew
    # A name listed bare among crew members is one of them ("NASA astronaut X,
    # Russian cosmonaut Y and Z of the UAE"); a title would have said otherwise.
    if any(pm.traits.crew and not pm.traits.noncrew for pm in group):
        for pm in group:
            neutral = not pm.traits.noncrew and not pm.traits.profession
            if pm.prefix is None and neutral and pm.is_person:
                pm.traits.crew = True


def _tie(pm: PersonMention, tie: Ref | None) -> None:
    """The flight a list's opener names is each member's."""
    if tie is None:
        return
    if tie.kind == EntityKind.SPACECRAFT and pm.traits.craft is None:
        pm.traits.craft = tie
    elif tie.kind == EntityKind.EXPEDITION and pm.traits.expedition is None:
        pm.traits.expedition = tie


def _spread_agency(followers: list[PersonMention]) -> None:
    """ "Flight Engineers X and Y of NASA": the last one's agency is everyone's."""
    if len(followers) < 2 or followers[0].prefix is None or followers[0].prefix.agency:
        return
    own = [pm for pm in followers if pm.postfix_agency]
    if len(own) == 1 and own[0] is followers[-1]:
        for pm in followers[:-1]:
            pm.traits.agency = pm.traits.agency or own[0].traits.agency


def _opener(chunks: list[Chunk], first: int) -> tuple[str, Ref | None]:
    """What introduces a list, and the flight it names.

    The kind is "crew" ("the crew of", "crew members,"), "carry", "backup",
    "other" ("the incoming crew of") or ""; the flight is the spacecraft or
    mission named with the crew ("the Shenzhou-17 crew of A, B and C").
    """
    k = first - 1
    while k >= 0 and chunks[k].norm in {"the", "a", "an", "their", "its"}:
        k -= 1
    # "crew members, from left, A, B and C"
    while k >= 1 and chunks[k].norm == "," and chunks[k - 1].norm in _ORDER_WORDS:
        k -= 1
        while k >= 0 and chunks[k].norm in _ORDER_WORDS:
            k -= 1
    if k < 0:
        return "", None
    c = chunks[k]
    if c.cat == "pos" and c.pos and "-" in c.pos:
        return "crew-order", None
    if c.norm in _OPENERS_CREW:
        return "carry", None
    if c.norm == "by" and k > 0 and chunks[k - 1].norm in _FLOWN_BY:
        return "crew", None  # "the Gemini 8 spacecraft piloted by Neil Armstrong and David Scott"
    if c.norm not in {"of", ",", ":", "—", "–", "-"}:
        return "", None
    # Back over "of", the spacecraft or expedition, commas: to "crew" or "crew members".
    m = k - 1
    while m >= 0 and k - m <= 6:
        w = chunks[m].word
        if w is not None and (w.value == "crew" or (w.cat == "noun" and w.crew)):
            return _crew_opener(chunks, m, k)
        if chunks[m].cat not in {"ent", "paren", "punct"} and chunks[m].norm not in {"of", "the"}:
            return "", None
        m -= 1
    return "", None


_OTHER_CREW = words("incoming outgoing previous next relief departing departed arriving-next")
_FLIGHT_KINDS = frozenset({EntityKind.SPACECRAFT, EntityKind.EXPEDITION})


def _crew_opener(chunks: list[Chunk], m: int, k: int) -> tuple[str, Ref | None]:
    """ "the [backup|incoming] [Shenzhou-17] crew [of Shenzhou-17]," before a list."""
    flights = [
        c.ref
        for c in chunks[max(0, m - 2) : k]
        if c.cat == "ent" and c.ref is not None and c.ref.kind in _FLIGHT_KINDS
    ]
    tie = flights[0] if len(flights) == 1 else None
    before = [c for c in chunks[max(0, m - 3) : m] if c.cat != "ent"]
    if any(c.norm in {"prime", "main"} for c in before):
        return "", tie  # "the prime and backup crews of": neither is said
    if any(c.word is not None and c.word.noncrew for c in before):
        return "backup", tie
    if any(c.norm in _OTHER_CREW for c in before):
        return "other", tie
    return "crew", tie
