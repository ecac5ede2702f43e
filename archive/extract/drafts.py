"""Drafts of events, and how drafts of one event are merged.

A draft gathers the mentions of one event with the dates and places its
clauses vote for (see :mod:`archive.extract.eventgraph`). Drafts merge when
they turn out to be one event: a landing of a spacecraft that splashes down
in the article is that splashdown; an undated mention of a press conference
is the article's one dated press conference; a flight event said in a clause
about other people (:mod:`archive.extract.flightdates`) is the article's
spacecraft's when the launch's date allows it, and another flight when not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.extract.collect import SentenceNotes
from archive.extract.events import Trigger
from archive.extract.flightdates import same_flight
from archive.extract.triggers import FLIGHT_EVENTS
from archive.model import EventKind, Mention

_LAUNCH = EventKind.LAUNCH


@dataclass(slots=True)
class Draft:
    """An event being assembled from its mentions."""

    kind: EventKind
    craft: str | None
    mentions: list[tuple[SentenceNotes, Trigger]] = field(default_factory=list)
    dates: dict[str, float] = field(default_factory=dict)
    places: dict[str, float] = field(default_factory=dict)
    date: str | None = None
    place: str | None = None
    vehicle: str | None = None
    destination: str | None = None
    expedition: str | None = None
    launch_day: bool = False  # "on launch day": takes the launch's date
    other: bool = False  # a flight of other people, dated apart from the article's

    @property
    def sentences(self) -> list[SentenceNotes]:
        seen: dict[int, SentenceNotes] = {}
        for s, _ in self.mentions:
            seen.setdefault(s.index, s)
        return list(seen.values())

    @property
    def main_sentences(self) -> list[SentenceNotes]:
        main = {s.index for s, t in self.mentions if t.is_main}
        return [s for s in self.sentences if s.index in main]

    def mention_objects(self) -> list[Mention]:
        return [
            Mention(s.figure, t.chunk.start, t.chunk.end, t.chunk.text) for s, t in self.mentions
        ]


def best(votes: dict[str, float]) -> str | None:
    """The key with the most votes; of two with as many, the one voted first."""
    if not votes:
        return None
    order = list(votes)
    return max(order, key=lambda k: (votes[k], -order.index(k)))


def absorb(into: Draft, d: Draft) -> None:
    """Add the mentions and votes of ``d`` to ``into``."""
    into.mentions.extend(d.mentions)
    for table, other in ((into.dates, d.dates), (into.places, d.places)):
        for k, w in other.items():
            table[k] = table.get(k, 0.0) + w
    into.launch_day = into.launch_day or d.launch_day


def settle_apart(drafts: list[Draft]) -> list[Draft]:
    """Flights of other people in dated clauses: the launch's own when their date allows.

    One that the launch of its spacecraft's flight allows (a landing months
    after it) joins that flight's event of its kind; one it does not (an
    emergency landing weeks before the launch) is another flight, of a
    spacecraft the captions do not name.
    """
    out: list[Draft] = []
    for d in drafts:
        if not d.other:
            out.append(d)
            continue
        home = next(
            (o for o in drafts if o.kind == _LAUNCH and not o.other and o.craft == d.craft), None
        )
        launch, date = (best(home.dates) if home else None), best(d.dates)
        if launch is not None and date is not None and not same_flight(launch, d.kind, date):
            d.craft = None
            out.append(d)
            continue
        d.other = False
        into = next(
            (
                o
                for o in drafts
                if o is not d and o.kind == d.kind and not o.other and o.craft == d.craft
            ),
            None,
        )
        if into is None:
            out.append(d)
            continue
        absorb(into, d)
    return out


def landings_at_sea(drafts: list[Draft]) -> list[Draft]:
    """A landing of a spacecraft that splashes down in the article is that splashdown."""
    splash = {d.craft: d for d in drafts if d.kind == EventKind.SPLASHDOWN}
    out: list[Draft] = []
    for d in drafts:
        into = splash.get(d.craft) if d.kind == EventKind.LANDING else None
        if into is None:
            out.append(d)
            continue
        absorb(into, d)
    return out


def merge_undated(drafts: list[Draft]) -> list[Draft]:
    """An undated mention of a non-flight event joins the only dated one of its kind."""
    out: list[Draft] = []
    for d in drafts:
        if d.kind in FLIGHT_EVENTS or d.dates:
            out.append(d)
            continue
        same = [o for o in drafts if o.kind == d.kind and o is not d and o.dates]
        if len(same) == 1:
            same[0].mentions.extend(d.mentions)
            for k, w in d.places.items():
                same[0].places[k] = same[0].places.get(k, 0.0) + w
        else:
            out.append(d)
    return out
