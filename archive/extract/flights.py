"""Who flew on which flight: the crew and the other people of each event.

The captions of one article name the crew of its flight and often people of
other flights (the station crew aboard, an earlier crew, spectators; see
:mod:`archive.extract.elsewhere`). Each mention of a person ties them to a
spacecraft or to none; a person is crew of a flight event when a mention ties
them to its spacecraft, or when an untied mention, which no clause puts
elsewhere, leaves them to the article's main flight.
"""

from __future__ import annotations

from archive.extract.collect import SentenceNotes
from archive.extract.dates import DateContext
from archive.extract.eventgraph import Draft
from archive.extract.flightdates import fits
from archive.extract.merge import Person, Things
from archive.extract.persons import PersonMention
from archive.extract.triggers import FLIGHT_EVENTS
from archive.model import EntityKind, EventKind

_ONLOOKERS = frozenset({"spectator", "host", "stayer", "inside"})


def crew_of(
    d: Draft, people: list[Person], main_craft: str | None, things: Things, ctx: DateContext
) -> list[Person]:
    """The people the captions make crew of this event's spacecraft (or, for a spacewalk, in it).

    ``main_craft`` is the spacecraft the article names most: its flight is the
    one untied crew mentions speak of. ``ctx`` resolves the dates of the
    flights mentions speak of (see :mod:`archive.extract.flightdates`).
    """
    crew = [p for p in people if p.is_crew]
    if d.kind == EventKind.SPACEWALK:
        inside = {id(pm) for s in d.sentences for pm in s.people if pm.elsewhere not in _ONLOOKERS}
        return [p for p in crew if any(id(pm) in inside for _, pm in p.mentions)]
    if d.kind not in FLIGHT_EVENTS:
        return []
    if d.other:
        # A flight of another crew ("an emergency landing" months before the launch):
        # its crew are the people whose clauses date their flight to it.
        return [p for p in crew if any(_dated_to(pm, d, ctx) for _, pm in p.mentions)]
    return [p for p in crew if _flies_on(p, d, main_craft, things, ctx)]


def _dated_to(pm: PersonMention, d: Draft, ctx: DateContext) -> bool:
    return pm.flight is not None and pm.traits.crew and fits(pm.flight, d.kind, d.date, ctx)


def _flies_on(
    p: Person, d: Draft, main_craft: str | None, things: Things, ctx: DateContext
) -> bool:
    """Whether a crew member's mentions put them on the flight of ``d``.

    A mention tied to a spacecraft (or a flight mission) counts for that one
    only; an untied mention counts for the article's main flight; a mention
    the sentence puts elsewhere (a spectator, the crew already aboard, the
    crew of an earlier flight) never counts for the main flight, and nor
    does one whose clause dates its flight to another day.
    """
    untied = False
    for s, pm in p.mentions:
        if not (pm.traits.crew or s.crew_activity):
            continue
        if pm.flight is not None and not fits(pm.flight, d.kind, d.date, ctx):
            continue  # "it carried A to the station on Nov. 11, 2021": another flight
        craft = _mention_craft(s, pm, things)
        away = _away(pm, d.kind)
        if away and pm.elsewhere in _OTHER and _said_craft(pm, things) == d.craft:
            return True  # "Soyuz MS-22 crew member X, who flew twice before": this flight's
        if away:
            if craft is not None and craft == d.craft and craft != main_craft:
                return True  # the crew of that other flight, which the article also shows
            continue
        if _other_mission(pm, d, things):
            continue
        if craft is not None:
            if craft == d.craft:
                return True
            continue
        untied = True
    return untied and d.craft in {main_craft, None}


_RETURNS = frozenset({EventKind.LANDING, EventKind.SPLASHDOWN, EventKind.UNDOCKING})
_OTHER = frozenset({"other", "flew-before", "returned"})
_ALWAYS_AWAY = frozenset({"earlier", "successor"})


def _away(pm: PersonMention, kind: EventKind) -> bool:
    """Whether a mention puts the person off a flight event of this kind.

    "who launched in September" is off a launch but on the landing six
    months later; "who returned to Earth on Nov. 8" the other way round. A
    crew role said with the name is this flight's.
    """
    if pm.elsewhere in _ALWAYS_AWAY:
        return True  # the crew of a capsule's earlier flight, the next crew: whatever role
    if pm.elsewhere in {None, "inside"} or (pm.elsewhere in _OTHER and pm.traits.role):
        return False
    if pm.elsewhere == "flew-before":
        return kind not in _RETURNS
    if pm.elsewhere == "returned":
        return kind not in _RETURNS - {EventKind.UNDOCKING}
    return True


def _mention_craft(s: SentenceNotes, pm: PersonMention, things: Things) -> str | None:
    """The spacecraft one mention ties a person to, if any.

    Said with the name ("Soyuz MS-22 commander", "the Shenzhou-17 crew of"),
    in a relative clause about the person, or the one spacecraft the rest of
    the sentence names.
    """
    for ref in (pm.traits.craft, pm.tie):
        if ref is not None and ref.kind == EntityKind.SPACECRAFT:
            return things.resolve(ref).key
    if not pm.traits.crew:
        return None
    crafts = {
        things.resolve(c.ref).key
        for k, c in enumerate(s.chunks)
        if c.cat == "ent"
        and c.ref is not None
        and c.ref.kind == EntityKind.SPACECRAFT
        and not (k < len(s.relative) and s.relative[k])
    }
    return crafts.pop() if len(crafts) == 1 else None


def _said_craft(pm: PersonMention, things: Things) -> str | None:
    """The spacecraft written with the name itself ("Soyuz MS-22 commander X")."""
    ref = pm.traits.craft
    if ref is None or ref.kind != EntityKind.SPACECRAFT:
        return None
    return things.resolve(ref).key


def _other_mission(pm: PersonMention, d: Draft, things: Things) -> bool:
    """ "Crew-7 astronauts" in an article about Crew-6: another flight's crew."""
    ref = pm.traits.expedition
    if ref is None or ref.name.startswith("Expedition") or d.expedition is None:
        return False
    return things.resolve(ref).key != d.expedition


def participants_of(d: Draft, owner: dict[int, Person], crew: list[Person]) -> list[Person]:
    """People named in the clauses that are about the event, who are not its crew.

    ``owner`` maps each person mention (by ``id``) to its person.
    """
    crew_ids = {id(p) for p in crew}
    found: dict[int, Person] = {}
    for s in d.main_sentences:
        for pm in s.people:
            p = owner.get(id(pm))
            if p is not None and id(p) not in crew_ids:
                found.setdefault(id(p), p)
    return list(found.values())
