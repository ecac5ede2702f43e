"""Cutting one sentence into chunks: what each span of tokens is.

Recognisers run in a fixed order and each claims tokens no earlier one
claimed: dates, image positions and parentheses, spacecraft designations,
gazetteer labels, things named by a spacecraft or rocket noun, places and
organisations named by their head noun, people words and event words, and
last the capitalised runs that may be names. Every step is a left-to-right
walk, so a sentence costs time linear in its length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from archive.extract import craft, places
from archive.extract.dates import find_dates
from archive.extract.gazetteer import Gazetteer, Hit
from archive.extract.names import CAP_STOP, is_name_word, name_runs
from archive.extract.refs import Chunk, Ref
from archive.extract.roles import PEOPLE_WORDS, Word
from archive.extract.tokens import Token, tokenize
from archive.extract.triggers import TRIGGERS
from archive.model import EntityKind, EventKind

_PAREN = re.compile(r"\(([^()\n]{1,80})\)")
_POSITION = re.compile(
    r"(?:(?:\d(?:st|nd|rd|th)|second|third|fourth|fifth|front|back|rear|top|bottom|far|middle|"
    r"upper|lower|row|seated|standing|centre|center)[\s,-]*){0,3}"
    r"(?:L|R|C|left|right|centre|center|top|bottom|front|back|rear|middle|"
    r"L-R|R-L|L to R|from L|from left|left to right|clockwise from top left)",
    re.IGNORECASE,
)
_KIND_ORDER = ("space-station", "spacecraft", "launch-site", "place", "organization", "country",
               "vehicle", "spacecraft-family")  # fmt: skip


class _Claims:
    """Which chunk each token belongs to."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.owner: list[Chunk | None] = [None] * len(tokens)
        self._starts = [t.start for t in tokens]

    def free(self, i: int, j: int) -> bool:
        return 0 <= i < j <= len(self.tokens) and all(o is None for o in self.owner[i:j])

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens lying exactly within characters ``[start, end)``."""
        i = bisect.bisect_left(self._starts, start)
        j = i
        while j < len(self.tokens) and self.tokens[j].end <= end:
            j += 1
        return (i, j) if j > i else None

    def claim(self, cat: str, i: int, j: int, **kw: object) -> Chunk | None:
        if not self.free(i, j):
            return None
        toks = self.tokens
        text = kw.pop("text", None) or _text(toks, i, j)
        chunk = Chunk(cat, i, j, toks[i].start, toks[j - 1].end, str(text), **kw)  # type: ignore[arg-type]
        for k in range(i, j):
            self.owner[k] = chunk
        return chunk

    def chunk(self, i: int) -> Chunk | None:
        return self.owner[i] if 0 <= i < len(self.owner) else None


def _text(toks: Sequence[Token], i: int, j: int) -> str:
    return craft.designation_text(list(toks[i:j]))


def annotate(text: str, start: int, end: int, gaz: Gazetteer) -> list[Chunk]:
    """The chunks of the sentence ``text[start:end]``, in order."""
    tokens = tokenize(text, start, end)
    cl = _Claims(tokens)
    for d in find_dates(text, start, end):
        if (sp := cl.span(d.start, d.end)) is not None:
            cl.claim("date", *sp, date=d)
    _parens(text, start, end, cl, gaz)
    for a, b, ref in craft.find_designated(text, start, end, gaz, _capsule_word):
        if (sp := cl.span(a, b)) is not None:
            cl.claim("ent", *sp, ref=ref)
    _gazetteer(cl, gaz)
    _craft_heads(cl, gaz)
    _named_heads(cl, gaz)
    _lexicon(cl)
    _leaving(cl)
    free = [o is None for o in cl.owner]
    for i, j in name_runs(tokens, free):
        cl.claim("name", i, j)
    return _finish(cl)


def _parens(text: str, start: int, end: int, cl: _Claims, gaz: Gazetteer) -> None:
    for m in _PAREN.finditer(text, start, end):
        sp = cl.span(m.start(), m.end())
        if sp is None or not cl.free(*sp):
            continue
        inner = m.group(1).strip()
        if _POSITION.fullmatch(inner):
            cl.claim("pos", *sp, pos=inner)
        else:
            hit = gaz.lookup(inner)
            ref = craft.entry_ref(hit) if hit is not None else None
            cl.claim("paren", *sp, ref=ref, extra={"inner": inner})


def _gazetteer(cl: _Claims, gaz: Gazetteer) -> None:
    toks = cl.tokens
    i = 0
    while i < len(toks):
        hits = gaz.match(toks, i, cl.owner) if cl.owner[i] is None else []
        if not hits:
            i += 1
            continue
        j = hits[0].j
        demonyms = [h for h in hits if h.demonym]
        names = [h for h in hits if not h.demonym]
        if demonyms and (not names or _before_people(cl, j)):
            cl.claim("demonym", i, j, ref=craft.entry_ref(demonyms[0].entry))
        else:
            cl.claim("ent", i, j, ref=_choose(names, cl, j))
        i = j


def _before_people(cl: _Claims, j: int) -> bool:
    """Whether a people word or a capitalised word follows (so "U.S." is an adjective)."""
    toks = cl.tokens
    if j >= len(toks):
        return False
    hit = PEOPLE_WORDS.match(toks, j)
    return hit is not None or (toks[j].is_cap and toks[j].norm not in CAP_STOP)


def _choose(hits: list[Hit], cl: _Claims, j: int) -> Ref:
    """One reading of an ambiguous label: "Soyuz" is a rocket before "rocket"."""
    by_kind = {h.entry.kind: h.entry for h in hits}
    toks = cl.tokens
    if "vehicle" in by_kind and "spacecraft-family" in by_kind:
        is_rocket = craft.VEHICLE_HEADS.match(toks, j) is not None
        if not is_rocket:
            return craft.family_ref(by_kind["spacecraft-family"])
        return craft.entry_ref(by_kind["vehicle"])
    for kind in _KIND_ORDER:
        if kind in by_kind:
            entry = by_kind[kind]
            return (
                craft.family_ref(entry) if kind == "spacecraft-family" else craft.entry_ref(entry)
            )
    return craft.entry_ref(hits[0].entry)


def _craft_heads(cl: _Claims, gaz: Gazetteer) -> None:
    """Names before a spacecraft or rocket noun, and after a spacecraft noun."""
    toks = cl.tokens
    for h in range(len(toks)):
        if not cl.free(h, h + 1):
            continue
        is_craft = craft.SPACECRAFT_HEADS.match(toks, h)
        is_rocket = craft.VEHICLE_HEADS.match(toks, h)
        if is_craft is None and is_rocket is None:
            continue
        kind = EntityKind.SPACECRAFT if is_craft else EntityKind.VEHICLE
        left = cl.chunk(h - 1)
        if left is not None and left.cat == "ent" and left.ref is not None:
            # "the Crew Dragon spacecraft Resilience" names a capsule of the family;
            # after "Apollo 13 command module" a name is the module's, not a new craft.
            if kind == EntityKind.SPACECRAFT and left.ref.generic and is_craft is not None:
                _name_after(cl, is_craft[0], left.ref)
            continue
        a = h
        while a > 0 and h - a < 4 and cl.free(a - 1, a) and _designation_word(toks[a - 1]):
            a -= 1
        if a < h and any(t.is_cap for t in toks[a:h]):
            ref = Ref(kind, _text(toks, a, h))
            cl.claim("ent", a, h, ref=ref)
        elif kind == EntityKind.SPACECRAFT and is_craft is not None:
            _name_after(cl, is_craft[0], None)


def _name_after(cl: _Claims, k: int, family_ref: Ref | None) -> None:
    """ "the Crew Dragon spacecraft Resilience": a capsule name after the noun."""
    toks = cl.tokens
    if k >= len(toks) or not cl.free(k, k + 1) or not _capsule_word(toks[k].text):
        return
    if not is_name_word(toks[k]) or (k + 1 < len(toks) and is_name_word(toks[k + 1])):
        return  # "the spacecraft Koichi Wakata..." is no capsule name
    name = toks[k].text
    if family_ref is not None and family_ref.family is not None:
        full = f"{family_ref.family.name} {name}"
        ref = Ref(EntityKind.SPACECRAFT, full, (name,), family=family_ref.family)
    else:
        ref = Ref(EntityKind.SPACECRAFT, name)
    cl.claim("ent", k, k + 1, ref=ref)


def _designation_word(tok: Token) -> bool:
    if tok.norm in CAP_STOP or not tok.is_word:
        return False
    if any(c.isdigit() for c in tok.text):
        return True
    return tok.is_cap and PEOPLE_WORDS.match([tok], 0) is None


def _capsule_word(word: str) -> bool:
    """A word that may be a capsule's name (not a role, month or event word)."""
    toks = tokenize(word)
    if len(toks) != 1 or toks[0].norm in CAP_STOP:
        return False
    return PEOPLE_WORDS.match(toks, 0) is None and TRIGGERS.match(toks, 0) is None


def _named_heads(cl: _Claims, gaz: Gazetteer) -> None:
    toks = cl.tokens
    for h in range(len(toks)):
        if not cl.free(h, h + 1):
            continue
        hit = places.PLACE_HEADS.match(toks, h) or places.ORG_HEADS.match(toks, h)
        if hit is None:
            continue
        j, head = hit
        assert isinstance(head, places.Head)
        if not (toks[h].is_cap or head.lower_ok) or not cl.free(h, j):
            continue
        span = _head_span(cl, h, j, head.text)
        if span is None:
            continue
        a, b = span
        kind = EntityKind.PLACE if head.cat == "place" else EntityKind.ORGANIZATION
        name = places.title_case(toks[a:b])
        entry = gaz.lookup(name)
        ref = (
            craft.entry_ref(entry)
            if entry is not None
            else Ref(kind, name, (), site=_site(kind, name))
        )
        for k in range(a, b):  # a demonym inside ("Turkish Space Agency") joins the name
            if (c := cl.owner[k]) is not None and c.cat == "demonym":
                for m in range(c.i, c.j):
                    cl.owner[m] = None
        cl.claim("ent", a, b, ref=ref)


def _site(kind: EntityKind, name: str) -> bool:
    return kind == EntityKind.PLACE and places.is_launch_site_name(name)


def _head_span(cl: _Claims, h: int, j: int, head: str) -> tuple[int, int] | None:
    toks = cl.tokens
    k = j
    if (
        places.head_first(toks[h].norm)
        and toks[h].is_cap
        and k + 1 < len(toks)
        and toks[k].norm == "of"
        and cl.free(k, k + 2)
        and is_name_word(toks[k + 1])
    ):
        return h, k + 2  # "Gulf of Mexico"
    b = j
    if places.takes_designation(head) and b < len(toks) and cl.free(b, b + 1):
        b += int(any(c.isdigit() for c in toks[b].text) and len(toks[b].text) <= 6)
    a = h
    while a > 0:
        k = a - 1
        own = cl.chunk(k)
        if own is not None and own.cat == "demonym" and own.j == k + 1:
            a = own.i  # "the Turkish Space Agency"
            continue
        if not cl.free(k, k + 1) or not _name_part(toks, k):
            break
        a = k
    while a < h and places.is_connector(toks[a].norm):
        a += 1
    if a == h and b == j:
        return None  # a bare head noun ("the hotel") names nothing
    if a == h and not toks[h].is_cap:
        return None
    return a, b


def _name_part(toks: list[Token], k: int) -> bool:
    """A word that may stand in a place's or organisation's name."""
    tok = toks[k]
    if tok.is_cap and tok.is_word and (tok.norm not in CAP_STOP or tok.is_upper):
        return True
    return places.is_connector(tok.norm) and k > 0 and toks[k - 1].is_cap


def _lexicon(cl: _Claims) -> None:
    toks = cl.tokens
    i = 0
    while i < len(toks):
        if not cl.free(i, i + 1):
            i += 1
            continue
        person = PEOPLE_WORDS.match(toks, i, cl.owner)
        trigger = TRIGGERS.match(toks, i, cl.owner)
        if trigger is not None and (person is None or trigger[0] > person[0]):
            kind = trigger[1]
            if isinstance(kind, EventKind):
                cl.claim("trigger", i, trigger[0], event=kind)
            else:
                cl.claim("word", i, trigger[0])
            i = trigger[0]
        elif person is not None:
            assert isinstance(person[1], Word)
            cl.claim("people", i, person[0], word=person[1])
            i = person[0]
        else:
            i += 1


_LEAVE = frozenset(
    {"leave", "leaves", "left", "leaving", "depart", "departs", "departed", "departing", "exit",
     "exits", "exited", "exiting", "emerge", "emerges", "emerging"}
)  # fmt: skip
_QUARTERS = ("building", "hotel", "quarters", "checkout", "facility", "center", "centre")


def _leaving(cl: _Claims) -> None:
    """ "depart the Operations and Checkout Building": crews walking out to the pad.

    Also "EVA" in capitals, a spacewalk (in lower case it may be a name).
    """
    toks = cl.tokens
    for i, tok in enumerate(toks):
        if not cl.free(i, i + 1):
            continue
        if tok.text in {"EVA", "EVAs"}:
            cl.claim("trigger", i, i + 1, event=EventKind.SPACEWALK)
            continue
        if tok.norm not in _LEAVE:
            continue
        k = i + 1
        while k < len(toks) and toks[k].norm in {"the", "their", "of", "from"}:
            k += 1
        place = cl.chunk(k)
        ref = place.ref if place is not None and place.cat == "ent" else None
        if ref is None or ref.kind != EntityKind.PLACE or ref.site:
            continue
        if any(q in ref.name.lower() for q in _QUARTERS):
            cl.claim("trigger", i, i + 1, event=EventKind.WALKOUT)


def _finish(cl: _Claims) -> list[Chunk]:
    out: list[Chunk] = []
    i = 0
    toks = cl.tokens
    while i < len(toks):
        own = cl.owner[i]
        if own is None:
            cat = "word" if toks[i].is_word else "punct"
            if toks[i].norm in {"'s", "s'"}:
                cat = "poss"
            own = cl.claim(cat, i, i + 1)
            assert own is not None
        out.append(own)
        i = own.j
    return out
