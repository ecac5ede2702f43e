"""What a span of caption text refers to, and the chunks a sentence is cut into."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.extract.dates import DateMention
from archive.extract.gazetteer import GazEntry
from archive.extract.roles import Word
from archive.metadata.ids import entity_key
from archive.model import EntityKind, EventKind


@dataclass(frozen=True, slots=True)
class Ref:
    """A non-person entity a span names.

    ``generic`` refs name a family, not one member ("the Soyuz capsule",
    "Soyuz Commander"): merging resolves them to the article's spacecraft of
    that family, if there is one.
    """

    kind: EntityKind
    name: str
    alternate_names: tuple[str, ...] = ()
    entry: GazEntry | None = None
    family: GazEntry | None = None
    generic: bool = False
    site: bool = False  # a launch site (cosmodrome, launch complex, pad)
    guessed: bool = False  # a bare name taken for a place by its preposition ("near X")
    within: Ref | None = None  # the place this one is part of ("South Pacific" in the Pacific)
    orbital: bool = False  # a place in orbit: a station's module or airlock
    part: bool = False  # a part of the article's spacecraft ("the command module Odyssey")

    @property
    def key(self) -> str:
        if self.entry is not None and self.entry.entity_kind is not None:
            return self.entry.key
        return entity_key(self.kind, self.name)


@dataclass(slots=True)
class Chunk:
    """Tokens ``[i, j)`` of a sentence with what they were recognised as.

    ``cat`` is one of: ``date``, ``pos`` (an image position such as "(L)"),
    ``paren`` (another parenthesis, e.g. an abbreviation), ``ent`` (a named
    thing: ``ref``), ``demonym`` (``ref`` is the country), ``people`` (a
    role, person noun, title, honorific or modifier: ``word``), ``trigger``
    (an event word: ``event``), ``name`` (a capitalised run not otherwise
    recognised), ``word`` and ``punct``.
    """

    cat: str
    i: int
    j: int
    start: int
    end: int
    text: str
    ref: Ref | None = None
    word: Word | None = None
    date: DateMention | None = None
    event: EventKind | None = None
    pos: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def norm(self) -> str:
        return self.text.lower().replace("’", "'")
