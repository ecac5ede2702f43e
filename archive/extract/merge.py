"""Merging mentions across the captions of one article.

People: a full name is one person with every full name that may be the same
("Mike Hopkins", "Michael Hopkins"); a lone surname ("Wakata") joins the one
person it can be. Things: mentions with one key are one thing; a family
reference ("the Soyuz capsule", "Soyuz Commander") becomes the article's
spacecraft of that family. What the mentions say (roles, agencies,
nationalities, crew or not) is merged, the most specific first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from archive.extract.collect import Notes, SentenceNotes
from archive.extract.craft import entry_ref
from archive.extract.gazetteer import GazEntry, Gazetteer
from archive.extract.givennames import canonical_given, given_match
from archive.extract.kin import resolve_kin
from archive.extract.names import PersonName, person_match
from archive.extract.persons import PersonMention, Traits
from archive.extract.refs import Chunk, Ref
from archive.extract.tokens import fold
from archive.metadata.ids import entity_key
from archive.model import EntityKind, Mention

_ROLE_RANK = {"craft": 0, "": 1, "expedition": 2}


@dataclass(slots=True)
class Person:
    """One person of the article, with every mention."""

    best: PersonName
    mentions: list[tuple[SentenceNotes, PersonMention]] = field(default_factory=list)
    forms: dict[str, PersonName] = field(default_factory=dict)  # distinct ways written
    traits: Traits = field(default_factory=Traits)
    crew: bool = False
    activity: bool = False
    relative: bool = False  # the relative of someone who flies (see archive.extract.kin)

    @property
    def key(self) -> str:
        return entity_key(EntityKind.PERSON, self.best.plain or self.best.written)

    @property
    def names(self) -> list[PersonName]:
        return list(self.forms.values())

    def add(self, s: SentenceNotes, pm: PersonMention) -> None:
        self.mentions.append((s, pm))
        self.forms.setdefault(pm.name.written, pm.name)

    @property
    def is_crew(self) -> bool:
        """Crew by what the captions say, and nothing says otherwise."""
        return (self.crew or self.activity) and not self.traits.noncrew and not self.relative


def cluster_people(notes: Notes) -> list[Person]:
    """The people of an article, each mention given to one person at most."""
    all_pms = [(s, pm) for s in notes.sentences for pm in s.people]
    people: list[Person] = []
    by_last: dict[str, list[Person]] = {}  # folded family name -> people (to stay linear)
    givens = _given_names(all_pms)
    for s, pm in all_pms:
        if pm.is_person and len(pm.name.words) >= 2:
            _join_or_start(people, by_last, givens, s, pm)
    for s, pm in all_pms:
        if not pm.is_person and len(pm.name.words) >= 2:
            match = _same(by_last, givens, pm.name)
            if len(match) == 1:
                match[0].add(s, pm)
    by_word: dict[str, list[Person]] = {}
    for p in people:
        for w in {fold(p.best.words[-1]), fold(p.best.words[0])}:
            by_word.setdefault(w, []).append(p)
    singles: dict[str, Person] = {}
    for s, pm in all_pms:
        if len(pm.name.words) == 1:
            _join_single(people, by_word, singles, s, pm)
    for p in people:
        _merge_traits(p)
    resolve_kin(people)
    return people


_MAX_NAMESAKES = 8
"""More given names than this under one family name: hostile text, no short forms merged."""


def _given_names(all_pms: list[tuple[SentenceNotes, PersonMention]]) -> dict[str, set[str]]:
    """The given names written with each family name in the article (folded family name)."""
    out: dict[str, set[str]] = {}
    for _, pm in all_pms:
        if pm.is_person and len(pm.name.words) >= 2:
            out.setdefault(fold(pm.name.words[-1]), set()).add(pm.name.words[0])
    return out


def _same(
    by_last: dict[str, list[Person]], givens: dict[str, set[str]], name: PersonName
) -> list[Person]:
    """The people a full name may be: written alike, or by a short form nobody else shares."""
    out: list[Person] = []
    for p in by_last.get(fold(name.words[-1]), []):
        kinds = {person_match(name, n) for n in p.names}
        if "same" in kinds or ("short" in kinds and not _namesake(name, p, givens)):
            out.append(p)
    return out


def _namesake(name: PersonName, p: Person, givens: dict[str, set[str]]) -> bool:
    """A short form that two different given names of the family may stand for ("Chris"
    beside "Christopher Smith" and "Christina Smith"): it merges nobody."""
    others = givens.get(fold(name.words[-1]), set())
    if len(others) > _MAX_NAMESAKES:
        return True
    return any(_ambiguous(g, others) for g in [name.words[0], *(n.words[0] for n in p.names)])


def _ambiguous(given: str, others: set[str]) -> bool:
    fits = {canonical_given(o) for o in others if given_match(given, o) == "short"}
    return len(fits) > 1


def _join_or_start(
    people: list[Person],
    by_last: dict[str, list[Person]],
    givens: dict[str, set[str]],
    s: SentenceNotes,
    pm: PersonMention,
) -> None:
    match = _same(by_last, givens, pm.name)
    if match:
        p = match[0]
        p.add(s, pm)
        if _better(pm.name, p.best):
            p.best = pm.name
        return
    p = Person(pm.name)
    p.add(s, pm)
    people.append(p)
    by_last.setdefault(fold(pm.name.words[-1]), []).append(p)


def _better(a: PersonName, b: PersonName) -> bool:
    return (len(a.words), a.nickname is not None, len(a.written)) > (
        len(b.words),
        b.nickname is not None,
        len(b.written),
    )


def _join_single(
    people: list[Person],
    by_word: dict[str, list[Person]],
    singles: dict[str, Person],
    s: SentenceNotes,
    pm: PersonMention,
) -> None:
    """A lone name: the one person whose family (else given) name it is."""
    word = fold(pm.name.words[0]) if pm.name.words else ""
    if not word:
        return
    cands = by_word.get(word, [])
    last = [p for p in cands if fold(p.best.words[-1]) == word]
    # A bare name may be a family name written first ("Yang" for Yang Liwei); a
    # titled one is a given name of someone else ("Serova's daughter Elena").
    bare = pm.prefix is None and not pm.traits.noncrew
    match = last or [p for p in cands if bare and fold(p.best.words[0]) == word]
    if len(match) == 1:
        match[0].add(s, pm)
    elif not match and pm.is_person:
        if word not in singles:
            singles[word] = Person(pm.name)
            people.append(singles[word])
        singles[word].add(s, pm)


def _merge_traits(p: Person) -> None:
    ordered = sorted(p.mentions, key=lambda m: (m[0].index, m[1].index))
    p.mentions = ordered
    best_rank = 9
    for s, pm in ordered:
        t = pm.traits
        if t.role is not None and _ROLE_RANK.get(t.role_qual, 1) < best_rank:
            p.traits.role, p.traits.role_qual = t.role, t.role_qual
            best_rank = _ROLE_RANK.get(t.role_qual, 1)
        role, qual = p.traits.role, p.traits.role_qual
        p.traits.absorb(t)
        p.traits.role, p.traits.role_qual = role, qual
        p.crew = p.crew or t.crew
        p.activity = p.activity or (s.crew_activity and pm.is_person and not t.profession)
    # A relation ("wife") says nothing by itself; resolve_kin settles it.
    p.traits.noncrew = any(pm.traits.noncrew and not pm.traits.kin for _, pm in ordered)


@dataclass(slots=True)
class Thing:
    """A non-person entity of the article."""

    ref: Ref
    mentions: list[Mention] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)
    located_in: str | None = None


class Things:
    """Entities by key, with family references resolved."""

    def __init__(self, notes: Notes, gaz: Gazetteer, people: list[Person]) -> None:
        self.gaz = gaz
        self.by_key: dict[str, Thing] = {}
        self._family_pick = _family_members(notes)
        self._main = _main_craft(notes)
        surnames = {fold(w) for p in people for n in p.names for w in n.words}
        self.person_words = frozenset(surnames)
        for s in notes.sentences:
            for c in s.chunks:
                ref = c.ref if c.cat in {"ent", "paren", "demonym"} else None
                if ref is None or (ref.guessed and fold(ref.name) in surnames):
                    continue
                resolved = self.resolve(ref)
                thing = self.add(resolved, s.figure, c)
                if c.cat == "ent" and not ref.generic:
                    thing.written[c.text] += 1
                if ref.within is not None:
                    self.add(self.resolve(ref.within), None, None)
                    self._contain(resolved, self.resolve(ref.within))
            for pl in s.places:
                if pl.container is not None:
                    self._contain(self.resolve(pl.ref), self.resolve(pl.container))

    def resolve(self, ref: Ref) -> Ref:
        """A family reference as the article's spacecraft of that family; a part as its craft.

        "the command module Odyssey" in an article about Apollo 13 is Apollo 13.
        """
        if ref.part:
            return self._main or ref
        if not ref.generic or ref.family is None:
            return ref
        picked = self._family_pick.get(ref.family.id)
        if picked is not None:
            return picked
        return Ref(
            EntityKind.SPACECRAFT, ref.family.name, ref.family.alternate_names, family=ref.family
        )

    def add(self, ref: Ref, figure: int | None, chunk: Chunk | None) -> Thing:
        thing = self.by_key.get(ref.key)
        if thing is None:
            thing = Thing(ref)
            self.by_key[ref.key] = thing
        elif _richer(ref, thing.ref):
            thing.ref = ref
        if chunk is not None:
            thing.mentions.append(Mention(figure, chunk.start, chunk.end, chunk.text))
        return thing

    def add_entry(self, entry: GazEntry) -> Thing:
        """An entity known only from the gazetteer (an agency, a containing place)."""
        return self.add(entry_ref(entry), None, None)

    def _contain(self, inner: Ref, outer: Ref) -> None:
        thing = self.by_key.get(inner.key)
        known = inner.entry is not None and inner.entry.contained_in_id is not None
        if thing is None or thing.located_in is not None or known or inner.key == outer.key:
            return  # the gazetteer knows better than one caption's comma
        if inner.key not in {t.ref.key for t in self.chain(outer.key)}:
            thing.located_in = outer.key

    def close(self) -> None:
        """Add the gazetteer's containing places of every place, and link them.

        A station's module the captions name with no station is in the one
        station the article names, if it names one.
        """
        stations = [t for t in self.by_key.values() if t.ref.kind == EntityKind.STATION]
        for thing in self.by_key.values():
            if thing.ref.orbital and thing.located_in is None and len(stations) == 1:
                thing.located_in = stations[0].ref.key
        for thing in list(self.by_key.values()):
            entry = thing.ref.entry
            if entry is None:
                continue
            inner = thing
            for outer in self.gaz.containers(entry):
                if inner.located_in is None:
                    inner.located_in = outer.key
                inner = self.add_entry(outer)

    def chain(self, key: str) -> list[Thing]:
        """A thing and the things containing it, innermost first."""
        out: list[Thing] = []
        seen: set[str] = set()
        cur: str | None = key
        while cur is not None and cur not in seen and cur in self.by_key:
            seen.add(cur)
            out.append(self.by_key[cur])
            cur = self.by_key[cur].located_in
        return out


def _richer(new: Ref, old: Ref) -> bool:
    return old.entry is None and new.entry is not None


def _main_craft(notes: Notes) -> Ref | None:
    """The spacecraft the article names most, by name (not by family or part)."""
    counts: Counter[str] = Counter()
    refs: dict[str, Ref] = {}
    for s in notes.sentences:
        for c in s.ents(EntityKind.SPACECRAFT):
            ref = c.ref
            if ref is not None and not ref.generic and not ref.part:
                counts[ref.key] += 1
                refs.setdefault(ref.key, ref)
    order = list(refs)  # of two named as often, the one named first
    return refs[min(counts, key=lambda k: (-counts[k], order.index(k)))] if counts else None


def _family_members(notes: Notes) -> dict[str, Ref]:
    """For each spacecraft family, the article's most mentioned member."""
    counts: dict[str, Counter[str]] = {}
    refs: dict[str, Ref] = {}
    for s in notes.sentences:
        for c in s.chunks:
            ref = c.ref if c.cat == "ent" else None
            if ref is None or ref.generic or ref.family is None:
                continue
            counts.setdefault(ref.family.id, Counter())[ref.key] += 1
            refs.setdefault(ref.key, ref)
    out: dict[str, Ref] = {}
    order = list(refs)  # of two named as often, the one named first
    for fam, ctr in counts.items():
        key = min(ctr, key=lambda k: (-ctr[k], order.index(k)))
        out[fam] = refs[key]
    return out
