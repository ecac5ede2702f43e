"""The flight a clause about people speaks of, told by its date.

"it carried A, B and C to the station on Nov. 11, 2021", "the April 5
failure of a Soyuz booster that forced A and B to make an emergency
landing", "A, B and C launched from Baikonur aboard Soyuz MS-22 on Sept. 21,
2022", "the capsule that brought A and B home in May": a list of people in a
clause with a flight word and a date speaks of the flight that left (or came
home) on that date. A launch on another day than an event's is another
flight; a return is the same flight only after its launch, within the
length of a long stay in orbit. The clause's date is its own flight word's
(:func:`archive.extract.events.attach`), and people who launch, fly or land
in it, or are forced to land, are crew (:func:`mark_flight_subjects`).

Each list is looked at once, over a window of a few chunks: linear time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.extract.dates import DateContext, DateMention, resolve
from archive.extract.lists import person_lists
from archive.extract.refs import Chunk
from archive.extract.tokens import words
from archive.model import EntityKind, EventKind

if TYPE_CHECKING:
    from archive.extract.persons import PersonMention

_LAUNCH_WORDS = words(
    "launched flew flown lifted blasted rode arrived docked carried traveled travelled aboard"
)
_RETURN_WORDS = words("landed returned splashed home")
_RETURN_EVENTS = frozenset({EventKind.LANDING, EventKind.SPLASHDOWN, EventKind.UNDOCKING})
_FLIGHT_EVENTS = _RETURN_EVENTS | {EventKind.LAUNCH, EventKind.DOCKING}
_NOUN_BEFORE = words("the a an their its his her our 's")
_LEFT_STOPS = words("since after before when while because although though until ; : . ( )")
_RIGHT_STOPS = frozenset({";", ":", ".", "(", ")", "—", "–"}) | words(
    "before after when while since until because although though as whereas"
)
_MONTHS = {
    m: n
    for n, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_WINDOW = 14
# How many days after a flight date (launch or return) an event of each class may
# be on and still be that flight's: a launch is its own day, a docking a day or
# three later, a return up to a long stay in orbit after the launch.
_FITS = {
    ("launch", "launch"): (-1, 1),
    ("launch", "dock"): (-1, 3),
    ("launch", "return"): (-1, 450),
    ("return", "return"): (-1, 1),
    ("return", "launch"): (-450, 1),
    ("return", "dock"): (-450, 1),
}


@dataclass(frozen=True, slots=True)
class FlightDate:
    """The date a clause gives the flight its people flew on, and what that flight did then."""

    date: DateMention
    kind: str  # "launch" (a launch, arrival or docking) or "return"


def mark_flight_dates(chunks: list[Chunk], people: list[PersonMention]) -> list[tuple[int, int]]:
    """Give each list of a sentence the date of the flight its clause speaks of.

    Returns the clauses (chunk ranges) that have both a flight word and a date.
    """
    spans: list[tuple[int, int]] = []
    for group in person_lists(chunks, people):
        a, b = _span(chunks, group)
        kind = _kind(chunks, a, b)
        date = _date(chunks, a, b, group[0].first) if kind is not None else None
        if kind is None or date is None:
            continue
        for pm in group:
            pm.flight = FlightDate(date, kind)
        spans.append((a, b))
    return spans


def _span(chunks: list[Chunk], group: list[PersonMention]) -> tuple[int, int]:
    """The clause around a list: back to a comma or a subordinator, on to a stop."""
    a = group[0].first - 1
    if a >= 0 and chunks[a].norm == ",":
        a -= 1  # "Their replacements, A and B ..."
    start = a
    while a >= 0 and start - a < _WINDOW and chunks[a].norm not in _LEFT_STOPS | {","}:
        a -= 1
    b = group[-1].last + 1
    if b < len(chunks) and chunks[b].norm == ",":
        b += 1  # the comma closing an apposition, or opening ", who ..."
    end = b
    while b < len(chunks) and b - end < _WINDOW and chunks[b].norm not in _RIGHT_STOPS:
        if chunks[b].norm == "," and not _passes(chunks, b):
            break
        b += 1
    return a + 1, b


def _passes(chunks: list[Chunk], k: int) -> bool:
    """A comma inside a clause: before its date, or around a place ("Zhezkazgan, Kazakhstan,")."""
    nxt = chunks[k + 1] if k + 1 < len(chunks) else None
    if nxt is None:
        return False
    if nxt.cat == "date" or (
        nxt.norm == "on" and k + 2 < len(chunks) and chunks[k + 2].cat == "date"
    ):
        return True
    place = nxt.cat == "ent" and nxt.ref is not None
    return place and nxt.ref.kind in {EntityKind.PLACE, EntityKind.COUNTRY}  # type: ignore[union-attr]


def _kind(chunks: list[Chunk], a: int, b: int) -> str | None:
    """ "return" when the clause lands or comes home, "launch" when it only flies, else None."""
    found: set[str] = set()
    for k in range(a, b):
        c = chunks[k]
        if c.cat == "trigger" and c.event in _FLIGHT_EVENTS:
            if k > 0 and chunks[k - 1].norm in _NOUN_BEFORE:
                continue  # "before the launch": the event is referred to, not done here
            found.add("return" if c.event in _RETURN_EVENTS else "launch")
        elif c.norm in _RETURN_WORDS:
            found.add("return")
        elif c.norm in _LAUNCH_WORDS:
            found.add("launch")
    if "return" in found:
        return "return"
    return "launch" if found else None


def _date(chunks: list[Chunk], a: int, b: int, near: int) -> DateMention | None:
    """The date of the clause nearest the list: written, or a month ("home in May")."""
    found: list[tuple[int, DateMention]] = []
    for k in range(a, b):
        c = chunks[k]
        if c.cat == "date" and c.date is not None:
            found.append((abs(k - near), c.date))
        elif c.norm == "in" and k + 1 < b and chunks[k + 1].norm in _MONTHS:
            month = chunks[k + 1]
            year = chunks[k + 2] if k + 2 < b else None
            y = (
                int(year.text)
                if year is not None and year.text.isdigit() and len(year.text) == 4
                else None
            )
            m = _MONTHS[month.norm]
            found.append((abs(k - near), DateMention(month.start, month.end, month.text, y, m)))
    return min(found, key=lambda f: f[0])[1] if found else None


def fits(fd: FlightDate, kind: EventKind, date: str | None, ctx: DateContext) -> bool:
    """Whether a flight date may be that of an event of this kind on this date (ISO).

    >>> ctx = DateContext(published=None, full_dates=())
    >>> launched = FlightDate(DateMention(0, 0, "", 2021, 11, 11), "launch")
    >>> fits(launched, EventKind.LAUNCH, "2022-10-05", ctx)
    False
    >>> fits(launched, EventKind.LANDING, "2022-05-06", ctx)
    True
    """
    if date is None or kind not in _FLIGHT_EVENTS:
        return True
    event = dt.date.fromisoformat(date)
    days = _days(fd.date, ctx, event)
    if days is None:
        return True
    return _within(days, fd.kind, kind, event)


def _within(days: tuple[dt.date, dt.date], flight: str, kind: EventKind, event: dt.date) -> bool:
    """Whether an event of ``kind`` on ``event`` fits a flight that did ``flight`` in ``days``."""
    if kind not in _FLIGHT_EVENTS:
        return True
    lo, hi = days
    cls = "return" if kind in _RETURN_EVENTS else "dock" if kind == EventKind.DOCKING else "launch"
    back, ahead = _FITS[(flight, cls)]
    return lo <= event - dt.timedelta(days=back) and hi >= event - dt.timedelta(days=ahead)


def same_flight(launch: str, kind: EventKind, date: str) -> bool:
    """Whether an event of this kind on ``date`` may belong to the flight launched on ``launch``.

    >>> same_flight("1975-05-24", EventKind.LANDING, "1975-04-05")
    False
    >>> same_flight("2020-10-14", EventKind.LANDING, "2021-04-17")
    True
    """
    day = dt.date.fromisoformat(launch)
    return _within((day, day), "launch", kind, dt.date.fromisoformat(date))


def _days(d: DateMention, ctx: DateContext, event: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date may stand for ("in May": the May before the event)."""
    if d.day is not None or d.relative is not None or d.weekday is not None:
        iso = resolve(d, ctx)
        return None if iso is None else (dt.date.fromisoformat(iso),) * 2
    if d.month is None:
        return None
    year = d.year
    if year is None:
        year = event.year if dt.date(event.year, d.month, 1) <= event else event.year - 1
    first = dt.date(year, d.month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


_SUBJECT_VERBS = words(
    "launched flew lifted blasted landed returned splashed arrived docked rode traveled travelled"
)
_ADVERBS = words("also then later both all first together safely had have has")
_ABOARD = words("aboard onboard inside")
_FORCED_TO = words("make land return abort")
_WHERE = words("aboard onboard station space orbit home earth")


def mark_flight_subjects(chunks: list[Chunk], people: list[PersonMention]) -> None:
    """People who launch, fly, land or are aboard a spacecraft in a clause are crew.

    "A, B and C launched from Baikonur aboard Soyuz MS-22", "A and B were
    aboard the Soyuz MS-10 spacecraft", "forced A and B to make an
    emergency landing".
    """
    for group in person_lists(chunks, people):
        if _subjects(chunks, group[-1].last + 1) or _forced(chunks, group):
            for pm in group:
                pm.traits.crew = pm.traits.sure = True
                pm.is_person = pm.is_person or len(pm.name.words) >= 2  # what a person does


def _subjects(chunks: list[Chunk], k: int) -> bool:
    while k < len(chunks) and chunks[k].norm in _ADVERBS:
        k += 1
    if k >= len(chunks):
        return False
    verb = chunks[k].norm
    rest = chunks[k + 1 : k + 1 + _WINDOW // 2]
    if verb in {"was", "were"} and rest and rest[0].norm in _ABOARD:
        return any(_craft(c) for c in rest[:5])
    if verb not in _SUBJECT_VERBS:
        return False
    return any(_craft(c) or c.norm in _WHERE for c in rest)


def _forced(chunks: list[Chunk], group: list[PersonMention]) -> bool:
    a, b = group[0].first - 1, group[-1].last + 1
    return (
        a >= 0
        and chunks[a].norm in {"forced", "forcing"}
        and b + 1 < len(chunks)
        and chunks[b].norm == "to"
        and chunks[b + 1].norm in _FORCED_TO
    )


def _craft(c: Chunk) -> bool:
    return (
        c.cat == "ent"
        and c.ref is not None
        and c.ref.kind in {EntityKind.SPACECRAFT, EntityKind.STATION}
    )
