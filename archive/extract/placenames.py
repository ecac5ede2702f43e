"""Place names that neither the gazetteer nor a place noun makes whole.

A capitalised compass word before a known place names a region of it ("the
South Pacific Ocean", "the South Pacific", "Western Siberia"): the region is
the event's place, inside the place it is part of. A name before "module",
"airlock" or "node" ("the Tianhe core module", "the Harmony module", "the
Quest airlock") is a part of a space station: a place in orbit, inside the
station written with it ("the International Space Station's Harmony
module", "the Tianhe core module of the Chinese space station"). After a
module's kind the name may follow it ("the space station core module
Tianhe").
"""

from __future__ import annotations

from archive.extract.claims import Claims
from archive.extract.names import CAP_STOP
from archive.extract.places import title_case
from archive.extract.refs import Ref
from archive.extract.tokens import words
from archive.model import EntityKind

_COMPASS = frozenset(
    {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
     "Northeast", "Northwest", "Southeast", "Southwest", "North-East", "North-West",
     "South-East", "South-West", "Northeastern", "Northwestern", "Southeastern", "Southwestern"}
)  # fmt: skip
_MODULE_HEADS = words("module airlock node")
_MODULE_KINDS = words(
    "core laboratory lab service docking habitation utility experiment science multipurpose"
)
# Parts of a spacecraft, not of a station ("command module", "Lunar Module").
_CRAFT_PARTS = words("command lunar descent ascent crew orbital reentry re-entry return landing")
_PLACE_KINDS = frozenset({EntityKind.PLACE, EntityKind.COUNTRY})


def regions(cl: Claims) -> None:
    """ "the South Pacific Ocean": a compass word joins the known place after it."""
    toks = cl.tokens
    for k in range(1, len(toks)):
        c = cl.chunk(k)
        if c is None or c.i != k or c.cat != "ent" or c.ref is None:
            continue
        if c.ref.kind not in _PLACE_KINDS or c.ref.site or toks[k - 1].text not in _COMPASS:
            continue
        if not cl.free(k - 1, k):
            continue
        inner = c.ref
        for m in range(c.i, c.j):
            cl.owner[m] = None
        name = f"{toks[k - 1].text} {c.text}"
        cl.claim("ent", k - 1, c.j, ref=Ref(EntityKind.PLACE, name, within=inner))


def modules(cl: Claims) -> None:
    """ "the Tianhe core module", "the Harmony module": a station's part, a place in orbit."""
    toks = cl.tokens
    for h in range(1, len(toks)):
        if toks[h].norm not in _MODULE_HEADS or not cl.free(h, h + 1):
            continue
        k = h - 1
        if toks[k].norm in _MODULE_KINDS and cl.free(k, k + 1):
            k -= 1
        a = k + 1
        while a > 0 and h - a < 3 and cl.free(a - 1, a) and _module_name(toks[a - 1].text):
            a -= 1
        if a <= k and toks[a].norm not in _CRAFT_PARTS:
            ref = Ref(EntityKind.PLACE, title_case(toks[a : h + 1]), orbital=True,
                      within=_station_of(cl, a, h + 1))  # fmt: skip
            cl.claim("ent", a, h + 1, ref=ref)
        elif a > k and k + 1 < h:
            _named_after(cl, k + 1, h)


def _named_after(cl: Claims, kind: int, h: int) -> None:
    """ "the space station core module Tianhe": a module's name after its kind and head."""
    toks = cl.tokens
    n = h + 1
    if n >= len(toks) or not cl.free(n, n + 1) or not _module_name(toks[n].text):
        return
    if n + 1 < len(toks) and toks[n + 1].is_cap:
        return  # "core module Tianhe Zhang": not one name
    name = f"{title_case(toks[n : n + 1])} {title_case(toks[kind : h + 1])}"
    ref = Ref(EntityKind.PLACE, name, orbital=True, within=_station_of(cl, kind, n + 1))
    cl.claim("ent", kind, n + 1, ref=ref)


def _module_name(text: str) -> bool:
    return text[:1].isupper() and text.lower() not in CAP_STOP


def _station_of(cl: Claims, a: int, b: int) -> Ref | None:
    """The station written with a module: "the ISS's X module", "X module of the station"."""
    before = cl.chunk(a - 2) if a >= 2 and cl.tokens[a - 1].norm == "'s" else None
    k = b + 1 if b < len(cl.tokens) and cl.tokens[b].norm == "of" else -1
    while 0 <= k < len(cl.tokens) and cl.tokens[k].norm in {"the", "china's"}:
        k += 1
    after = cl.chunk(k) if k >= 0 else None
    for c in (before, after):
        if c is not None and c.cat == "ent" and c.ref and c.ref.kind == EntityKind.STATION:
            return c.ref
    return None
