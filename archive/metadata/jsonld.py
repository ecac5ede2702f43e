"""The mapping from the article model to JSON-LD documents (schema.org + Dublin Core).

One document for the article, one per image and one for the event graph. Each
inlines the project's ``@context`` (never a remote URL), uses absolute IRIs
minted by :mod:`archive.metadata.ids`, and states the schema.org super-types
and super-properties of project terms itself, so a query in plain schema.org
finds the data without a reasoner. The Turtle graph is derived from these
documents (:mod:`archive.metadata.graph`), so the two cannot disagree.

Pure: no I/O beyond reading the shipped vocabulary once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from archive.metadata import ids
from archive.metadata.terms import materialize
from archive.metadata.vocab import context
from archive.model import (
    Article,
    CrewMember,
    Entity,
    EntityKind,
    Event,
    EventKind,
    Extraction,
    Figure,
    ImageFile,
    Package,
)

Node = dict[str, Any]

ARTICLE_DOC = "data/metadata/article.jsonld"
EVENTS_DOC = "data/metadata/events.jsonld"
IMAGE_DOC_DIR = "data/metadata/images"


@dataclass(frozen=True, slots=True)
class BagFacts:
    """What the metadata needs to know about the bag it will live in."""

    base: str  # the user's base IRI
    name: str  # the bag's folder name
    external_identifier: str
    source_path: str  # "data/source/article.txt"
    profile_identifier: str


@dataclass(frozen=True, slots=True)
class Iris:
    """The IRIs of one article's nodes."""

    base: str
    article: str
    bag: str

    @classmethod
    def of(cls, article: Article, base: str) -> Iris:
        key = ids.article_key(url=article.url, sha256=article.sha256)
        return cls(base=base, article=ids.iri(base, key), bag=ids.iri(base, ids.bag_key(key)))

    def key(self, key: str) -> str:
        return ids.iri(self.base, key)

    def image(self, figure: int) -> str:
        return f"{self.article}/image/{figure}"

    def source(self) -> str:
        return f"{self.article}/source"


_EVENT_CLASS = {
    EventKind.LAUNCH: "arch:Launch",
    EventKind.PRESS_CONFERENCE: "arch:PressConference",
    EventKind.SPACEWALK: "arch:Spacewalk",
    EventKind.LANDING: "arch:Landing",
    EventKind.SPLASHDOWN: "arch:Splashdown",
    EventKind.DOCKING: "arch:Docking",
    EventKind.UNDOCKING: "arch:Undocking",
    EventKind.WALKOUT: "arch:Walkout",
    EventKind.TRAINING: "arch:Training",
    EventKind.CEREMONY: "arch:Ceremony",
    EventKind.ROLLOUT: "arch:Rollout",
}

_ENTITY_CLASS: dict[EntityKind, str | list[str]] = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANIZATION: "Organization",
    EntityKind.PLACE: "Place",
    EntityKind.COUNTRY: ["Country", "Place"],  # schema:Country is a Place; say so
    EntityKind.SPACECRAFT: "arch:Spacecraft",
    EntityKind.VEHICLE: "arch:LaunchVehicle",
    EntityKind.STATION: "arch:SpaceStation",
    EntityKind.EXPEDITION: "arch:Expedition",
    EntityKind.OBJECT: "arch:CarriedObject",
}


def describe(
    package: Package, bag: BagFacts, *, organization: Callable[[str], str] | None = None
) -> dict[str, Node]:
    """All JSON-LD documents of a package, keyed by their path in the bag.

    Args:
        package: the article, its resolved images and its extraction.
        bag: facts about the bag the documents will be written into.
        organization: the canonical name of an organisation as a credit line
            writes it ("REUTERS" -> "Reuters"), so credits from many bags meet
            on one node with one name; default: the name as written.

    Returns:
        ``{"data/metadata/article.jsonld": {...}, "data/metadata/images/figure-001.jsonld":
        {...}, ..., "data/metadata/events.jsonld": {...}}``, each a complete
        JSON-LD document with an inline ``@context``.
    """
    iris = Iris.of(package.article, bag.base)
    docs: dict[str, Node] = {ARTICLE_DOC: _document(article_node(package, bag, iris))}
    figures = {f.index: f for f in package.article.figures}
    for image in package.images:
        node = image_node(figures[image.figure], image, package, iris, organization)
        docs[image_document_path(image.figure)] = _document(node)
    docs[EVENTS_DOC] = _document(events_graph(package.extraction, iris))
    return docs


def image_document_path(figure: int) -> str:
    """Where the JSON-LD of a figure's image goes in the bag."""
    return f"{IMAGE_DOC_DIR}/figure-{figure:03d}.jsonld"


def _document(body: Node) -> Node:
    doc: Node = {"@context": context()}
    doc.update(body)
    return doc


# ------------------------------------------------------------------ article


def article_node(package: Package, bag: BagFacts, iris: Iris) -> Node:
    """The article (``NewsArticle`` and ``ImageGallery``) with its source file and bag."""
    a = package.article
    images = [_ref(iris.image(i.figure)) for i in package.images]
    events = [_ref(iris.key(e.key)) for e in package.extraction.events]
    mentioned = [_ref(iris.key(e.key)) for e in package.extraction.entities]
    node: Node = {
        "@id": iris.article,
        "@type": ["NewsArticle", "ImageGallery"],
        "encoding": _source_node(a, bag, iris),
        "identifier": sorted({bag.external_identifier, ids.content_identifier(a.sha256)}),
        "arch:bag": _bag_node(bag, iris),
        "dcterms:identifier": bag.external_identifier,
        "dcterms:format": a.media_type,
        "dcterms:extent": f"{a.size} bytes",
    }
    if a.title:
        node.update({"headline": a.title, "name": a.title, "dcterms:title": a.title})
        if a.title_derived:
            node["arch:titleDerived"] = True
    description = a.description or (a.lede[0] if a.lede else None)
    if description:
        node["description"] = description
        node["dcterms:description"] = description
    if a.lede:
        node["articleBody"] = "\n\n".join(a.lede)
    if a.url:
        node["url"] = a.url
        node["dcterms:source"] = a.url
    if a.published:
        node["datePublished"] = _date(a.published)
        node["dcterms:issued"] = _date(a.published)
        node["dcterms:date"] = _date(a.published)
    if a.modified:
        node["dateModified"] = _date(a.modified)
        node["dcterms:modified"] = _date(a.modified)
    if a.publisher:
        publisher = _organization(a.publisher, iris)
        node["publisher"] = publisher
        node["dcterms:publisher"] = publisher["@id"]
    if a.authors:
        node["author"] = [_named(EntityKind.PERSON, n, iris) for n in a.authors]
        node["dcterms:creator"] = [
            iris.key(ids.entity_key(EntityKind.PERSON, n)) for n in a.authors
        ]
    if a.language:
        node["inLanguage"] = a.language
        node["dcterms:language"] = a.language
    if a.keywords:
        node["keywords"] = list(a.keywords)
    if images:
        node["associatedMedia"] = images
        node["hasPart"] = images
        node["dcterms:hasPart"] = [r["@id"] for r in images]
    if events:
        node["about"] = events
    if mentioned:
        node["mentions"] = mentioned
    if events or mentioned:
        node["dcterms:subject"] = sorted({r["@id"] for r in events + mentioned})
    return materialize(node)


def _source_node(a: Article, bag: BagFacts, iris: Iris) -> Node:
    return materialize(
        {
            "@id": iris.source(),
            "@type": "MediaObject",
            "name": bag.source_path.rsplit("/", 1)[-1],
            # A post of a WordPress export is named by the export and its post id.
            "arch:originalName": a.source.name + (f"#post-{a.entry}" if a.entry else ""),
            "arch:path": bag.source_path,
            "arch:bag": _ref(iris.bag),
            "encodingFormat": a.media_type,
            "sha256": a.sha256,
            "arch:byteSize": a.size,
            "identifier": ids.content_identifier(a.sha256),
        }
    )


def _bag_node(bag: BagFacts, iris: Iris) -> Node:
    return materialize(
        {
            "@id": iris.bag,
            "@type": "arch:Bag",
            "name": bag.name,
            "arch:externalIdentifier": bag.external_identifier,
            "dcterms:conformsTo": bag.profile_identifier,
        }
    )


# ------------------------------------------------------------------ images


def image_node(
    figure: Figure,
    image: ImageFile,
    package: Package,
    iris: Iris,
    organization: Callable[[str], str] | None = None,
) -> Node:
    """An ``ImageObject``: caption, credit, file facts and what it depicts."""
    node: Node = {
        "@id": iris.image(figure.index),
        "@type": "ImageObject",
        "position": figure.index,
        "caption": figure.caption,
        "dcterms:description": figure.caption,
        "isPartOf": _ref(iris.article),
        "dcterms:isPartOf": iris.article,
        "arch:originalName": image.original_name,
    }
    if figure.alt:
        node["alternativeHeadline"] = figure.alt
    if figure.credit:
        node.update(_credit(figure.credit, iris, organization or _as_written))
    if package.article.published:
        node["datePublished"] = _date(package.article.published)
        node["dcterms:issued"] = _date(package.article.published)
    if image.is_missing:
        node["arch:missing"] = image.missing
    else:
        node.update(_file_facts(image, iris))
    shown = _depicted(figure.index, package.extraction)
    if shown:
        node["arch:depicts"] = [_ref(iris.key(k)) for k in shown]
        node["dcterms:subject"] = [iris.key(k) for k in shown]
        node["arch:depiction"] = _depiction_nodes(figure.index, package.extraction, iris)
        if not node["arch:depiction"]:
            del node["arch:depiction"]
        named = [_entity_stub(package.extraction, k, iris) for k in shown]
        node["mentions"] = [n for n in named if n is not None]
        if not node["mentions"]:
            del node["mentions"]
    return materialize(node)


def _file_facts(image: ImageFile, iris: Iris) -> Node:
    assert image.bag_path is not None and image.sha256 is not None and image.size is not None
    facts: Node = {
        "name": image.bag_path.rsplit("/", 1)[-1],
        "arch:path": image.bag_path,
        "arch:bag": _ref(iris.bag),
        "sha256": image.sha256,
        "identifier": ids.content_identifier(image.sha256),
        "dcterms:identifier": ids.content_identifier(image.sha256),
        "arch:byteSize": image.size,
        "dcterms:extent": f"{image.size} bytes",
    }
    if image.source_url:
        facts["dcterms:source"] = image.source_url  # fetched: where the bytes came from
    if image.media_type:
        facts["encodingFormat"] = image.media_type
        facts["dcterms:format"] = image.media_type
    if image.width is not None and image.height is not None:
        facts["width"] = image.width
        facts["height"] = image.height
    return facts


def _credit(credit: str, iris: Iris, organization: Callable[[str], str]) -> Node:
    """Credit line to rights holder (the agency) and creator (a named photographer).

    "REUTERS/Shamil Zhumatov", "AFP PHOTO / KIRILL KUDRYAVTSEV", "AP Photo/John Raoux":
    the agency before the slash (without "Photo"), the photographer after it.
    """
    agency, _, photographer = (part.strip() for part in credit.partition("/"))
    agency = _PHOTO_SUFFIX.sub("", agency).strip()
    out: Node = {"creditText": credit}
    if agency:
        holder = _organization(organization(agency), iris)
        out["copyrightHolder"] = holder
        out["dcterms:rightsHolder"] = holder["@id"]
    if photographer:
        creator = _named(EntityKind.PERSON, photographer, iris)
        out["creator"] = creator
        out["dcterms:creator"] = creator["@id"]
    return out


_PHOTO_SUFFIX = re.compile(r"\s+(photo|photograph|pictures?|images?)$", re.IGNORECASE)


def _as_written(name: str) -> str:
    return name


def _depicted(figure: int, extraction: Extraction) -> list[str]:
    keys = {d.entity for d in extraction.depictions if d.figure == figure}
    keys.update(e.key for e in extraction.events if figure in e.figures)
    return sorted(keys)


def _depiction_nodes(figure: int, extraction: Extraction, iris: Iris) -> list[Node]:
    image = iris.image(figure)
    nodes = []
    for d in extraction.depictions:
        if d.figure != figure or not d.position:
            continue
        nodes.append(
            materialize(
                {
                    "@id": f"{image}/depiction/{d.entity}",
                    "@type": "arch:Depiction",
                    "arch:depicted": _ref(iris.key(d.entity)),
                    "arch:framePosition": d.position,
                }
            )
        )
    return sorted(nodes, key=lambda n: str(n["@id"]))


def _entity_stub(extraction: Extraction, key: str, iris: Iris) -> Node | None:
    entity = extraction.entity(key)
    if entity is None:
        return None
    return materialize(
        {"@id": iris.key(key), "@type": _ENTITY_CLASS[entity.kind], "name": entity.name}
    )


# ------------------------------------------------------------------ events


def events_graph(extraction: Extraction, iris: Iris) -> Node:
    """The event graph: events, crew assignments and every entity named."""
    crews = _spacecraft_crews(extraction.events)
    nodes = [entity_node(e, iris, crews.get(e.key, ())) for e in extraction.entities]
    nodes += [event_node(e, extraction, iris) for e in extraction.events]
    return {"@graph": sorted(nodes, key=lambda n: str(n["@id"]))}


def _spacecraft_crews(events: Iterable[Event]) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each spacecraft: (person key, assignment key) of the crew of its events."""
    crews: dict[str, set[tuple[str, str]]] = {}
    for event in events:
        if event.spacecraft:
            for member in event.crew:
                crews.setdefault(event.spacecraft, set()).add(
                    (member.person, _assignment_key(event, member))
                )
    return {craft: tuple(sorted(members)) for craft, members in crews.items()}


def _assignment_key(event: Event, member: CrewMember) -> str:
    return f"{event.key}/crew/{member.person.rsplit('/', 1)[-1]}"


def entity_node(entity: Entity, iris: Iris, crew: Iterable[tuple[str, str]] = ()) -> Node:
    """A person, spacecraft, place, organisation... with its names and links.

    A spacecraft also refers to the crew assignments of its flights (person,
    role, agency); not to the people directly, since ``arch:crewMember`` is
    a ``schema:performer`` and that belongs to events.
    """
    node: Node = {
        "@id": iris.key(entity.key),
        "@type": _ENTITY_CLASS[entity.kind],
        "name": entity.name,
    }
    if entity.alternate_names:
        node["alternateName"] = sorted(set(entity.alternate_names) - {entity.name})
        if not node["alternateName"]:
            del node["alternateName"]
    if entity.nationality:
        node["nationality"] = _ref(iris.key(entity.nationality))
    if entity.affiliation:
        node["affiliation"] = _ref(iris.key(entity.affiliation))
    if entity.located_in:
        node["containedInPlace"] = _ref(iris.key(entity.located_in))
    if entity.same_as:
        node["sameAs"] = sorted(entity.same_as)
    assignments = sorted({a for _, a in crew})
    if assignments:
        node["arch:crewAssignment"] = [_ref(iris.key(a)) for a in assignments]
    return materialize(node)


def event_node(event: Event, extraction: Extraction, iris: Iris) -> Node:
    """An event with its date, place, spacecraft, crew (with roles) and objects."""
    me = iris.key(event.key)
    node: Node = {
        "@id": me,
        "@type": _EVENT_CLASS[event.kind],
        "name": event_name(event, extraction),
    }
    if event.date:
        node["startDate"] = event.date
    links = (
        ("location", event.place),
        ("arch:spacecraft", event.spacecraft),
        ("arch:launchVehicle", event.vehicle),
        ("arch:expedition", event.expedition),
        ("arch:destination", event.destination),
    )
    for term, key in links:
        if key:
            node[term] = _ref(iris.key(key))
    if event.objects:
        node["arch:carried"] = [_ref(iris.key(k)) for k in sorted(event.objects)]
    if event.participants:
        node["attendee"] = [_ref(iris.key(k)) for k in sorted(event.participants)]
    if event.crew:
        crew = sorted(event.crew, key=lambda c: c.person)
        node["arch:crewMember"] = [_ref(iris.key(c.person)) for c in crew]
        node["arch:crewAssignment"] = [_assignment(c, event, iris) for c in crew]
    if event.figures:
        node["image"] = [_ref(iris.image(f)) for f in sorted(event.figures)]
    node["subjectOf"] = _ref(iris.article)
    return materialize(node)


def _assignment(member: CrewMember, event: Event, iris: Iris) -> Node:
    me = iris.key(event.key)
    node: Node = {
        "@id": iris.key(_assignment_key(event, member)),
        "@type": "arch:CrewAssignment",
        "arch:crewMember": _ref(iris.key(member.person)),
        "arch:event": _ref(me),
    }
    if member.role:
        node["roleName"] = member.role
    if member.agency:
        node["arch:agency"] = _ref(iris.key(member.agency))
    if event.spacecraft:
        node["arch:spacecraft"] = _ref(iris.key(event.spacecraft))
    return materialize(node)


def event_name(event: Event, extraction: Extraction) -> str:
    """A readable name: "Launch of Soyuz TMA-11M", "Press conference, Baikonur, 2013-11-06"."""
    label = event.kind.value.replace("-", " ").capitalize()
    craft = extraction.entity(event.spacecraft) if event.spacecraft else None
    if craft is not None and event.kind in (EventKind.LAUNCH, EventKind.LANDING, EventKind.DOCKING):
        return f"{label} of {craft.name}"
    parts = [label]
    place = extraction.entity(event.place) if event.place else None
    if place is not None:
        parts.append(place.name)
    if event.date:
        parts.append(event.date)
    return ", ".join(parts)


# ------------------------------------------------------------------ helpers


def _ref(iri: str) -> Node:
    return {"@id": iri}


def _date(value: str) -> Node:
    """A typed date or date-time literal, by the form of the ISO 8601 value."""
    return {"@value": value, "@type": "xsd:dateTime" if "T" in value else "xsd:date"}


def _named(kind: EntityKind, name: str, iris: Iris) -> Node:
    return {
        "@id": iris.key(ids.entity_key(kind, name)),
        "@type": _ENTITY_CLASS[kind],
        "name": name,
    }


def _organization(name: str, iris: Iris) -> Node:
    return _named(EntityKind.ORGANIZATION, name, iris)


def refs(nodes: Iterable[Node]) -> list[str]:
    """The ``@id`` of each node."""
    return [str(n["@id"]) for n in nodes]
