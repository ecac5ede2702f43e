"""The gazetteer: known agencies, places, vehicles, spacecraft families, stations.

``vocab/gazetteer.ttl`` is SKOS in Turtle (see its header); this module reads
it once into plain :class:`GazEntry` values and a label trie, so that matching
a sentence against every label costs one walk per token, not one regular
expression per label.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import ArchiveError
from archive.extract.tokens import Token, phrase_parts, tokenize
from archive.metadata.ids import entity_key
from archive.model import EntityKind

if TYPE_CHECKING:
    import rdflib

GAZ_NS = "https://archive.example/ns/gazetteer#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# gazetteer class -> (our kind name, the model's entity kind)
_CLASSES: dict[str, tuple[str, EntityKind | None]] = {
    "Organization": ("organization", EntityKind.ORGANIZATION),
    "Place": ("place", EntityKind.PLACE),
    "LaunchSite": ("launch-site", EntityKind.PLACE),
    "Country": ("country", EntityKind.COUNTRY),
    "LaunchVehicle": ("vehicle", EntityKind.VEHICLE),
    "Spacecraft": ("spacecraft", EntityKind.SPACECRAFT),
    "SpacecraftFamily": ("spacecraft-family", None),
    "SpaceStation": ("space-station", EntityKind.STATION),
}


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer entry; ``*_id`` fields name other entries."""

    id: str
    kind: str
    name: str
    alternate_names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    country_id: str | None = None
    contained_in_id: str | None = None
    operator_id: str | None = None
    crew_agency_id: str | None = None
    national_agency_id: str | None = None
    designation: str | None = None
    family_id: str | None = None

    @property
    def entity_kind(self) -> EntityKind | None:
        return _CLASSES_BY_KIND[self.kind]

    @property
    def key(self) -> str:
        """The entity key of the entry (families, which are not entities, get a spacecraft key)."""
        return entity_key(self.entity_kind or EntityKind.SPACECRAFT, self.name)


_CLASSES_BY_KIND = dict(_CLASSES.values())


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer label found in text: tokens ``[i, j)`` of the sentence."""

    i: int
    j: int
    entry: GazEntry
    demonym: bool  # matched a demonym ("Russian"), not a name ("Russia")


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    # (entry id, is demonym, per-token shape of the label: "U" all caps, "C" capitalised)
    ends: list[tuple[str, bool, tuple[str, ...]]] = field(default_factory=list)


class Gazetteer:
    """Entries by id and a trie of their labels."""

    def __init__(self, entries: Sequence[GazEntry]) -> None:
        self.entries: dict[str, GazEntry] = {e.id: e for e in entries}
        self.site_containers: frozenset[str] = frozenset(
            c.id for e in entries if e.kind == "launch-site" for c in self.containers(e)
        )
        self._root = _Node()
        self._by_label: dict[tuple[str, ...], list[GazEntry]] = {}
        for e in entries:
            for label in (e.name, *e.alternate_names):
                self._add(label, e, demonym=False)
            for label in e.demonyms:
                self._add(label, e, demonym=True)

    def _add(self, label: str, entry: GazEntry, *, demonym: bool) -> None:
        toks = tokenize(label)
        parts = phrase_parts(label)
        if not parts:
            return
        node = self._root
        for p in parts:
            node = node.children.setdefault(p, _Node())
        node.ends.append((entry.id, demonym, tuple(_shape(t) for t in toks)))
        if not demonym:
            self._by_label.setdefault(parts, []).append(entry)

    def get(self, entry_id: str | None) -> GazEntry | None:
        return self.entries.get(entry_id) if entry_id else None

    def lookup(self, name: str, kinds: Sequence[str] = ()) -> GazEntry | None:
        """The entry one of whose labels is ``name`` (any case), optionally of given kinds."""
        for e in self._by_label.get(phrase_parts(name), ()):
            if not kinds or e.kind in kinds:
                return e
        return None

    def match(self, tokens: Sequence[Token], i: int, taken: Sequence[object] = ()) -> list[Hit]:
        """The longest label starting at token ``i`` (every entry it names), or ``[]``.

        A match may not run into tokens already ``taken`` and must end at a token
        boundary; an all-caps label needs all-caps text, a capitalised label a
        capitalised first word.
        """
        node = self._root
        best: list[Hit] = []
        j = i
        while j < len(tokens) and not (j < len(taken) and taken[j]):
            parts = [p for p in tokens[j].parts if p]
            if not parts and j > i:
                j += 1  # the full stop of an initial ("John F. Kennedy"); never ends a match
                continue
            for part in parts:
                child = node.children.get(part)
                if child is None:
                    return best
                node = child
            j += 1
            found = {(eid, dem) for eid, dem, shape in node.ends if _fits(tokens[i:j], shape)}
            if found:
                best = [Hit(i, j, self.entries[eid], dem) for eid, dem in sorted(found)]
        return best

    def containers(self, entry: GazEntry) -> list[GazEntry]:
        """The places containing an entry, innermost first (cycles cut)."""
        out: list[GazEntry] = []
        seen = {entry.id}
        cur = self.get(entry.contained_in_id)
        while cur is not None and cur.id not in seen:
            out.append(cur)
            seen.add(cur.id)
            cur = self.get(cur.contained_in_id)
        return out


def _shape(tok: Token) -> str:
    if tok.is_upper:
        return "U"
    return "C" if tok.is_cap else "-"


def _fits(toks: Sequence[Token], shape: tuple[str, ...]) -> bool:
    if not shape:
        return True
    if shape == ("U",) and not (len(toks) == 1 and toks[0].is_upper):
        return False  # "US" the country, not "us"
    return shape[0] == "-" or toks[0].is_cap


@functools.cache
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read the gazetteer (``vocab/gazetteer.ttl`` by default); cached per path.

    Raises:
        ArchiveError: the file is missing or is not valid Turtle.
    """
    import rdflib  # slow to import; only extraction needs it here

    if path is None:
        from archive.resources import vocab_file

        path = vocab_file("gazetteer.ttl")
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ArchiveError(f"cannot read the gazetteer: {exc}", input=path) from exc
    return Gazetteer(_entries(graph))


def _entries(graph: rdflib.Graph) -> list[GazEntry]:
    import rdflib

    out: list[GazEntry] = []
    for subj, cls in graph.subject_objects(rdflib.URIRef(_RDF_TYPE)):
        local = str(cls).removeprefix(GAZ_NS)
        if local not in _CLASSES or not isinstance(subj, rdflib.URIRef):
            continue
        if not str(subj).startswith(GAZ_NS):
            continue
        pref = graph.value(subj, rdflib.URIRef(_SKOS + "prefLabel"))
        if pref is None:
            continue

        def ref(term: str, s: rdflib.URIRef = subj) -> str | None:
            v = graph.value(s, rdflib.URIRef(GAZ_NS + term))
            return str(v).removeprefix(GAZ_NS) if v is not None else None

        def lits(pred: str, s: rdflib.URIRef = subj) -> tuple[str, ...]:
            return tuple(sorted(str(o) for o in graph.objects(s, rdflib.URIRef(pred))))

        out.append(
            GazEntry(
                id=str(subj).removeprefix(GAZ_NS),
                kind=_CLASSES[local][0],
                name=str(pref),
                alternate_names=lits(_SKOS + "altLabel"),
                demonyms=lits(GAZ_NS + "demonym"),
                country_id=ref("country"),
                contained_in_id=ref("containedIn"),
                operator_id=ref("operator"),
                crew_agency_id=ref("crewAgency"),
                national_agency_id=ref("nationalAgency"),
                designation=(str(d) if (d := ref("designation")) else None),
                family_id=ref("family"),
            )
        )
    out.sort(key=lambda e: e.id)
    return out
