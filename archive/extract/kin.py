"""Husbands, wives and other relatives named beside the people who fly.

"Commander Thomas Marshburn's wife, astronaut Ann Marshburn", "Karen
Nyberg, wife of Flight Engineer Douglas Hurley", "Nyberg is married to
fellow NASA astronaut Doug Hurley", "NASA astronauts A, B's husband, and C":
a relation joins two people, and one of them came to see the other fly. A
sentence only says who holds the relation word ("wife", or the one "married
to" another); which of the two flew is for the whole article to say
(:func:`resolve_kin`): the one the captions put in a crew outright (a crew
role, a crew list, "carrying ...", "X launched ...") flies and the other is
the relative; when neither or both are said so, the holder is the relative,
or nobody is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.extract.refs import Chunk
from archive.extract.tokens import words

if TYPE_CHECKING:
    from archive.extract.merge import Person
    from archive.extract.persons import PersonMention

_POSSESSIVES = words("his her their")
_MARRIED = words("married wed")
_BE = words("is was are were has have had been also now got")
_ASIDE_END = frozenset({",", "and", ")", ".", ";"})


def _kin_word(c: Chunk) -> bool:
    return c.cat == "people" and c.word is not None and c.word.kin


def mark_kin(chunks: list[Chunk], people: list[PersonMention]) -> None:
    """Find each relation of one sentence and the person on its other side."""
    by_index = {pm.index: pm for pm in people}
    for n, pm in enumerate(people):
        if pm.traits.kin and pm.kin_partner is None:
            pm.kin_partner = _possessor(chunks, pm, by_index) or _of_whom(chunks, pm, by_index)
            after_his = pm.first >= 1 and chunks[pm.first - 1].norm in _POSSESSIVES
            if pm.kin_partner is None and n > 0 and after_his:
                pm.kin_partner = people[n - 1]  # "Jim Lovell and his wife Marilyn"
        _married(chunks, pm, people[n + 1] if n + 1 < len(people) else None)
        _aside(chunks, pm, by_index)


def _possessor(
    chunks: list[Chunk], pm: PersonMention, by_index: dict[int, PersonMention]
) -> PersonMention | None:
    """ "Scott Kelly's wife, astronaut Amiko Kauderer": the name before the "'s"."""
    for j in range(pm.first, pm.index):
        if chunks[j].cat == "poss" and j >= 1 and chunks[j - 1].cat == "name":
            return by_index.get(j - 1)
    return None


def _of_whom(
    chunks: list[Chunk], pm: PersonMention, by_index: dict[int, PersonMention]
) -> PersonMention | None:
    """ "Karen Nyberg, wife of Flight Engineer Douglas Hurley": the name after "of"."""
    k = pm.index + 1
    if k >= len(chunks) or chunks[k].norm != ",":
        return None
    m = k + 1
    while m < len(chunks) and m - k <= 4 and not _kin_word(chunks[m]):
        m += 1
    if m + 1 >= len(chunks) or chunks[m + 1].norm != "of":
        return None
    for q in range(m + 2, min(len(chunks), m + 7)):
        if chunks[q].cat == "name":
            return by_index.get(q)
        if chunks[q].cat not in {"people", "ent", "demonym", "poss"}:
            return None
    return None


def _married(chunks: list[Chunk], pm: PersonMention, nxt: PersonMention | None) -> None:
    """ "Smith is married to NASA astronaut Jane Roe": Roe holds the relation."""
    if nxt is None:
        return
    between = [c.norm for c in chunks[pm.last + 1 : nxt.first]]
    if len(between) < 3 or between[-1] != "to" or between[-2] not in _MARRIED:
        return
    if all(w in _BE for w in between[:-2]):
        nxt.traits.kin = nxt.traits.noncrew = True
        nxt.kin_partner = pm


def _aside(chunks: list[Chunk], pm: PersonMention, by_index: dict[int, PersonMention]) -> None:
    """ "A, B's husband, and C": A is B's husband; B is no member of the list."""
    k = pm.last + 1
    if k + 4 > len(chunks) or chunks[k].norm != "," or chunks[k + 2].cat != "poss":
        return
    other = by_index.get(k + 1)
    if other is None or not _kin_word(chunks[k + 3]):
        return
    if k + 4 < len(chunks) and chunks[k + 4].norm not in _ASIDE_END:
        return
    pm.traits.kin = pm.traits.noncrew = True
    pm.kin_partner = other
    pm.last = k + 3
    other.aside = other.is_person = True  # named for A's sake: says nothing of B itself


def _sure(p: Person | None) -> bool:
    return p is not None and any(pm.traits.sure for _, pm in p.mentions)


def resolve_kin(people: list[Person]) -> None:
    """Settle, for each relation the captions name, which of its two people is the relative.

    Sets :attr:`~archive.extract.merge.Person.relative`.
    """
    owner = {id(pm): p for p in people for _, pm in p.mentions}
    for p in people:
        for _, pm in p.mentions:
            if not pm.traits.kin:
                continue
            q = owner.get(id(pm.kin_partner)) if pm.kin_partner is not None else None
            q = None if q is p else q
            mine, theirs = _sure(p), _sure(q)
            if q is not None and mine and not theirs:
                q.relative = True  # "A, B's husband," with A in a crew list: B came to watch
            elif not mine:
                p.relative = True  # the holder, unless the captions put them in a crew
