"""Events of an article: merging event mentions, then giving each its facts.

A launch, landing, splashdown, docking or undocking happens once per
spacecraft: its mentions merge by spacecraft (a mention naming none joins the
article's spacecraft). Other events merge by kind and date. Each event takes
the date and place its clauses give most weight to (a place inside another
named place wins over it: "Launch Complex 39A" over "near the Kennedy Space
Center"), and its crew are the people the captions make crew of its
spacecraft.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from archive.extract.collect import SentenceNotes
from archive.extract.dates import DateContext, resolve
from archive.extract.events import FLOATING, MAIN, PlaceMention, Trigger
from archive.extract.merge import Person, Things
from archive.extract.refs import Chunk, Ref
from archive.extract.triggers import FLIGHT_EVENTS
from archive.model import EntityKind, EventKind, Mention

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


def draft_events(
    sentences: list[SentenceNotes], things: Things, ctx: DateContext, title_craft: Ref | None = None
) -> list[Draft]:
    """Merge the event mentions of an article and choose each event's date and place.

    ``title_craft`` is the spacecraft the article's own title names, used only
    when no caption names one.
    """
    craft_counts = _craft_counts(sentences, things)
    main_craft = min(craft_counts, key=lambda k: (-craft_counts[k], k)) if craft_counts else None
    if main_craft is None and title_craft is not None:
        main_craft = things.add(title_craft, None, None).ref.key
    drafts: list[Draft] = []
    for s in sentences:
        for t in s.triggers:
            if t.dropped:
                continue
            craft = _craft_near(s, t, things) if t.kind in FLIGHT_EVENTS else None
            _place_in(drafts, s, t, craft or (main_craft if t.kind in FLIGHT_EVENTS else None), ctx)
    drafts = _merge_undated(drafts)
    primary = _primary(drafts)
    if primary is not None:
        for s in sentences:
            if not s.triggers:
                _lend(primary, s, ctx, things)
    for d in drafts:
        _choose(d, things)
    for d in sorted(drafts, key=lambda d: d.kind != _LAUNCH):
        _fall_back(d, drafts, things, ctx)
    return drafts


def _craft_counts(sentences: list[SentenceNotes], things: Things) -> Counter[str]:
    counts: Counter[str] = Counter()
    for s in sentences:
        for c in s.ents(EntityKind.SPACECRAFT):
            assert c.ref is not None
            counts[things.resolve(c.ref).key] += 1
    return counts


def _craft_near(s: SentenceNotes, t: Trigger, things: Things) -> str | None:
    best: tuple[int, str] | None = None
    for k, c in enumerate(s.chunks):
        if c.cat == "ent" and c.ref is not None and c.ref.kind == EntityKind.SPACECRAFT:
            cand = (abs(k - t.index), things.resolve(c.ref).key)
            best = cand if best is None or cand < best else best
    return best[1] if best else None


def _place_in(
    drafts: list[Draft], s: SentenceNotes, t: Trigger, craft: str | None, ctx: DateContext
) -> None:
    own = _best(_date_votes(t.dates, ctx))
    for d in drafts:
        if d.kind != t.kind:
            continue
        if t.kind in FLIGHT_EVENTS and d.craft == craft:
            break
        if t.kind not in FLIGHT_EVENTS and (own is None or own == _best(d.dates)):
            break
    else:
        d = Draft(t.kind, craft)
        drafts.append(d)
    d.mentions.append((s, t))
    for iso, w in _date_votes(t.dates, ctx).items():
        d.dates[iso] = d.dates.get(iso, 0.0) + w
    d.launch_day = d.launch_day or any(
        c.date and c.date.relative == "launch day" for c, _ in t.dates
    )
    for _, ref, w in t.places:
        _vote(d.places, ref, w, d.kind)


def _date_votes(dates: list[tuple[Chunk, float]], ctx: DateContext) -> dict[str, float]:
    out: dict[str, float] = {}
    for c, w in dates:
        iso = resolve(c.date, ctx) if c.date is not None else None
        if iso is not None:
            out[iso] = out.get(iso, 0.0) + w
    return out


def _vote(places: dict[str, float], ref: Ref, w: float, kind: EventKind) -> None:
    site = ref.site or (ref.entry is not None and ref.entry.kind == "launch-site")
    bonus = 2.0 if kind == _LAUNCH and site else 1.0
    places[ref.key] = places.get(ref.key, 0.0) + w * bonus


def _best(votes: dict[str, float]) -> str | None:
    if not votes:
        return None
    order = list(votes)
    return max(order, key=lambda k: (votes[k], -order.index(k)))


def _merge_undated(drafts: list[Draft]) -> list[Draft]:
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


def _primary(drafts: list[Draft]) -> Draft | None:
    for kinds in ({_LAUNCH}, FLIGHT_EVENTS):
        found = [d for d in drafts if d.kind in kinds]
        if found:
            return found[0]
    return drafts[0] if drafts else None


def _lend(primary: Draft, s: SentenceNotes, ctx: DateContext, things: Things) -> None:
    """A sentence with no event word lends its date and place to the main event, weakly."""
    for what, item, w in s.floating:
        if what == "date" and isinstance(item, Chunk) and item.date is not None:
            iso = resolve(item.date, ctx)
            if iso is not None:
                primary.dates[iso] = primary.dates.get(iso, 0.0) + w
        elif isinstance(item, PlaceMention) and (
            primary.kind != _LAUNCH or _near_site(item.ref, things)
        ):
            _vote(primary.places, item.ref, w, primary.kind)


def _near_site(ref: Ref, things: Things) -> bool:
    """A launch site, or a place the gazetteer puts one in (a photo "in Baikonur")."""
    if ref.site or (ref.entry is not None and ref.entry.kind == "launch-site"):
        return True
    return ref.entry is not None and ref.entry.id in things.gaz.site_containers


def _choose(d: Draft, things: Things) -> None:
    d.date = _best(d.dates)
    d.place = _best_place(d.places, things)
    d.vehicle = _pick(d.sentences, things, EntityKind.VEHICLE) if d.kind == _LAUNCH else None
    station = _pick(d.sentences, things, EntityKind.STATION)
    if d.kind in {_LAUNCH, EventKind.DOCKING, EventKind.UNDOCKING}:
        d.destination = station
    if d.place is None and d.kind in {EventKind.DOCKING, EventKind.UNDOCKING, EventKind.SPACEWALK}:
        d.place = station
    if d.kind in FLIGHT_EVENTS:
        d.expedition = _article_pick(things, EntityKind.EXPEDITION)
    if d.kind == _LAUNCH and d.vehicle is None:
        d.vehicle = _article_pick(things, EntityKind.VEHICLE, only=True)


def _fall_back(d: Draft, drafts: list[Draft], things: Things, ctx: DateContext) -> None:
    """What an event's own clauses do not say, from the rest of the article.

    A walk-out happens on launch day, so each lends the other its date; a
    launch with no date at all takes the article's publication date, the
    likeliest day of a gallery of it.
    """
    if d.date is None and (d.launch_day or d.kind == EventKind.WALKOUT):
        d.date = _date_of(drafts, _LAUNCH)
    if d.date is None and d.kind == _LAUNCH:
        d.date = _date_of(drafts, EventKind.WALKOUT)
        if d.date is None and ctx.published is not None:
            d.date = ctx.published.isoformat()
    if d.place is None and d.kind == _LAUNCH:
        d.place = _article_site(things) or _town_of_others(d, drafts, things)


def _date_of(drafts: list[Draft], kind: EventKind) -> str | None:
    dated = [o.date for o in drafts if o.kind == kind and o.date]
    return dated[0] if len(set(dated)) == 1 else None


def _best_place(votes: dict[str, float], things: Things) -> str | None:
    """The most specific well-supported place: a place gains the votes of places containing it."""
    if not votes:
        return None
    score: dict[str, float] = {}
    for key, w in votes.items():
        outer = [t.ref.key for t in things.chain(key)[1:]]
        score[key] = w + sum(votes.get(o, 0.0) for o in outer)
    return _best(score)


def _article_site(things: Things) -> str | None:
    """The launch site the article names most: where its launch most likely was."""
    sites = [
        (len(t.mentions), k)
        for k, t in things.by_key.items()
        if t.mentions
        and (t.ref.site or (t.ref.entry is not None and t.ref.entry.kind == "launch-site"))
    ]
    return min(sites, key=lambda f: (-f[0], f[1]))[1] if sites else None


def _town_of_others(d: Draft, drafts: list[Draft], things: Things) -> str | None:
    """The town the article's other events happened in ("a news conference in Baikonur").

    Crews meet the press and are seen off where they fly from, so that town is
    the best guess for a launch whose captions name no place.
    """
    for other in drafts:
        if other is d or other.place is None:
            continue
        towns = [t for t in things.chain(other.place) if t.ref.kind == EntityKind.PLACE]
        if towns:
            return towns[-1].ref.key
    return None


def _pick(sentences: list[SentenceNotes], things: Things, kind: EntityKind) -> str | None:
    counts: Counter[str] = Counter()
    for s in sentences:
        for c in s.ents(kind):
            assert c.ref is not None
            counts[things.resolve(c.ref).key] += 1
    if not counts:
        return None
    return min(counts, key=lambda k: (-counts[k], k))


def _article_pick(things: Things, kind: EntityKind, *, only: bool = False) -> str | None:
    found = [(len(t.mentions), k) for k, t in things.by_key.items() if t.ref.kind == kind]
    found = [f for f in found if f[0] > 0]
    if not found or (only and len(found) > 1):
        return None
    return min(found, key=lambda f: (-f[0], f[1]))[1]


def crew_of(
    d: Draft, people: list[Person], main_craft: str | None, things: Things, flying: set[str]
) -> list[Person]:
    """The people the captions make crew of this event's spacecraft (or, for a spacewalk, in it).

    ``flying`` are the spacecraft that have flight events in the article.
    """
    crew = [p for p in people if p.is_crew]
    if d.kind == EventKind.SPACEWALK:
        inside = {id(pm) for s in d.sentences for pm in s.people}
        return [p for p in crew if any(id(pm) in inside for _, pm in p.mentions)]
    if d.kind not in FLIGHT_EVENTS:
        return []
    out: list[Person] = []
    for p in crew:
        craft = _person_craft(p, things)
        if craft not in flying:
            craft = None  # "prepares to board the Shenzhou V": no flight of its own here
        if craft == d.craft or (craft is None and d.craft in {main_craft, None}):
            out.append(p)
    return out


def _person_craft(p: Person, things: Things) -> str | None:
    for s, pm in p.mentions:
        ref = pm.traits.craft
        if ref is not None and ref.kind == EntityKind.SPACECRAFT:
            return things.resolve(ref).key
        crafts = {things.resolve(c.ref).key for c in s.ents(EntityKind.SPACECRAFT) if c.ref}
        if len(crafts) == 1 and pm.traits.crew:
            return crafts.pop()
    return None


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


__all__ = ["FLOATING", "MAIN", "Draft", "crew_of", "draft_events", "participants_of"]
