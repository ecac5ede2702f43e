"""Cutting one sentence into chunks: what each span of tokens is.

Recognisers run in a fixed order and each claims tokens no earlier one
claimed: dates, image positions and parentheses, spacecraft designations,
gazetteer labels, things named by a spacecraft or rocket noun, places and
organisations named by their head noun, people words and event words, and
last the capitalised runs that may be names. Every step is a left-to-right
walk, so a sentence costs time linear in its length.
"""

from __future__ import annotations

import re

from archive.extract import craft, craftheads, placenames, places
from archive.extract.claims import Claims
from archive.extract.dates import find_dates
from archive.extract.gazetteer import Gazetteer, Hit
from archive.extract.names import CAP_STOP, is_initial, is_name_word, name_runs
from archive.extract.refs import Chunk, Ref
from archive.extract.roles import PEOPLE_WORDS, Word
from archive.extract.tokens import PhraseTrie, Token, tokenize
from archive.extract.triggers import TRIGGERS
from archive.model import EntityKind, EventKind

_PAREN = re.compile(r"\(([^()\n]{1,80})\)")
_POSITION = re.compile(
    r"(?:(?:\d(?:st|nd|rd|th)|second|third|fourth|fifth|front|back|rear|top|bottom|far|middle|"
    r"upper|lower|row|seated|standing|centre|center)[\s,-]*){0,3}"
    r"(?:L|R|C|left|right|centre|center|top|bottom|front|back|rear|middle|"
    r"L-R|R-L|L to R|R to L|from L|from R|from left|from right|left to right|right to left|"
    r"clockwise from top left)",
    re.IGNORECASE,
)
_KIND_ORDER = ("space-station", "spacecraft", "launch-site", "place", "organization", "country",
               "vehicle", "spacecraft-family")  # fmt: skip


def annotate(
    text: str, start: int, end: int, gaz: Gazetteer, learned: PhraseTrie | None = None
) -> list[Chunk]:
    """The chunks of the sentence ``text[start:end]``, in order.

    ``learned`` are spacecraft names the article's other sentences taught
    (see :func:`archive.extract.craftheads.learn`).
    """
    tokens = tokenize(text, start, end)
    cl = Claims(tokens)
    for d in find_dates(text, start, end):
        if (sp := cl.span(d.start, d.end)) is not None:
            cl.claim("date", *sp, date=d)
    _parens(text, start, end, cl, gaz)
    for a, b, ref in craft.find_designated(text, start, end, gaz, craftheads.capsule_word):
        if (sp := cl.span(a, b)) is not None:
            cl.claim("ent", *sp, ref=ref)
    if learned is not None:
        craftheads.learned(cl, learned)
    _gazetteer(cl, gaz)
    craftheads.hyphenated(cl, gaz)
    placenames.regions(cl)
    craftheads.variants(cl)
    craftheads.craft_heads(cl)
    placenames.modules(cl)
    _named_heads(cl, gaz)
    _awards(cl)
    _lexicon(cl)
    _leaving(cl)
    free = [o is None for o in cl.owner]
    for i, j in name_runs(tokens, free):
        cl.claim("name", i, j)
    return _finish(cl)


def _parens(text: str, start: int, end: int, cl: Claims, gaz: Gazetteer) -> None:
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


def _gazetteer(cl: Claims, gaz: Gazetteer) -> None:
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


def _before_people(cl: Claims, j: int) -> bool:
    """Whether a people word or a capitalised word follows (so "U.S." is an adjective)."""
    toks = cl.tokens
    if j >= len(toks):
        return False
    hit = PEOPLE_WORDS.match(toks, j)
    return hit is not None or (toks[j].is_cap and toks[j].norm not in CAP_STOP)


def _choose(hits: list[Hit], cl: Claims, j: int) -> Ref:
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


def _named_heads(cl: Claims, gaz: Gazetteer) -> None:
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


def _head_span(cl: Claims, h: int, j: int, head: str) -> tuple[int, int] | None:
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
        if k >= 2 and is_initial(toks, k - 1) and cl.free(k - 1, k + 1) and toks[k - 2].is_cap:
            a = k - 1  # "Neil A. Armstrong Operations and Checkout Building"
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
    if head in _SURNAME_HEADS and any(_person_before(toks, m) for m in range(a, h)):
        return None  # "geologist Lina Park", "Astronaut Jim Hall": a person
    return a, b


# Place nouns that are also family names.
_SURNAME_HEADS = frozenset({"park", "hall", "house", "church", "street", "field", "hill"})


def _person_before(toks: list[Token], a: int) -> bool:
    """A person word or a job noun right before a given name."""
    if a == 0:
        return False
    prev = toks[a - 1]
    job = prev.text.islower() and prev.text.endswith(("ist", "er", "or", "ian", "ant", "ent"))
    hit = PEOPLE_WORDS.match(toks, a - 1)
    word = hit[1] if hit is not None and hit[0] == a else None
    return job or (isinstance(word, Word) and word.cat in {"role", "noun", "title"})


def _name_part(toks: list[Token], k: int) -> bool:
    """A word that may stand in a place's or organisation's name."""
    tok = toks[k]
    if tok.is_cap and tok.is_word and (tok.norm not in CAP_STOP or tok.is_upper):
        return True
    return places.is_connector(tok.norm) and k > 0 and toks[k - 1].is_cap


_AWARD_HEADS = frozenset({"medal", "award", "prize", "trophy", "cross", "order", "honor",
                          "honour", "badge", "decoration"})  # fmt: skip


_PRESENT = frozenset({"present", "presents", "presented", "presenting", "receive", "receives",
                      "received", "receiving", "award", "awards", "awarded", "pins", "pinned",
                      "bestows", "bestowed", "confers", "conferred", "decorated"})  # fmt: skip


def _awards(cl: Claims) -> None:
    """ "the Distinguished Service Medal", "the Congressional Space Medal of Honor",
    "Order of Lenin": an award's name, never a person's.

    Presented ("is presented with the ...", "receives the ..."), it names the
    ceremony that presents it.
    """
    toks = cl.tokens
    presenting = any(t.norm in _PRESENT for t in toks)
    for h, tok in enumerate(toks):
        if tok.norm not in _AWARD_HEADS or not tok.is_cap or not cl.free(h, h + 1):
            continue
        a = h
        while a > 0 and h - a < 5 and cl.free(a - 1, a) and _name_part(toks, a - 1):
            a -= 1
        b = h + 1
        if b + 1 < len(toks) and toks[b].norm == "of" and cl.free(b, b + 2) and toks[b + 1].is_cap:
            b += 2  # "... Medal of Honor", "Order of Lenin"
        if b - a >= 2 and presenting:
            cl.claim("trigger", a, b, event=EventKind.CEREMONY)
        elif b - a >= 2:
            cl.claim("award", a, b)


def _lexicon(cl: Claims) -> None:
    toks = cl.tokens
    i = 0
    while i < len(toks):
        if not cl.free(i, i + 1):
            i += 1
            continue
        if is_initial(toks, i) and i > 0 and toks[i - 1].is_cap:
            i += 2  # "James A. Lovell": an initial, not the article "a"
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


def _leaving(cl: Claims) -> None:
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


def _finish(cl: Claims) -> list[Chunk]:
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
