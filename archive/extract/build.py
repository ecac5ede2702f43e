"""From merged notes to the model: entities, events and depictions, sorted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from archive.extract.collect import Notes
from archive.extract.dates import DateContext
from archive.extract.eventgraph import Draft
from archive.extract.flights import crew_of, participants_of
from archive.extract.gazetteer import Gazetteer
from archive.extract.merge import Person, Things
from archive.extract.objects import ObjectMention
from archive.extract.refs import Ref
from archive.extract.roles import PROFESSIONALS
from archive.extract.tokens import fold
from archive.extract.triggers import CREW_EVENTS, FLIGHT_EVENTS
from archive.metadata.ids import event_key
from archive.model import (
    CrewMember,
    Depiction,
    Entity,
    EntityKind,
    Event,
    EventKind,
    Mention,
)

_SHOWN = frozenset({EntityKind.SPACECRAFT, EntityKind.VEHICLE, EntityKind.OBJECT})


def add_objects(notes: Notes, things: Things) -> tuple[dict[int, str], set[str]]:
    """Carried things as entities, merged by head noun.

    Returns the key of each object mention (by ``id``) and the keys of things carried.
    """
    by_head: dict[str, list[tuple[int | None, ObjectMention]]] = {}
    for s in notes.sentences:
        for o in s.objects:
            if all(fold(w) in things.person_words for w in o.text.split()):
                continue  # a person's name the captions use elsewhere, not a thing's
            by_head.setdefault(o.head, []).append((s.figure, o))
    out: dict[int, str] = {}
    carried: set[str] = set()
    for mentions in by_head.values():
        forms = Counter(o.short for _, o in mentions)
        name = min(forms, key=lambda f: (-forms[f], len(f), f))
        written = {o.text for _, o in mentions} | {o.alias for _, o in mentions if o.alias}
        alts = tuple(sorted(written - {name}))
        ref = Ref(EntityKind.OBJECT, name, alts)
        for figure, o in mentions:
            thing = things.add(ref, None, None)
            thing.mentions.append(Mention(figure, o.start, o.end, o.text))
            out[id(o)] = ref.key
            if o.carried:
                carried.add(ref.key)
    return out, carried


def agency_of(p: Person, craft: str | None, things: Things, gaz: Gazetteer) -> str | None:
    """What a crew member flies for: as written; else their country's agency; else the family's."""
    if p.traits.agency is not None:
        return things.add(p.traits.agency, None, None).ref.key
    nat = p.traits.nationality
    professional = p.traits.noun is None or p.traits.noun in PROFESSIONALS
    entry = gaz.get(nat.entry.national_agency_id) if nat and nat.entry and professional else None
    if entry is None and craft is not None and craft in things.by_key:
        family = things.by_key[craft].ref.family
        entry = gaz.get(family.crew_agency_id) if family is not None else None
    return things.add_entry(entry).ref.key if entry is not None else None


def build_events(
    drafts: list[Draft],
    people: list[Person],
    things: Things,
    gaz: Gazetteer,
    objects: dict[int, str],
    carried: set[str],
    article_key: str,
    ctx: DateContext,
    group: Sequence[Mention] = (),
    main_craft: str | None = None,
) -> list[Event]:
    """The model's events, keyed and sorted; events that share a key are merged.

    ``ctx`` resolves the dates clauses give the flights people flew on.

    ``group`` are mentions of the crew as a group; they go to the flight event.
    ``main_craft`` is the article's main spacecraft (see
    :func:`~archive.extract.eventgraph.article_craft`).
    """
    owner = {id(pm): p for p in people for _, pm in p.mentions}
    events: dict[str, Event] = {}
    own = [d for d in drafts if not d.other]  # the article's flight, not one in passing
    crew_draft = next((d for d in own if d.kind == EventKind.LAUNCH), None) or next(
        (d for d in own if d.kind in FLIGHT_EVENTS), None
    )
    for ordinal, d in enumerate(drafts, 1):
        crew = crew_of(d, people, main_craft, things, ctx) if d.kind in CREW_EVENTS else []
        members = tuple(
            sorted(
                (
                    CrewMember(p.key, p.traits.role, agency_of(p, d.craft, things, gaz))
                    for p in crew
                ),
                key=lambda m: m.person,
            )
        )
        mentions = d.mention_objects() + (list(group) if d is crew_draft else [])
        objs = {objects[id(o)] for s in d.sentences for o in s.objects if id(o) in objects}
        if d is crew_draft:
            objs |= carried  # things carried flew with the flight, launch or, failing it, arrival
        key = event_key(
            d.kind,
            spacecraft=d.craft if d.kind in FLIGHT_EVENTS else None,
            date=d.date,
            place=d.place,
            article=article_key,
            ordinal=ordinal,
        )
        event = Event(
            key=key,
            kind=d.kind,
            date=d.date,
            place=d.place,
            spacecraft=d.craft if d.kind in FLIGHT_EVENTS else None,
            vehicle=d.vehicle,
            crew=members,
            participants=tuple(sorted(p.key for p in participants_of(d, owner, crew))),
            objects=tuple(sorted(objs)),
            expedition=d.expedition,
            destination=d.destination,
            figures=tuple(sorted({s.figure for s in d.sentences if s.figure is not None})),
            mentions=tuple(sorted(set(mentions), key=_mention_order)),
        )
        events[key] = _union(events[key], event) if key in events else event
    return [events[k] for k in sorted(events)]


def crew_group_mentions(notes: Notes) -> list[Mention]:
    """Where the captions name the crew as a group ("A three-man crew")."""
    return [Mention(s.figure, a, b, t) for s in notes.sentences for a, b, t in s.crew_mentions]


def _union(a: Event, b: Event) -> Event:
    crew = {m.person: m for m in (*b.crew, *a.crew)}
    return Event(
        key=a.key,
        kind=a.kind,
        date=a.date or b.date,
        place=a.place or b.place,
        spacecraft=a.spacecraft or b.spacecraft,
        vehicle=a.vehicle or b.vehicle,
        crew=tuple(crew[k] for k in sorted(crew)),
        participants=tuple(sorted(set(a.participants) | set(b.participants))),
        objects=tuple(sorted(set(a.objects) | set(b.objects))),
        expedition=a.expedition or b.expedition,
        destination=a.destination or b.destination,
        figures=tuple(sorted(set(a.figures) | set(b.figures))),
        mentions=tuple(sorted(set(a.mentions) | set(b.mentions), key=_mention_order)),
    )


def _mention_order(m: Mention) -> tuple[int, int, int]:
    return (m.figure if m.figure is not None else 1 << 30, m.start, m.end)


def build_entities(people: list[Person], things: Things, agencies: dict[str, str]) -> list[Entity]:
    """Every entity, sorted by key; ``agencies`` gives crew members' derived agencies."""
    out: dict[str, Entity] = {}
    for p in people:
        nat = things.add(p.traits.nationality, None, None).ref.key if p.traits.nationality else None
        org = p.traits.agency or p.traits.affiliation
        aff = things.add(org, None, None).ref.key if org else agencies.get(p.key)
        names = {n.written for n in p.names if len(n.words) >= 2} | set(p.best.variants)
        names.discard(p.best.written)
        mentions = [
            Mention(s.figure, pm.chunk.start, pm.chunk.end, pm.chunk.text) for s, pm in p.mentions
        ]
        out[p.key] = Entity(
            key=p.key,
            kind=EntityKind.PERSON,
            name=p.best.written,
            alternate_names=tuple(sorted(names)),
            mentions=tuple(sorted(set(mentions), key=_mention_order)),
            nationality=nat,
            affiliation=aff,
        )
    things.close()
    for key, t in things.by_key.items():
        names = set(t.ref.alternate_names) | set(t.written)
        names.discard(t.ref.name)
        out[key] = Entity(
            key=key,
            kind=t.ref.kind,
            name=t.ref.name,
            alternate_names=tuple(sorted(names)),
            mentions=tuple(sorted(set(t.mentions), key=_mention_order)),
            located_in=t.located_in,
        )
    return [out[k] for k in sorted(out)]


def build_depictions(
    notes: Notes, people: list[Person], things: Things, objects: dict[int, str]
) -> list[Depiction]:
    """Who and what each image shows, with the position the caption gives."""
    owner = {id(pm): p.key for p in people for _, pm in p.mentions}
    found: dict[tuple[int, str], str | None] = {}

    def add(figure: int, key: str, pos: str | None) -> None:
        if (figure, key) not in found or found[(figure, key)] is None:
            found[(figure, key)] = pos

    for s in notes.sentences:
        if s.figure is None:
            continue
        for pm in s.people:
            key = owner.get(id(pm))
            if key is not None and pm.shown and (s.first or pm.position):
                add(s.figure, key, pm.position)
        if not s.first:
            continue
        for c in s.ents(*_SHOWN):
            assert c.ref is not None
            add(s.figure, things.resolve(c.ref).key, None)
        for o in s.objects:
            if id(o) in objects:
                add(s.figure, objects[id(o)], None)
    return [Depiction(f, k, found[(f, k)]) for f, k in sorted(found)]
