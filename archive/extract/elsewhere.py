"""People a sentence puts somewhere other than on the flight it is about.

Crew of another flight are named in captions as often as the crew itself:
the station crew who "greet the new arrivals" or "remain aboard the ISS",
spectators who "watch the launch", the crew of an earlier flight ("A and B,
who flew the capsule on its first mission in May"), a backup or a replaced
astronaut ("A, who was replaced by B"), a crew that "will fly" later. This
module reads the clause around each list of people and marks each mention
(:attr:`~archive.extract.persons.PersonMention.elsewhere`) with where it puts
them: ``"spectator"``, ``"host"``, ``"stayer"``, ``"other"`` (another flight,
with the spacecraft it names in ``tie``), ``"inside"`` (off a spacewalk
only), ``"flew-before"`` and ``"returned"``
(a flight or a return on a date, which may be the article's own: "who
launched in September" is the crew of a landing, not of a launch),
``"future"``, ``"successor"`` (the next crew: "Their replacements, A and
B, arrived ...") or ``"earlier"`` (a spacecraft's earlier flight: "Soyuz
TM-31 first flew to the station with A and B"). The last two are off every
flight of the article's spacecraft, whatever role they are given. A
backup named in a relative clause ("who served as Schirra's backup pilot")
is ``"other"``; replaced people are not crew at all (``traits.noncrew``).

The words are those of the clause (verbs and their objects), never names.
Each list is looked at once, over a window of a few chunks: linear time.
"""

from __future__ import annotations

import itertools

from archive.extract.lists import person_lists
from archive.extract.persons import PersonMention
from archive.extract.refs import Chunk, Ref
from archive.extract.tokens import words
from archive.model import EntityKind

_SPECTATE = words(
    """watch watches watched watching monitor monitors monitored monitoring observe observes
    observed observing view views viewed viewing follow follows followed following photograph
    photographs photographed photographing film films filmed filming"""
)
_LOOK = words("look looks looked looking")
_HOST = words(
    """greet greets greeted greeting welcome welcomes welcomed welcoming receive receives
    received receiving"""
)
_HOST_PASSIVE = words("greeted welcomed received met")
_GUESTS = words(
    """arrivals arrival newcomers newcomer visitors visitor guests astronauts cosmonauts
    taikonauts crew crews successors replacements"""
)
_NOT_GUESTS = words(
    """crewmates crewmate relatives relative family families friends wives husbands children
    each one reporters journalists officials"""
)
_STAY = words("remain remains remained remaining stay stays stayed staying")
_STAY_WHERE = words("aboard on in behind onboard")
_BE = words("is are was were")
_HAVE = words("have has had")
_FLEW = words("flew flown launched arrived visited piloted commanded docked lifted rode")
_RETURNED = words("returned landed splashed")
_EARLIER = words("first previous earlier last prior maiden ago before")
_UNDONE = words("aborted scrubbed cancelled canceled postponed delayed")
_BACKUP = words("backup back-up reserve understudy stand-in substitute substitutes")
_REPLACE = words("replaced replacing replaces replace")
_SUCCESSORS = words("replacements successors replacement successor reliefs")
_PRIOR = words("first previously earlier once originally")
_CARRIED = words("flew flown launched visited carried brought took ferried")
_CRAFT_PRONOUNS = words("it capsule spacecraft ship spaceship vehicle orbiter")
_FUTURE = words("will 'll shall")
_FUTURE_GO = words("fly launch travel go head blast lift visit return be")
_PLANNED = words("set scheduled due slated")
_ADVERBS = words("also now still later then both all together")
_CLAUSE_END = frozenset({",", ";", ":", "(", ")", "—", "–", "."})
_WINDOW = 10


def mark_elsewhere(chunks: list[Chunk], people: list[PersonMention]) -> None:
    """Mark the people of one sentence that its clauses put off the flight it is about."""
    for group in person_lists(chunks, people):
        label, tie = _relative(chunks, group)
        k = _after_aside(chunks, _after_relative(chunks, group[-1].last + 1))
        if label != "replaced":
            before = _before(chunks, group[0].first) or _earlier(chunks, group[0].first)
            label = _main_verb(chunks, k, people) or before or label
        for pm in group:
            if label == "replaced":
                pm.traits.noncrew = True  # "A, who was replaced by B": never this flight's crew
            elif label is not None and pm.elsewhere is None:
                pm.elsewhere = label
            if tie is not None:
                pm.tie = tie


def _clause(chunks: list[Chunk], k: int, window: int = _WINDOW) -> list[Chunk]:
    """Chunks from ``k`` to the end of their clause (a few at most)."""
    out: list[Chunk] = []
    while k < len(chunks) and len(out) < window and chunks[k].norm not in _CLAUSE_END:
        out.append(chunks[k])
        k += 1
    return out


def _relative(chunks: list[Chunk], group: list[PersonMention]) -> tuple[str | None, Ref | None]:
    """What ", who ..." / ", whose ..." after a list says of it."""
    k = group[-1].last + 1
    if not _who(chunks, k):
        return None, None
    span = _clause(chunks, k + 2)
    norms = [c.norm for c in span]
    crafts = [
        c.ref
        for c in span
        if c.cat == "ent"
        and c.ref is not None
        and c.ref.kind in {EntityKind.SPACECRAFT, EntityKind.EXPEDITION}
        and not c.ref.generic
    ]
    tie = crafts[0] if crafts and crafts[0].kind == EntityKind.SPACECRAFT else None
    if any(n in _BACKUP for n in norms):
        # "who served as Schirra's backup pilot": off this flight, as far as this
        # mention says (the person may have flown it as well, another caption says).
        return "other", None
    if "replaced" in norms and ("by" in norms or any(n in _BE | {"been"} for n in norms)):
        return "replaced", None
    if _stays(norms):
        return "stayer", tie
    # An earlier mission ("its first mission", "in 2005", another craft) is
    # another flight; a flight or a return on a date may be this one's.
    earlier = bool(crafts) or any(n in _EARLIER or (n.isdigit() and len(n) == 4) for n in norms)
    dated = any(c.cat == "date" for c in span) or _month_named(span)
    if any(n in _FLEW | _RETURNED for n in norms) and earlier:
        return "other", tie
    if any(n in _FLEW for n in norms) and dated:
        return "flew-before", tie  # "who arrived at the station on March 18"
    if any(n in _RETURNED for n in norms) and dated:
        return "returned", tie  # "who returned to Earth on Nov. 8"
    if chunks[k + 1].norm == "whose" and any(n in _UNDONE for n in norms):
        return "other", tie  # "whose Soyuz MS-10 launch was aborted on Oct. 11"
    return None, tie


def _who(chunks: list[Chunk], k: int) -> bool:
    """A relative clause about people starts at ``k`` (", who", ", whose")."""
    return k + 1 < len(chunks) and chunks[k].norm == "," and chunks[k + 1].norm in {"who", "whose"}


_MONTHS = words(
    "january february march april may june july august september october november december"
)


def _month_named(span: list[Chunk]) -> bool:
    """ "in October": a month without a day, which the date finder does not take."""
    return any(c.norm in _MONTHS for c in span)


def _stays(norms: list[str]) -> bool:
    """ "have been aboard the station since June", "remain aboard", "already aboard"."""
    aboard = "aboard" in norms or "onboard" in norms
    return (aboard and ("since" in norms or "already" in norms or "been" in norms)) or any(
        a in _STAY and b in _STAY_WHERE for a, b in itertools.pairwise(norms)
    )


def _after_relative(chunks: list[Chunk], k: int) -> int:
    """The chunk after a relative clause (", who ..., "), or ``k`` when there is none."""
    if not _who(chunks, k):
        return k
    m = k + 2
    while m < len(chunks) and m - k < 25 and chunks[m].norm not in {",", ";", ")"}:
        m += 1
    return m + 1 if m < len(chunks) and chunks[m].norm == "," else m


def _after_aside(chunks: list[Chunk], k: int) -> int:
    """The chunk after an aside between commas (", wife of X,"), or ``k`` when there is none."""
    if k >= len(chunks) or chunks[k].norm != ",":
        return k
    m = k + 1
    while m < len(chunks) and m - k <= 8 and chunks[m].norm not in _CLAUSE_END:
        if chunks[m].cat == "trigger":
            return k
        m += 1
    return m + 1 if m < len(chunks) and chunks[m].norm == "," else k


def _main_verb(chunks: list[Chunk], k: int, people: list[PersonMention]) -> str | None:
    """What the verb after a list says: watching, greeting, staying aboard, a later flight.

    People "with" whom the list watches, greets or stays are there too.
    """
    while k < len(chunks) and chunks[k].norm in _ADVERBS:
        k += 1
    if k >= len(chunks):
        return None
    label = _verb_label(chunks[k].norm, _clause(chunks, k + 1))
    if label in {"spectator", "host", "stayer"}:
        _companions(chunks, k, people, label)
    return label


def _verb_label(v: str, rest: list[Chunk]) -> str | None:
    norms = [c.norm for c in rest]
    if (v in _SPECTATE and _names_event(rest)) or (v in _LOOK and norms[:1] == ["on"]):
        return "spectator"
    if v in _HOST and _guests(rest):
        return "host"
    if v in _STAY and norms[:1] and norms[0] in _STAY_WHERE:
        return "stayer"
    if v in _BE and norms[:2] in (["already", "aboard"], ["already", "on"]):
        return "stayer"
    if v in _HAVE and norms[:2] in (["been", "aboard"], ["been", "on"], ["been", "in"]):
        return "stayer"
    if "inside" in norms:
        return "inside"  # "operated the robotic arm from inside the cupola during the spacewalk"
    if v in _FUTURE and norms[:1] and norms[0] in _FUTURE_GO:
        return "future"
    if v in _BE and norms[:1] and norms[0] in _PLANNED and norms[1:2] == ["to"]:
        return "future"  # "are set to fly"
    return None


def _names_event(rest: list[Chunk]) -> bool:
    return any(c.cat == "trigger" or c.norm in {"flight", "liftoff", "countdown"} for c in rest)


def _guests(rest: list[Chunk]) -> bool:
    """The object of "greet" / "welcome" is an arriving crew, not relatives or each other."""
    if any(c.norm in _NOT_GUESTS for c in rest):
        return False
    return any(
        c.norm in _GUESTS or (c.word is not None and c.word.crew and c.word.plural) for c in rest
    )


def _companions(chunks: list[Chunk], k: int, people: list[PersonMention], label: str) -> None:
    """ "monitored the spacewalk ... with JAXA astronaut X": X watched too."""
    end = k + 1 + len(_clause(chunks, k + 1, 2 * _WINDOW))
    with_at = [m for m in range(k + 1, end) if chunks[m].norm == "with"]
    if not with_at:
        return
    for pm in people:
        if with_at[0] < pm.index < end and pm.elsewhere is None:
            pm.elsewhere = label


def _before(chunks: list[Chunk], first: int) -> str | None:
    """ "greeted by A and B" (hosts); "replaced A", "replacing A" (not crew); "Their
    replacements, A and B," (the next crew)."""
    prev = chunks[first - 1].norm if first >= 1 else ""
    if prev == "by" and first >= 2 and chunks[first - 2].norm in _HOST_PASSIVE:
        return "host"
    if prev in _REPLACE:
        return "replaced"
    if prev in {",", ":"} and first >= 2 and chunks[first - 2].norm in _SUCCESSORS:
        return "successor"
    return None


def _earlier(chunks: list[Chunk], first: int) -> str | None:
    """ "Soyuz TM-31 first flew to the station with A, B and C": a spacecraft's earlier flight.

    The spacecraft (or "it") is the subject of a flight verb that "first",
    "previously" or "earlier" goes with, in the clause that leads to the list.
    """
    k = first - 1
    while k >= 1 and first - k <= _WINDOW and chunks[k].norm not in _CLAUSE_END - {","}:
        verb, adverb = chunks[k].norm, chunks[k - 1].norm
        if verb in _CARRIED and adverb in _PRIOR:
            return "earlier" if k >= 2 and _craft_subject(chunks[k - 2]) else None
        k -= 1
    return None


def _craft_subject(c: Chunk) -> bool:
    craft = c.cat == "ent" and c.ref is not None and c.ref.kind == EntityKind.SPACECRAFT
    return craft or c.norm in _CRAFT_PRONOUNS
