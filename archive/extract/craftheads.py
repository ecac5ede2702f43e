"""Spacecraft and rockets named by the nouns around them, and names an article teaches.

A capitalised name before a spacecraft or rocket noun is one ("the Gaganyaan
G1 capsule", "the Zhuque-2 rocket"); a name after a spacecraft noun is a
capsule's ("the Crew Dragon spacecraft Resilience"), and after a module noun
("the command module Odyssey", "lunar module Eagle") a part of the article's
spacecraft, not another one. A designation right after a known rocket keeps
the variant ("Falcon 9 Block 5", "Atlas V N22", "Long March-2F Y12"), and so
does a variant written after a hyphen ("Zenit-3SL", "Soyuz-2.1v"). A
spacecraft name recognised once is recognised everywhere in the article
("Sigma 7 splashes down" after "the Sigma 7 spacecraft").
"""

from __future__ import annotations

import re

from archive.extract import craft
from archive.extract.claims import Claims
from archive.extract.gazetteer import Gazetteer
from archive.extract.names import CAP_STOP, is_name_word
from archive.extract.refs import Chunk, Ref
from archive.extract.roles import PEOPLE_WORDS
from archive.extract.tokens import PhraseTrie, Token, tokenize
from archive.extract.triggers import TRIGGERS
from archive.model import EntityKind

PART_HEADS = PhraseTrie(
    dict.fromkeys(
        ("command module", "lunar module", "service module", "descent module", "orbital module",
         "reentry module", "re-entry module", "lunar lander", "ascent stage", "descent stage"),
        "part",
    )
)  # fmt: skip
# What may follow a known rocket's name as its variant or serial: "Block 5", "N22", "Y12", "FT".
_VARIANT = re.compile(r"^(?:[A-Z]{1,2}\d{1,3}[A-Za-z]?|v\d(?:\.\d)?|FT|B\d{4}|\d{3})$")
_BLOCK = re.compile(r"^[Bb]lock (?:\d{1,2}|[IVX]{1,4})$")


def craft_heads(cl: Claims) -> None:
    """Names before a spacecraft or rocket noun, and after a spacecraft noun."""
    toks = cl.tokens
    for h in range(len(toks)):
        if not cl.free(h, h + 1):
            continue
        is_craft = craft.SPACECRAFT_HEADS.match(toks, h)
        is_rocket = craft.VEHICLE_HEADS.match(toks, h)
        if is_craft is None and is_rocket is None:
            continue
        if toks[h].is_cap and h + 1 < len(toks) and is_name_word(toks[h + 1]):
            continue  # "the Manned Spacecraft Operations Building": inside another name
        kind = EntityKind.SPACECRAFT if is_craft else EntityKind.VEHICLE
        part = is_craft is not None and PART_HEADS.match(toks, h) is not None
        left = cl.chunk(h - 1)
        if left is not None and left.cat == "ent" and left.ref is not None:
            if is_craft is not None:
                _name_of(cl, is_craft[0], left.ref, part)
            continue
        a = h
        while a > 0 and h - a < 4 and cl.free(a - 1, a) and _designation_word(toks[a - 1]):
            a -= 1
        if a < h and any(t.is_cap for t in toks[a:h]):
            cl.claim("ent", a, h, ref=Ref(kind, craft.designation_text(toks[a:h])))
        elif is_craft is not None:
            _name_after(cl, is_craft[0], None, part)


def _name_of(cl: Claims, k: int, left: Ref, part: bool) -> None:
    """A name after "<known craft> <noun>": the family's capsule, or the craft's module."""
    if left.kind != EntityKind.SPACECRAFT:
        return
    if left.generic:
        _name_after(cl, k, left, part)  # "the Crew Dragon spacecraft Resilience"
    elif part and _single_name(cl, k):
        # "the Apollo 13 command module Odyssey": another name of Apollo 13.
        name = cl.tokens[k].text
        ref = Ref(left.kind, left.name, (name,), entry=left.entry, family=left.family)
        cl.claim("ent", k, k + 1, ref=ref)


def _single_name(cl: Claims, k: int) -> bool:
    toks = cl.tokens
    if k >= len(toks) or not cl.free(k, k + 1) or not capsule_word(toks[k].text):
        return False
    return is_name_word(toks[k]) and not (k + 1 < len(toks) and is_name_word(toks[k + 1]))


def _name_after(cl: Claims, k: int, family_ref: Ref | None, part: bool) -> None:
    """ "the Crew Dragon spacecraft Resilience": a capsule name after the noun."""
    if not _single_name(cl, k):
        return  # "the spacecraft Koichi Wakata..." is no capsule name
    name = cl.tokens[k].text
    if part:
        ref = Ref(EntityKind.SPACECRAFT, name, part=True)  # "the lunar module Eagle"
    elif family_ref is not None and family_ref.family is not None:
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


def capsule_word(word: str) -> bool:
    """A word that may be a capsule's name (not a role, month or event word)."""
    toks = tokenize(word)
    if len(toks) != 1 or toks[0].norm in CAP_STOP:
        return False
    return PEOPLE_WORDS.match(toks, 0) is None and TRIGGERS.match(toks, 0) is None


def variants(cl: Claims) -> None:
    """ "Falcon 9 Block 5", "Atlas V N22": a known rocket keeps the variant written after it."""
    toks = cl.tokens
    for k in range(1, len(toks)):
        c = cl.chunk(k - 1)
        if c is None or c.j != k or c.cat != "ent" or c.ref is None:
            continue
        if c.ref.kind != EntityKind.VEHICLE or not cl.free(k, k + 1):
            continue
        block = toks[k].norm == "block" and cl.free(k + 1, k + 2)
        j = k + 2 if block else k + 1
        suffix = craft.designation_text(toks[k:j])
        if not (_VARIANT.match(suffix) or _BLOCK.match(suffix)):
            continue
        base = c.ref
        name = f"{base.name} {suffix}"
        written = (f"{c.text} {suffix}", base.name, *base.alternate_names)
        alts = tuple(a for a in written if a != name)
        i = c.i
        for m in range(c.i, c.j):
            cl.owner[m] = None
        cl.claim("ent", i, j, ref=Ref(EntityKind.VEHICLE, name, alts))


_SUFFIX = re.compile(r"^(?=[\w.]*\d|[A-Z]{1,3}$)[\w.]{1,6}$")


def hyphenated(cl: Claims, gaz: Gazetteer) -> None:
    """ "Zenit-3SL", "Long March-2C", "Soyuz-2.1v": a known rocket and its variant in one word.

    The gazetteer knows the family ("Zenit", "Long March", "Soyuz"); the
    variant after the hyphen (digits, or one to three capitals) names the
    rocket, which keeps the family as another name.
    """
    toks = cl.tokens
    for i, tok in enumerate(toks):
        head, sep, suffix = tok.text.partition("-")
        if not sep or not cl.free(i, i + 1) or not _SUFFIX.match(suffix) or not head[:1].isupper():
            continue
        for a in (i - 1, i):
            if a < 0 or not cl.free(a, i + 1) or not toks[a].is_cap:
                continue
            base = " ".join([*(t.text for t in toks[a:i]), head])
            entry = gaz.lookup(base, ("vehicle",))
            if entry is not None:
                name = craft.designation_text(toks[a : i + 1])
                ref = Ref(EntityKind.VEHICLE, name, (entry.name,))
                cl.claim("ent", a, i + 1, ref=ref)
                break


MAX_LEARNED = 64
"""No article names more spacecraft than this; hostile text does not make reading slower."""


def learn(sentences: list[list[Chunk]]) -> tuple[PhraseTrie, list[str]] | None:
    """The spacecraft names an article's sentences recognised, to find them everywhere.

    Only names that cannot be ordinary words are learned: with a digit
    ("Sigma 7"), of two words or more, or a capsule of a known family. A
    label two spacecraft share keeps the one named first. Returns the trie
    and the labels (case-folded), or None when nothing was learned.
    """
    labels: dict[str, Ref] = {}
    for chunks in sentences:
        for c in chunks:
            ref = c.ref if c.cat == "ent" else None
            if ref is None or ref.kind != EntityKind.SPACECRAFT or ref.generic or ref.entry:
                continue
            for label in sorted({c.text, ref.name, *ref.alternate_names}):
                toks = tokenize(label)
                new = toks and toks[0].is_cap and _distinct(label, toks, ref)
                if new and len(labels) < MAX_LEARNED:
                    labels.setdefault(label.casefold(), ref)
    if not labels:
        return None
    trie = PhraseTrie()
    for label in sorted(labels):
        trie.add(label, labels[label])
    return trie, sorted(labels)


def _distinct(label: str, toks: list[Token], ref: Ref) -> bool:
    return any(ch.isdigit() for ch in label) or len(toks) >= 2 or ref.family is not None


def learned(cl: Claims, trie: PhraseTrie) -> None:
    """Claim the article's learned spacecraft names."""
    toks = cl.tokens
    i = 0
    while i < len(toks):
        hit = trie.match(toks, i, cl.owner) if toks[i].is_cap else None
        if hit is None or not isinstance(hit[1], Ref):
            i += 1
            continue
        cl.claim("ent", i, hit[0], ref=hit[1])
        i = hit[0]
