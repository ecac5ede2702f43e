"""Reading an article sentence by sentence into notes for merging.

Each text unit (a figure's caption, or the lede paragraphs joined by
:data:`LEDE_SEPARATOR`) is split into sentences; each sentence is cut into
chunks and read for people, places, event words, dates and carried things.
Nothing here looks across sentences; :mod:`archive.extract.merge` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.extract.chart import annotate
from archive.extract.craftheads import learn
from archive.extract.elsewhere import mark_elsewhere
from archive.extract.events import (
    PlaceMention,
    Trigger,
    attach,
    find_places,
    find_triggers,
    relative_spans,
)
from archive.extract.flightdates import mark_flight_dates, mark_flight_subjects
from archive.extract.gazetteer import Gazetteer
from archive.extract.lists import person_lists
from archive.extract.mood import UNDONE
from archive.extract.objects import ObjectMention, find_objects
from archive.extract.persons import PersonMention, find_people
from archive.extract.predicates import mark_predicates
from archive.extract.refs import Chunk, Ref
from archive.extract.sentences import split_sentences
from archive.extract.tokens import words
from archive.extract.triggers import CREW_EVENTS
from archive.model import Article, EntityKind, EventKind

LEDE_SEPARATOR = "\n\n"
"""Lede paragraphs are joined with this; lede mentions are offsets into the joined text."""

MAX_UNIT_CHARS = 100_000
"""Text beyond this in one caption is not read: no caption is that long, and
reading stays fast on hostile input."""

MAX_SENTENCE_CHARS = 1_500
"""A "sentence" longer than this (garbage, a list with no full stop) is read in
windows of about this size, so that no rule sees more than a window at once."""

_LOCATIVE_NAMES = frozenset({"in", "at", "near", "from", "outside", "inside"})
_RECEIVE = words(
    "receive receives received receiving accept accepts accepted get gets got awarded given"
)
_CREW_ACTIVITY = words(
    """board boards boarding boarded suits spacesuits suit-up suited donning don dons
    strapped climb climbs"""
)


@dataclass(slots=True)
class SentenceNotes:
    """What one sentence says, before merging."""

    figure: int | None
    index: int  # order of the sentence in the article
    first: bool  # first sentence of its caption
    chunks: list[Chunk]
    people: list[PersonMention]
    places: list[PlaceMention]
    triggers: list[Trigger]
    objects: list[ObjectMention]
    floating: list[tuple[str, Chunk | PlaceMention, float]]
    crew_activity: bool = False  # boarding, suiting up: the people named are crew
    crew_mentions: list[tuple[int, int, str]] = field(default_factory=list)  # "the three-man crew"
    relative: list[bool] = field(default_factory=list)  # chunks inside a relative clause

    def ents(self, *kinds: EntityKind) -> list[Chunk]:
        """Entity chunks of the given kinds (all when none given)."""
        return [
            c
            for c in self.chunks
            if c.cat in {"ent", "paren"}
            and c.ref is not None
            and (not kinds or c.ref.kind in kinds)
        ]


@dataclass(slots=True)
class Notes:
    """Everything the sentences of an article say."""

    sentences: list[SentenceNotes] = field(default_factory=list)


def title_craft(article: Article, gaz: Gazetteer) -> Ref | None:
    """The one spacecraft an article's own title names ("Soyuz TMA-11M blasts off"), if any."""
    if not article.title or article.title_derived:
        return None
    title = article.title[:MAX_SENTENCE_CHARS]
    refs = {
        c.ref.key: c.ref
        for c in annotate(title, 0, len(title), gaz)
        if c.cat == "ent" and c.ref is not None and c.ref.kind == EntityKind.SPACECRAFT
    }
    specific = [r for r in refs.values() if not r.generic]
    return specific[0] if len(specific) == 1 else None


def units(article: Article) -> list[tuple[int | None, str]]:
    """The texts extraction reads: each caption, then the lede."""
    out: list[tuple[int | None, str]] = [(f.index, f.caption) for f in article.figures]
    if article.lede:
        out.append((None, LEDE_SEPARATOR.join(article.lede)))
    return out


def collect(article: Article, gaz: Gazetteer) -> Notes:
    """Read every sentence of every unit of the article.

    Sentences are read twice when the first reading recognised spacecraft
    names that a sentence may write bare ("Sigma 7 splashes down").
    """
    spans: list[tuple[int | None, bool, str, int, int]] = []
    for figure, text in units(article):
        end = min(len(text), MAX_UNIT_CHARS)
        cut = [w for a, b in split_sentences(text, 0, end) for w in _windows(text, a, b)]
        spans.extend((figure, n == 0, text, a, b) for n, (a, b) in enumerate(cut))
    first = [annotate(text, a, b, gaz) for _, _, text, a, b in spans]
    learned = learn(first)
    notes = Notes()
    for k, (figure, opening, text, a, b) in enumerate(spans):
        chunks = first[k]
        if learned is not None and any(w in text[a:b].casefold() for w in learned[1]):
            chunks = annotate(text, a, b, gaz, learned[0])
        notes.sentences.append(_sentence(figure, k, opening, text, chunks))
    return notes


def _windows(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A sentence, or windows of it cut at spaces when it is too long to be one."""
    out: list[tuple[int, int]] = []
    while b - a > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", a + MAX_SENTENCE_CHARS // 2, a + MAX_SENTENCE_CHARS)
        cut = cut if cut > a else a + MAX_SENTENCE_CHARS
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def _sentence(
    figure: int | None, index: int, first: bool, text: str, chunks: list[Chunk]
) -> SentenceNotes:
    people = find_people(chunks)
    _names_as_places(chunks, people)
    mark_elsewhere(chunks, people)
    mark_predicates(chunks, people)
    mark_flight_subjects(chunks, people)
    clauses = mark_flight_dates(chunks, people)
    places = find_places(chunks)
    triggers = find_triggers(chunks)
    for t in triggers:
        t.aside = any(a <= t.index < b for a, b in clauses)
    floating = attach(chunks, triggers, places, clauses)
    if any(c.norm in UNDONE for c in chunks):
        # "Previous attempts on May 6 and June 1 were scrubbed": no event's dates.
        floating = [f for f in floating if f[0] != "date"]
    launches = [t.index for t in triggers if t.kind == EventKind.LAUNCH]
    persons = frozenset(pm.index for pm in people if pm.is_person)
    objects = find_objects(chunks, launches, persons)
    activity = any(c.norm in _CREW_ACTIVITY for c in chunks) or any(
        t.kind == EventKind.WALKOUT for t in triggers
    )
    _crew_company(chunks, people, triggers)
    if activity:
        _boarding_lists(chunks, people)
    return SentenceNotes(
        figure, index, first, chunks, people, places, triggers, objects, floating, activity,
        _crew_mentions(text, chunks), relative_spans(chunks),
    )  # fmt: skip


_COLLECTIVE = frozenset({"crew", "astronaut", "cosmonaut", "taikonaut", "crew member"})


def _crew_mentions(text: str, chunks: list[Chunk]) -> list[tuple[int, int, str]]:
    """The crew named as a group ("A three-man crew", "the crew members"), not before a name."""
    out: list[tuple[int, int, str]] = []
    for k, c in enumerate(chunks):
        w = c.word
        if w is None or w.value not in _COLLECTIVE or (w.value != "crew" and not w.plural):
            continue
        if k + 1 < len(chunks) and chunks[k + 1].cat in {"name", "people"}:
            continue  # a prefix ("crew members Tang Hongbo"), not a mention of the group
        first = k
        while first > 0 and (before := chunks[first - 1].word) is not None:
            if before.cat != "mod" or before.noncrew:
                break
            first -= 1
        if any(ch.word is not None and ch.word.noncrew for ch in chunks[first : k + 1]):
            continue
        start, end = chunks[first].start, c.end
        out.append((start, end, text[start:end]))
    return out


def _crew_company(
    chunks: list[Chunk], people: list[PersonMention], triggers: list[Trigger]
) -> None:
    """People named with crew about a flight, with nothing saying otherwise, are crew.

    "Japanese billionaire Yusaku Maezawa, his production assistant Yozo Hirano
    and Russian cosmonaut Alexander Misurkin wave before the launch of the
    Soyuz MS-20 spacecraft": a title ("chief", "wife") would have said otherwise.
    """
    if not any(pm.traits.crew and not pm.traits.noncrew for pm in people):
        return
    flight = any(c.ref is not None and c.ref.kind == EntityKind.SPACECRAFT for c in chunks) or any(
        t.kind in CREW_EVENTS for t in triggers
    )
    if not flight:
        return
    for pm in people:
        t = pm.traits
        if pm.is_person and not t.noncrew and not t.profession and len(pm.name.words) >= 2:
            t.crew = True


def _boarding_lists(chunks: list[Chunk], people: list[PersonMention]) -> None:
    """A list boarding with a crew member boards as crew, whatever their jobs.

    "Billionaire Jared Isaacman, the mission commander, physician assistant
    Hayley Arceneaux and data engineer Chris Sembroski wave before boarding".
    """
    for group in person_lists(chunks, people):
        if any(pm.traits.crew and not pm.traits.noncrew for pm in group):
            for pm in group:
                if pm.is_person and not pm.traits.noncrew:
                    pm.traits.crew = True


def _names_as_places(chunks: list[Chunk], people: list[PersonMention]) -> None:
    """A name that is not a person, after "in", "at", "near": a place ("near Zhezkazgan")."""
    persons = {id(pm.chunk) for pm in people if pm.is_person}
    giver = False  # "receives the Order of Lenin from Nikita Khrushchev": from a person
    for k, c in enumerate(chunks):
        giver = giver or c.norm in _RECEIVE
        if c.cat != "name" or id(c) in persons or k == 0:
            continue
        m = k - 1
        while m > 0 and chunks[m].norm in {"the", "town", "city", "village", "of"}:
            m -= 1
        if giver and chunks[m].norm == "from" and len(c.text.split()) >= 2:
            for pm in people:
                pm.is_person = pm.is_person or pm.chunk is c
            continue
        if chunks[m].norm in _LOCATIVE_NAMES or (chunks[m].norm == "," and _after_place(chunks, m)):
            c.cat = "ent"
            c.ref = Ref(EntityKind.PLACE, c.text, guessed=True)
    people[:] = [pm for pm in people if pm.chunk.cat == "name"]


def _after_place(chunks: list[Chunk], comma: int) -> bool:
    prev = chunks[comma - 1] if comma > 0 else None
    return (
        prev is not None
        and prev.cat == "ent"
        and prev.ref is not None
        and (prev.ref.kind in {EntityKind.PLACE, EntityKind.COUNTRY})
    )
