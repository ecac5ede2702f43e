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

from archive.extract import vehicles
from archive.extract.collect import SentenceNotes
from archive.extract.dates import DateContext, resolve
from archive.extract.drafts import Draft, best, landings_at_sea, merge_undated, settle_apart
from archive.extract.events import FLOATING, MAIN, PlaceMention, Trigger
from archive.extract.fallbacks import fall_back
from archive.extract.merge import Things
from archive.extract.refs import Chunk, Ref
from archive.extract.relativedays import dated, hours_after_launch, same_day, sentence_date
from archive.extract.triggers import FLIGHT_EVENTS
from archive.model import EntityKind, EventKind

_LAUNCH = EventKind.LAUNCH


def draft_events(
    sentences: list[SentenceNotes], things: Things, ctx: DateContext, title_craft: Ref | None = None
) -> list[Draft]:
    """Merge the event mentions of an article and choose each event's date and place.

    ``title_craft`` is the spacecraft the article's own title names, used only
    when no caption names one.
    """
    main_craft = article_craft(sentences, things, title_craft)
    drafts: list[Draft] = []
    previous: str | None = None  # the date the sentence before gave
    for s in sentences:
        for t in s.triggers:
            if t.dropped or (t.relative and not _names_own_craft(s, t)):
                continue  # "who launched in October": background, not an event of the article
            if not t.dates and previous is not None and same_day(s):
                t.dates.append((dated(previous), MAIN))  # "Seven hours later, ... lifts off"
            craft = _craft_near(s, t, things) if t.kind in FLIGHT_EVENTS else None
            # "the April 5 failure that forced A and B to make an emergency landing":
            # a flight of other people, the article's craft's only if its date allows.
            apart = t.aside and craft is None and t.kind in FLIGHT_EVENTS
            flight_craft = craft or (main_craft if t.kind in FLIGHT_EVENTS else None)
            _place_in(drafts, s, t, flight_craft, ctx, apart)
        previous = sentence_date(s, ctx) or previous
    drafts = merge_undated(drafts)
    primary = _primary(drafts)
    if primary is not None:
        for s in sentences:
            if not s.triggers:
                _lend(primary, s, ctx, things)
    drafts = settle_apart(landings_at_sea(drafts))
    for d in drafts:
        _choose(d, things)
        if d.kind == EventKind.LANDING and _at_sea(d.place, things):
            d.kind = EventKind.SPLASHDOWN  # "after landing in the Gulf of Mexico"
    launches = [d for d in drafts if d.kind == _LAUNCH]
    for d in launches:
        # A rocket another launch's own clauses name is that launch's, not a variant of this one's.
        others = {o.vehicle for o in launches if o is not d and o.vehicle is not None}
        d.vehicle = vehicles.refine(d.vehicle, things, others)
        d.vehicle = d.vehicle or vehicles.article_vehicle(things, others)
    places = figure_places(sentences)
    for d in sorted(drafts, key=lambda d: d.kind != _LAUNCH):
        fall_back(d, drafts, things, ctx, places)
    return drafts


def _names_own_craft(s: SentenceNotes, t: Trigger) -> bool:
    """Whether the relative clause of ``t`` is about a spacecraft.

    It names one ("who launched on Soyuz MS-17") or follows one ("aboard the
    Crew Dragon Endurance, which lifted off on Oct. 5").
    """
    k = t.index
    while k > 0 and s.relative[k - 1]:
        k -= 1
    if s.chunks[k].norm == "which" and any(
        c.ref is not None and c.ref.kind == EntityKind.SPACECRAFT
        for c in s.chunks[max(0, k - 4) : k - 1]
    ):
        return True
    while k < len(s.chunks) and k < len(s.relative) and s.relative[k]:
        c = s.chunks[k]
        if c.cat == "ent" and c.ref is not None and c.ref.kind == EntityKind.SPACECRAFT:
            return True
        k += 1
    return False


def article_craft(
    sentences: list[SentenceNotes], things: Things, title_craft: Ref | None = None
) -> str | None:
    """The article's main spacecraft: the one its captions name most, else its title's.

    A name in a sentence about a flight event counts twice, one in a relative
    clause not at all ("who flew on Shenzhou-6"); of two, the one named first.
    """
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for s in sentences:
        weight = 2 if any(t.kind in FLIGHT_EVENTS and not t.dropped for t in s.triggers) else 1
        for k, c in enumerate(s.chunks):
            if c.cat != "ent" or c.ref is None or c.ref.kind != EntityKind.SPACECRAFT:
                continue
            if k < len(s.relative) and s.relative[k]:
                continue
            key = things.resolve(c.ref).key
            counts[key] += weight
            order.setdefault(key, len(order))
    if counts:
        return min(counts, key=lambda k: (-counts[k], order[k]))
    return things.add(title_craft, None, None).ref.key if title_craft is not None else None


def _craft_near(s: SentenceNotes, t: Trigger, things: Things) -> str | None:
    """The spacecraft of an event word: the nearest one named, or the subject's.

    "The Shenzhou-16 crew handed over the station to the Shenzhou-17 crew
    before undocking": an event only referred to in a gerund ("before
    undocking", "after landing") is done by the sentence's subject.
    """
    crafts = [
        (k, things.resolve(c.ref).key)
        for k, c in enumerate(s.chunks)
        if c.cat == "ent" and c.ref is not None and c.ref.kind == EntityKind.SPACECRAFT
        and not (k < len(s.relative) and s.relative[k] and not t.relative)
    ]  # fmt: skip
    if not crafts:
        return None
    if t.weight != MAIN and t.chunk.norm.endswith("ing") and crafts[0][0] < t.index:
        return crafts[0][1]
    return min(crafts, key=lambda kc: (abs(kc[0] - t.index), kc[1]))[1]


def _place_in(
    drafts: list[Draft],
    s: SentenceNotes,
    t: Trigger,
    craft: str | None,
    ctx: DateContext,
    apart: bool = False,
) -> None:
    own = best(_date_votes(t.dates, ctx))
    for d in drafts:
        if d.kind != t.kind or d.other != apart:
            continue
        if t.kind in FLIGHT_EVENTS and d.craft == craft:
            break
        if t.kind not in FLIGHT_EVENTS and (own is None or own == best(d.dates)):
            break
    else:
        d = Draft(t.kind, craft, other=apart)
        drafts.append(d)
    d.mentions.append((s, t))
    for iso, w in _date_votes(t.dates, ctx).items():
        d.dates[iso] = d.dates.get(iso, 0.0) + w
    d.launch_day = d.launch_day or any(
        c.date and c.date.relative == "launch day" for c, _ in t.dates
    )
    d.launch_day = d.launch_day or (t.kind != _LAUNCH and hours_after_launch(s))
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


_WATERS = frozenset({"ocean", "sea", "gulf", "bay", "pacific", "atlantic"})


def _at_sea(place: str | None, things: Things) -> bool:
    return place is not None and any(
        w in _WATERS for t in things.chain(place) for w in t.ref.name.lower().split()
    )


def _primary(drafts: list[Draft]) -> Draft | None:
    for kinds in ({_LAUNCH}, FLIGHT_EVENTS):
        found = [d for d in drafts if d.kind in kinds and not d.other]
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


_IN_ORBIT = frozenset({EventKind.DOCKING, EventKind.UNDOCKING, EventKind.SPACEWALK})


def _choose(d: Draft, things: Things) -> None:
    d.date = best(d.dates)
    votes = d.places
    if d.kind in _IN_ORBIT:
        # A spacewalk or a docking is where the station is, whatever ground
        # place its sentence names ("called the crew from the White House").
        votes = {k: w for k, w in votes.items() if _orbital(things, k)}
    if d.kind == EventKind.WALKOUT:
        votes = _centres(votes, things)
    d.place = __best_place(votes, things)
    if d.kind == _LAUNCH:
        d.vehicle = _pick(d.sentences, things, EntityKind.VEHICLE)
    station = _pick(d.sentences, things, EntityKind.STATION)
    if d.kind in {_LAUNCH, EventKind.DOCKING, EventKind.UNDOCKING}:
        d.destination = station
    if d.place is None and d.kind in _IN_ORBIT:
        module = _pick(d.sentences, things, EntityKind.PLACE, orbital=True)
        d.place = module or station or _article_pick(things, EntityKind.STATION, only=True)
    if d.kind in FLIGHT_EVENTS:
        d.expedition = _article_pick(things, EntityKind.EXPEDITION)


def __best_place(votes: dict[str, float], things: Things) -> str | None:
    """The most specific well-supported place: a place gains the votes of places containing it."""
    if not votes:
        return None
    score: dict[str, float] = {}
    for key, w in votes.items():
        outer = [t.ref.key for t in things.chain(key)[1:]]
        score[key] = w + sum(votes.get(o, 0.0) for o in outer)
    return best(score)


def _centres(votes: dict[str, float], things: Things) -> dict[str, float]:
    """Crews walk out of a building, never of a pad: a pad's votes go to its space centre."""
    out: dict[str, float] = {}
    for key, w in votes.items():
        thing = things.by_key.get(key)
        entry = thing.ref.entry if thing is not None else None
        if entry is not None and entry.kind == "launch-site":
            sites = [e for e in things.gaz.containers(entry) if e.kind == "launch-site"]
            key = things.add_entry(sites[-1]).ref.key if sites else key
        out[key] = out.get(key, 0.0) + w
    return out


def _orbital(things: Things, key: str) -> bool:
    thing = things.by_key.get(key)
    return thing is not None and (thing.ref.kind == EntityKind.STATION or thing.ref.orbital)


def _pick(
    sentences: list[SentenceNotes], things: Things, kind: EntityKind, *, orbital: bool = False
) -> str | None:
    counts: Counter[str] = Counter()
    for s in sentences:
        for c in s.ents(kind):
            assert c.ref is not None
            if orbital and not c.ref.orbital:
                continue
            counts[things.resolve(c.ref).key] += 1
    if not counts:
        return None
    return min(counts, key=lambda k: (-counts[k], k))


def _article_pick(things: Things, kind: EntityKind, *, only: bool = False) -> str | None:
    """The entity of a kind the article names most; of two, the one it names first."""
    found = [
        (len(t.mentions), n, k)
        for n, (k, t) in enumerate(things.by_key.items())
        if t.ref.kind == kind and t.mentions
    ]
    if not found or (only and len(found) > 1):
        return None
    return min(found, key=lambda f: (-f[0], f[1]))[2]


def figure_places(sentences: list[SentenceNotes]) -> dict[int, list[Ref]]:
    """The places each caption names."""
    out: dict[int, list[Ref]] = {}
    for s in sentences:
        if s.figure is not None:
            out.setdefault(s.figure, []).extend(p.ref for p in s.places)
    return out


__all__ = ["FLOATING", "MAIN", "Draft", "article_craft", "draft_events", "figure_places"]
