"""What an event's own clauses do not say, from the rest of the article.

A walk-out happens on launch day, so each lends the other its date; a launch
with no date at all takes the article's publication date, the likeliest day
of a gallery of it (unless it is only the background of a relative clause);
a launch with no place takes the launch site the article names most, else
the town its other events happened in; a walk-out with no place takes the
space centre its caption names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.extract.dates import DateContext
from archive.extract.merge import Things
from archive.extract.refs import Ref
from archive.model import EntityKind, EventKind

if TYPE_CHECKING:
    from archive.extract.eventgraph import Draft

_LAUNCH = EventKind.LAUNCH


def fall_back(
    d: Draft,
    drafts: list[Draft],
    things: Things,
    ctx: DateContext,
    figure_places: dict[int, list[Ref]],
) -> None:
    """Fill what ``d``'s own clauses left unsaid (see the module docstring).

    ``figure_places`` are the places each caption names.
    """
    if d.date is None and (d.launch_day or d.kind == EventKind.WALKOUT):
        d.date = _date_of(drafts, _LAUNCH)
    if d.date is None and d.kind == _LAUNCH:
        d.date = _date_of(drafts, EventKind.WALKOUT)
        background = all(t.relative for _, t in d.mentions)
        if d.date is None and ctx.published is not None and not background:
            d.date = ctx.published.isoformat()
    if d.place is None and d.kind == _LAUNCH:
        d.place = _article_site(things) or _town_of_others(d, drafts, things)
    if d.place is None and d.kind == EventKind.WALKOUT:
        d.place = _centre_of_caption(d, figure_places, things)


def _centre_of_caption(d: Draft, figure_places: dict[int, list[Ref]], things: Things) -> str | None:
    """The space centre a walk-out's caption names elsewhere ("walk out of the crew quarters").

    Crews walk out of a building of the centre, not of the pad: a pad named
    in the caption gives the outermost launch site that contains it.
    """
    for s in d.sentences:
        for ref in figure_places.get(s.figure, []) if s.figure is not None else []:
            ref = things.resolve(ref)
            if ref.entry is not None:
                chain = [ref.entry, *things.gaz.containers(ref.entry)]
                sites = [e for e in chain if e.kind == "launch-site"]
                if sites:
                    return things.add_entry(sites[-1]).ref.key
            elif ref.site:
                return ref.key
    return None


def _date_of(drafts: list[Draft], kind: EventKind) -> str | None:
    dated = [o.date for o in drafts if o.kind == kind and o.date and not o.other]
    return dated[0] if len(set(dated)) == 1 else None


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
        towns = [
            t
            for t in things.chain(other.place)
            if t.ref.kind == EntityKind.PLACE and not t.ref.orbital  # no rocket starts in orbit
        ]
        if towns:
            return towns[-1].ref.key
    return None
