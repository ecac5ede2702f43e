"""Reading an article sentence by sentence into notes for merging.

Each text unit (a figure's caption, or the lede paragraphs joined by
:data:`LEDE_SEPARATOR`) is split into sentences; each sentence is cut into
chunks and read for people, places, event words, dates and carried things.
Nothing here looks across sentences; :mod:`archive.extract.merge` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.extract.chart import annotate
from archive.extract.events import PlaceMention, Trigger, attach, find_places, find_triggers
from archive.extract.gazetteer import Gazetteer
from archive.extract.objects import ObjectMention, find_objects
from archive.extract.persons import PersonMention, find_people
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
    """Read every sentence of every unit of the article."""
    notes = Notes()
    for figure, text in units(article):
        end = min(len(text), MAX_UNIT_CHARS)
        spans = [w for a, b in split_sentences(text, 0, end) for w in _windows(text, a, b)]
        for n, (a, b) in enumerate(spans):
            notes.sentences.append(_sentence(figure, len(notes.sentences), n == 0, text, a, b, gaz))
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
    figure: int | None, index: int, first: bool, text: str, a: int, b: int, gaz: Gazetteer
) -> SentenceNotes:
    chunks = annotate(text, a, b, gaz)
    people = find_people(chunks)
    _names_as_places(chunks, people)
    places = find_places(chunks)
    triggers = find_triggers(chunks)
    floating = attach(chunks, triggers, places)
    launches = [t.index for t in triggers if t.kind == EventKind.LAUNCH]
    objects = find_objects(chunks, launches)
    activity = any(c.norm in _CREW_ACTIVITY for c in chunks) or any(
        t.kind == EventKind.WALKOUT for t in triggers
    )
    _crew_company(chunks, people, triggers)
    return SentenceNotes(
        figure, index, first, chunks, people, places, triggers, objects, floating, activity,
        _crew_mentions(text, chunks),
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


def _names_as_places(chunks: list[Chunk], people: list[PersonMention]) -> None:
    """A name that is not a person, after "in", "at", "near": a place ("near Zhezkazgan")."""
    persons = {id(pm.chunk) for pm in people if pm.is_person}
    for k, c in enumerate(chunks):
        if c.cat != "name" or id(c) in persons or k == 0:
            continue
        m = k - 1
        while m > 0 and chunks[m].norm in {"the", "town", "city", "village", "of"}:
            m -= 1
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
