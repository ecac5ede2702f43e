"""The article model: plain, immutable data shared by every stage.

Readers (``archive.parse``) build an :class:`Article`; ``archive.images``
resolves each :class:`Figure` to an :class:`ImageFile`; extraction
(``archive.extract``) adds an :class:`Extraction`; ``archive.metadata`` maps
all of it to JSON-LD. Nothing here imports a third-party library, holds an
lxml element, an rdflib node or an open file, or does I/O. Change a value
with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class ArticleForm(enum.Enum):
    """The input form an article came in."""

    SHORTCODES = "wordpress-shortcodes"  # WordPress post content with [caption] shortcodes
    HTML = "html"  # an article web page (saved page, figure/figcaption, wp-caption)


@dataclass(frozen=True, slots=True)
class ImageRef:
    """How the article points at an image, as written in the article."""

    attachment_id: str | None = None  # "1216379" from id="attachment_1216379"
    src: str | None = None  # the <img src> as written, entities decoded
    declared_width: int | None = None  # width/height attributes, if numeric
    declared_height: int | None = None
    # Where the source says the file lives under the site's uploads folder
    # ("2014/03/soyuz.jpg", from a WordPress export's attachment).
    attached_file: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One captioned image of the article, in reading order."""

    index: int  # 1-based position among the article's figures
    caption: str  # caption text, whitespace-normalised, credit removed
    credit: str | None  # "REUTERS", "AFP", "NASA/Bill Ingalls"; None when not given
    raw_caption: str  # caption as written (entities decoded), credit included
    image: ImageRef
    alt: str | None = None
    line: int | None = None  # 1-based line of the article where the figure starts


@dataclass(frozen=True, slots=True)
class Article:
    """An article as read from its source, before images and extraction."""

    source: Path  # the article file as given
    form: ArticleForm
    media_type: str  # "text/plain" (post content) or "text/html"
    encoding: str  # the character encoding the text was decoded from
    sha256: str  # hex digest of the source bytes
    size: int  # bytes
    figures: tuple[Figure, ...]
    lede: tuple[str, ...] = ()  # body paragraphs that are not captions or boilerplate
    title: str | None = None
    url: str | None = None  # canonical URL
    published: str | None = None  # ISO 8601 date or date-time
    modified: str | None = None
    publisher: str | None = None  # og:site_name or similar
    authors: tuple[str, ...] = ()
    language: str | None = None  # BCP 47, from <html lang> or og:locale
    description: str | None = None  # meta / og:description
    keywords: tuple[str, ...] = ()  # article:tag
    title_derived: bool = False  # True when the title was made from the lede
    # The post id when the source holds many articles (a WordPress export):
    # the article is that post's content, not the whole file.
    entry: str | None = None


@dataclass(frozen=True, slots=True)
class ImageFile:
    """A figure's image file as found on disk (or the gap where it is missing)."""

    figure: int  # Figure.index
    original_name: str  # file name as found, or as referenced when missing
    bag_path: str | None  # "data/images/attachment_1216379.jpg"; None when missing
    source_path: Path | None = None  # where it was read from; never written to a bag
    source_url: str | None = None  # the http(s) URL it was fetched from (--fetch)
    media_type: str | None = None  # "image/jpeg"
    format: str | None = None  # "JPEG" as the file itself says
    width: int | None = None
    height: int | None = None
    size: int | None = None  # bytes
    sha256: str | None = None  # hex
    missing: str | None = None  # why the image is not in the bag (with --allow-missing)
    tried: tuple[str, ...] = ()  # the places looked in, for messages and metadata

    @property
    def is_missing(self) -> bool:
        return self.missing is not None


class EntityKind(enum.Enum):
    """What sort of thing an entity is; the value is its IRI path segment."""

    PERSON = "person"
    ORGANIZATION = "organization"  # agencies, news agencies, companies
    PLACE = "place"  # launch sites, cities, countries, buildings
    SPACECRAFT = "spacecraft"
    VEHICLE = "launch-vehicle"  # rockets
    STATION = "space-station"
    EXPEDITION = "expedition"
    OBJECT = "object"  # things carried: the Olympic torch
    COUNTRY = "country"


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity or event is named: a figure's caption, or the lede."""

    figure: int | None  # Figure.index, or None for the lede / article text
    start: int  # character offsets into Figure.caption (or the joined lede)
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, spacecraft, place, organisation... named in the article.

    ``key`` is the entity's identity across bags: ``"<kind>/<slug>"``, made
    from its normalised canonical name (see ``archive.metadata.ids``). Two
    articles naming the same spacecraft give it the same key.
    """

    key: str
    kind: EntityKind
    name: str  # canonical name ("Koichi Wakata", "Soyuz TMA-11M")
    alternate_names: tuple[str, ...] = ()  # other spellings seen or known
    mentions: tuple[Mention, ...] = ()
    nationality: str | None = None  # key of a COUNTRY entity
    affiliation: str | None = None  # key of an ORGANIZATION entity
    located_in: str | None = None  # key of a PLACE/COUNTRY containing this place
    same_as: tuple[str, ...] = ()  # verified authority IRIs (gazetteer only)


@dataclass(frozen=True, slots=True)
class CrewMember:
    """A person's part in an event as crew, with what the captions say of it."""

    person: str  # Entity.key
    role: str | None = None  # "Commander", "Flight Engineer"; None when not stated
    agency: str | None = None  # Entity.key of the agency the person flies for


class EventKind(enum.Enum):
    """Kinds of events captions name; the value is the IRI path segment."""

    LAUNCH = "launch"
    PRESS_CONFERENCE = "press-conference"
    SPACEWALK = "spacewalk"
    LANDING = "landing"
    DOCKING = "docking"
    UNDOCKING = "undocking"
    WALKOUT = "walkout"
    TRAINING = "training"
    CEREMONY = "ceremony"
    ROLLOUT = "rollout"
    SPLASHDOWN = "splashdown"


@dataclass(frozen=True, slots=True)
class Event:
    """An event the captions talk about: a launch, a press conference..."""

    key: str  # "event/launch/soyuz-tma-11m", stable across bags (see ids)
    kind: EventKind
    date: str | None = None  # ISO 8601 date ("2013-11-07")
    place: str | None = None  # Entity.key
    spacecraft: str | None = None  # Entity.key
    vehicle: str | None = None  # Entity.key
    crew: tuple[CrewMember, ...] = ()
    participants: tuple[str, ...] = ()  # people present but not crew (officials...)
    objects: tuple[str, ...] = ()  # Entity.key of things carried or shown
    expedition: str | None = None  # Entity.key
    destination: str | None = None  # Entity.key (the space station)
    figures: tuple[int, ...] = ()  # images that show this event
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Depiction:
    """Who or what an image shows, and where in the frame when a caption says."""

    figure: int
    entity: str  # Entity.key
    position: str | None = None  # "L", "C", "R", "2nd L", "front R" as written


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extraction found in one article."""

    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    depictions: tuple[Depiction, ...] = ()

    def entity(self, key: str) -> Entity | None:
        """The entity with this key, or None."""
        for e in self.entities:
            if e.key == key:
                return e
        return None


@dataclass(frozen=True, slots=True)
class Package:
    """An article with its images and extraction: what a bag is made from."""

    article: Article
    images: tuple[ImageFile, ...]
    extraction: Extraction = field(default_factory=Extraction)
