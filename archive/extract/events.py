"""Event words in a sentence, and which event each date and place belongs to.

A date or place belongs to the event its clause talks about. In captions that
means: the nearest event word before it in the sentence; but an event only
referred to ("ahead of the launch", "after landing") gives way to the event
the sentence is about ("attend a news conference ahead of the launch ...,
September 20"), and an event that has not happened ("ready to take it on its
first space walk", "is due to dock", "was scrubbed"; see
:mod:`archive.extract.mood`) keeps its clause's words to itself and is
then dropped, and a planned date ("scheduled for March 26") is no event's.
A relative clause (", which Moscow rents from Kazakhstan") belongs to no
event. A sentence with no event word lends its date and place to the
article's main event, weakly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from archive.extract.mood import planned_date, unreal
from archive.extract.refs import Chunk, Ref
from archive.extract.triggers import FLIGHT_EVENTS
from archive.model import EntityKind, EventKind

# How strongly a clause says when and where its event happened.
MAIN = 3.0
AFTER = 2.0  # "after landing": the photo is of the same day, usually
BEFORE = 1.0  # "before the launch": the photo may be days earlier
FLOATING = 0.5  # a sentence with no event word at all

_BEFORE = frozenset({"before", "ahead", "prior", "eve", "preparation", "preparations",
                     "preparing", "prepare", "prepares", "awaiting", "await", "awaits",
                     "until", "for"})  # fmt: skip
_AFTER = frozenset({"after", "following", "since", "upon"})
_SKIP_BACK = frozenset({"the", "a", "an", "their", "its", "his", "her", "of", "to", "shortly",
                        "just", "hours", "days", "minutes", "moments", "weeks", "successful",
                        "planned", "scheduled", "upcoming", "historic", "first", "'s"})  # fmt: skip
_OUT = frozenset({"out", "outside", "front"})
_CLAUSE_END = frozenset({",", ";", ":", "—", "–", "(", ")"})
_RELATIVE = frozenset({"which", "who", "whom", "whose"})
_LOCATIVE = {"at": 1.0, "in": 1.0, "from": 1.0, "on": 0.8, "inside": 1.0, "aboard": 1.0,
             "near": 0.6, "outside": 0.6, "off": 0.6, "over": 0.6, "above": 0.5,
             "into": 0.4, "toward": 0.3, "towards": 0.3}  # fmt: skip
_SETTLEMENTS = frozenset({"town", "city", "village", "settlement", "port", "region", "province",
                          "district", "county", "island", "state", "republic"})  # fmt: skip
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
     "north-east", "north-west", "south-east", "south-west", "kilometres", "kilometers", "km",
     "miles"}
)  # fmt: skip
_PLACE_KINDS = frozenset({EntityKind.PLACE, EntityKind.COUNTRY, EntityKind.STATION})


@dataclass(slots=True)
class Trigger:
    """An event word in a sentence and what its clause says."""

    chunk: Chunk
    index: int
    kind: EventKind
    weight: float = MAIN
    irrealis: bool = False
    relative: bool = False  # inside a relative clause (", who launched on ... in October")
    watched: bool = False  # the object of "watch" / "view": places after it are the watcher's
    aside: bool = False  # in a clause dating the flight of the people in it (flightdates)
    dates: list[tuple[Chunk, float]] = field(default_factory=list)
    places: list[tuple[Chunk, Ref, float]] = field(default_factory=list)

    @property
    def dropped(self) -> bool:
        """An event that did not happen (yet): planned, scrubbed, still to come."""
        return self.irrealis

    @property
    def is_main(self) -> bool:
        return self.weight == MAIN and not self.irrealis


@dataclass(slots=True)
class PlaceMention:
    """A place named in a sentence, with the place that contains it there."""

    chunk: Chunk
    ref: Ref
    index: int
    weight: float  # from the preposition before it
    head: bool  # first of a chain ("X at Y in Z": X); only heads are event places
    container: Ref | None = None


def find_triggers(chunks: list[Chunk]) -> list[Trigger]:
    """The event words of a sentence, each with whether it is referred to or unreal."""
    out: list[Trigger] = []
    relative = relative_spans(chunks)
    for k, c in enumerate(chunks):
        if c.cat != "trigger" or c.event is None:
            continue
        t = Trigger(c, k, c.event, _reference(chunks, k), unreal(chunks, k), relative[k])
        t.watched = _watched(chunks, k)
        out.append(t)
    return out


def _reference(chunks: list[Chunk], k: int) -> float:
    m = k - 1
    steps = 0
    while m >= 0 and steps < 5:
        norm = chunks[m].norm
        if norm in _AFTER:
            return AFTER
        if norm in _BEFORE:
            return BEFORE
        if norm == "during":
            return MAIN
        if norm not in _SKIP_BACK and chunks[m].cat not in {"ent", "date", "people"}:
            return MAIN
        m -= 1
        steps += 1
    return MAIN


_WATCH = frozenset({"watch", "watches", "watched", "watching", "view", "views", "viewed",
                    "viewing", "observe", "observes", "observed", "observing", "see", "sees",
                    "saw", "monitor", "monitors", "monitored", "monitoring"})  # fmt: skip
_SCREEN = frozenset({"screen", "screens", "monitor", "monitors", "television", "tv", "footage",
                     "broadcast", "captured", "livestream", "webcast", "video"})  # fmt: skip


def _watched(chunks: list[Chunk], k: int) -> bool:
    """ "watches the launch from ...": where the watcher is, not where the event is."""
    m = k - 1
    while m >= 0 and k - m <= 3 and chunks[m].norm in {"the", "a", "its", "their", "his", "her"}:
        m -= 1
    return m >= 0 and chunks[m].norm in _WATCH


def _on_screen(chunks: list[Chunk], k: int) -> bool:
    """A place the event is seen from: "seen on a screen at the ... Control Center"."""
    m = k - 1
    while m >= 0 and k - m <= 5 and chunks[m].norm not in _CLAUSE_END:
        if chunks[m].norm in _SCREEN:
            return True
        m -= 1
    return False


def find_places(chunks: list[Chunk]) -> list[PlaceMention]:
    """Places named after a preposition, in chains ("X at Y in Z", "Y, Kazakhstan")."""
    out: list[PlaceMention] = []
    prev: PlaceMention | None = None
    for k, c in enumerate(chunks):
        ref = c.ref if c.cat == "ent" else None
        if ref is None or ref.kind not in _PLACE_KINDS:
            continue
        if prev is not None and k == prev.index + 2 and chunks[k - 1].cat == "poss":
            # "the Kennedy Space Center's Shuttle Landing Facility": the second is in the first.
            pm = PlaceMention(c, ref, k, prev.weight, head=prev.head, container=prev.ref)
            prev.head = False
            out.append(pm)
            prev = pm
            continue
        link = _link(chunks, prev.index if prev else -1, k)
        if prev is not None and link is not None:
            pm = PlaceMention(c, ref, k, prev.weight, head=False)
            if link:
                prev.container = prev.container or ref
            out.append(pm)
            prev = pm
            continue
        weight = None if _on_screen(chunks, k) else _preposition(chunks, k)
        if weight is not None and ref.guessed:
            weight /= 2  # a bare name taken for a place is weaker than a known one
        pm = PlaceMention(c, ref, k, weight or 0.0, head=weight is not None)
        out.append(pm)
        prev = pm
    return out


def _link(chunks: list[Chunk], p: int, k: int) -> bool | None:
    """How place ``k`` follows place ``p``: True contained ("in", ","), False near, None not."""
    if p < 0:
        return None
    between = [c.norm for c in chunks[p + 1 : k] if c.cat not in {"pos", "poss"} and not _org(c)]
    between = [w for w in between if w not in {"the", "a"}]  # "X at NASA's Y": X is in Y
    if between in ([","], ["in"], ["at"], [",", "in"], ["of"], ["on"]):
        return True
    if between in (["near"], ["outside"], [",", "near"], [",", "outside"], ["off"]):
        return False
    return None


def _org(c: Chunk) -> bool:
    return c.cat == "ent" and c.ref is not None and c.ref.kind == EntityKind.ORGANIZATION


def _preposition(chunks: list[Chunk], k: int) -> float | None:
    m = k - 1
    while m >= 0 and (chunks[m].norm in {"the", "a", "its", "their"} or chunks[m].cat == "poss"):
        m -= 1
    # "near the town of Zhezkazgan", "in the city of Wenchang"
    if m >= 1 and chunks[m].norm == "of" and chunks[m - 1].norm in _SETTLEMENTS:
        m -= 2
        while m >= 0 and chunks[m].norm in {"the", "a", "small", "remote", "steppe"}:
            m -= 1
    while m >= 0 and chunks[m].cat == "ent" and chunks[m].ref is not None:
        m -= 1  # "at NASA's Kennedy Space Center"
        while m >= 0 and (chunks[m].norm in {"the", "a"} or chunks[m].cat == "poss"):
            m -= 1
    if m >= 0 and chunks[m].norm in _LOCATIVE:
        return _LOCATIVE[chunks[m].norm]
    if m >= 1 and chunks[m].norm == "of" and chunks[m - 1].norm.split()[-1] in _OUT:
        return 1.0  # "walk out of the Operations and Checkout Building"
    if m >= 1 and chunks[m].norm == "of" and chunks[m - 1].norm in _COMPASS:
        return 0.6  # "southeast of Zhezkazgan"
    return None


def attach(
    chunks: list[Chunk],
    triggers: list[Trigger],
    places: list[PlaceMention],
    clauses: Sequence[tuple[int, int]] = (),
) -> list[tuple[str, Chunk | PlaceMention, float]]:
    """Give each date and event place of a sentence to its trigger.

    ``clauses`` are chunk ranges about the flight of the people in them
    (see :mod:`archive.extract.flightdates`): a date inside one belongs to
    its flight word ("since the April 5 failure ... that forced A and B to
    make an emergency landing"), not to the sentence's main event.

    Returns what no trigger took, with the weight it may lend to the
    article's main event: ``("date", chunk, w)`` and ``("place", mention, w)``.
    """
    floating: list[tuple[str, Chunk | PlaceMention, float]] = []
    relative = relative_spans(chunks)
    items: list[tuple[int, str, Chunk | PlaceMention]] = [
        (k, "date", c) for k, c in enumerate(chunks) if c.cat == "date"
    ]
    items += [(p.index, "place", p) for p in places if p.head and p.weight > 0]
    items.sort(key=lambda x: x[0])
    for k, what, item in items:
        if relative[k]:
            continue
        if what == "date" and planned_date(chunks, k):
            continue  # "ahead of the launch scheduled for March 26": no event's date yet
        own = _clause_owner(triggers, clauses, k) if what == "date" else None
        trig = own or _owner(triggers, k)
        if trig is None:
            floating.append((what, item, FLOATING * _item_weight(item)))
            continue
        if trig.dropped or (trig.watched and isinstance(item, PlaceMention)):
            continue
        weight = (BEFORE if trig.irrealis else trig.weight) * _item_weight(item)
        if isinstance(item, PlaceMention):
            trig.places.append((item.chunk, item.ref, weight))
        else:
            trig.dates.append((item, weight))
    return floating


def _item_weight(item: Chunk | PlaceMention) -> float:
    return item.weight if isinstance(item, PlaceMention) else 1.0


def _clause_owner(
    triggers: list[Trigger], clauses: Sequence[tuple[int, int]], k: int
) -> Trigger | None:
    """The flight word of the people's clause a date is in, if any."""
    for a, b in clauses:
        if a <= k < b:
            inside = [t for t in triggers if a <= t.index < b and t.kind in FLIGHT_EVENTS]
            if inside:
                return min(inside, key=lambda t: abs(t.index - k))
    return None


def _owner(triggers: list[Trigger], k: int) -> Trigger | None:
    before = [t for t in triggers if t.index < k]
    if not before:
        # "handed over the station on Oct. 29 before undocking on Oct. 30": a date
        # before an event only referred to is the main clause's, not that event's.
        mains = [t for t in triggers if t.index > k and t.is_main]
        return mains[0] if mains else None
    nearest = before[-1]
    if nearest.dropped or nearest.is_main:
        return nearest
    main = next((t for t in before if t.is_main), None)
    return main or nearest


def relative_spans(chunks: list[Chunk]) -> list[bool]:
    """Chunks inside a relative clause (", which Moscow rents from Kazakhstan")."""
    out = [False] * len(chunks)
    inside = False
    for k, c in enumerate(chunks):
        if c.norm in _RELATIVE and k > 0 and chunks[k - 1].norm == ",":
            inside = True
        elif c.norm in _CLAUSE_END:
            inside = False
        out[k] = inside
    return out
