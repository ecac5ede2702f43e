"""What the index says about each bag, beside the bag's own graph.

Each indexed bag has a second named graph, ``<bag IRI>/facts``, holding where
the bag was found, its External-Identifier and Bagging-Date from bag-info.txt,
the digest of its tag manifest (how a later run tells an unchanged bag) and,
from the fixity log, its latest check. Only these graphs are read back when
indexing again, and a bag's own graph may not use the index's terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.bag import read_bag_info
from archive.metadata.vocab import ARCH
from archive.query.fixity import FixityFacts, FixitySource
from archive.query.results import QueryResult, Term

__all__ = [
    "FACTS_QUERY",
    "Facts",
    "IndexedBag",
    "bag_facts",
    "facts_graph",
    "parse_indexed",
]

# Terms the index writes (closed: a misspelt term fails at import).
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
ARCH_BAG = str(ARCH.Bag)
EXTERNAL_IDENTIFIER = str(ARCH.externalIdentifier)
CREATED = "http://purl.org/dc/terms/created"  # the Bagging-Date
LOCAL_PATH = str(ARCH.localPath)
TAGMANIFEST_DIGEST = str(ARCH.tagmanifestDigest)
LAST_FIXITY_CHECK = str(ARCH.lastFixityCheck)
LAST_FIXITY_OUTCOME = str(ARCH.lastFixityOutcome)
LAST_VERIFIED = str(ARCH.lastVerified)
INDEX_ONLY = (LOCAL_PATH, TAGMANIFEST_DIGEST, LAST_FIXITY_CHECK, LAST_FIXITY_OUTCOME, LAST_VERIFIED)
FACTS_SUFFIX = "/facts"


def facts_graph(bag: str) -> str:
    """The name of the graph holding the index's facts about a bag.

    >>> facts_graph("https://archive.example/id/bag/83419cc6")
    'https://archive.example/id/bag/83419cc6/facts'
    """
    return bag + FACTS_SUFFIX


@dataclass(frozen=True, slots=True)
class IndexedBag:
    """What the target holds about one indexed bag."""

    bag: str
    path: str
    digest: str
    fixity: FixityFacts = field(default_factory=FixityFacts)


@dataclass(frozen=True, slots=True)
class Facts:
    """The index's statements about one bag."""

    bag: str
    path: str
    digest: str
    identifier: str | None
    bagging_date: str | None
    fixity: FixityFacts

    def triples(self) -> list[tuple[Term, Term, Term]]:
        s = Term("uri", self.bag)
        out = [
            (s, Term("uri", LOCAL_PATH), Term("literal", self.path)),
            (s, Term("uri", TAGMANIFEST_DIGEST), Term("literal", self.digest)),
        ]
        if self.identifier:
            out.append((s, Term("uri", EXTERNAL_IDENTIFIER), Term("literal", self.identifier)))
        if self.bagging_date:
            out.append((s, Term("uri", CREATED), _date(self.bagging_date)))
        f = self.fixity
        if f.checked:
            out.append((s, Term("uri", LAST_FIXITY_CHECK), _date_time(f.checked)))
        if f.outcome:
            out.append((s, Term("uri", LAST_FIXITY_OUTCOME), Term("literal", f.outcome)))
        if f.verified:
            out.append((s, Term("uri", LAST_VERIFIED), _date_time(f.verified)))
        return out


def bag_facts(
    bag: str,
    path: str,
    digest: str,
    fixity: FixitySource | None,
    *,
    info: tuple[str | None, str | None] | None = None,
) -> Facts:
    """What the index says about a bag, from its bag-info.txt and the fixity log.

    ``info``: its External-Identifier and Bagging-Date, when a check just
    read them; else ``bag-info.txt`` is read here.
    """
    if info is None:
        entries = {label.lower(): value for label, value in reversed(read_bag_info(path))}
        info = (entries.get("external-identifier"), entries.get("bagging-date"))
    return Facts(
        bag=bag,
        path=path,
        digest=digest,
        identifier=info[0],
        bagging_date=info[1],
        fixity=fixity.latest(path, digest) if fixity else FixityFacts(),
    )


FACTS_QUERY = f"""SELECT ?facts ?bag ?path ?digest ?checked ?outcome ?verified WHERE {{
  GRAPH ?facts {{
    ?bag <{LOCAL_PATH}> ?path ; <{TAGMANIFEST_DIGEST}> ?digest .
    OPTIONAL {{ ?bag <{LAST_FIXITY_CHECK}> ?checked }}
    OPTIONAL {{ ?bag <{LAST_FIXITY_OUTCOME}> ?outcome }}
    OPTIONAL {{ ?bag <{LAST_VERIFIED}> ?verified }}
  }}
}}"""


def parse_indexed(result: QueryResult) -> dict[str, IndexedBag]:
    """The answer to :data:`FACTS_QUERY` as indexed bags (facts graphs only)."""
    out: dict[str, IndexedBag] = {}
    for row in result.as_dicts():
        bag = row["bag"].value
        if row["facts"].value != facts_graph(bag):
            continue
        value = {k: t.value for k, t in row.items()}
        fixity = FixityFacts(value.get("checked"), value.get("outcome"), value.get("verified"))
        out[bag] = IndexedBag(bag, value["path"], value["digest"], fixity)
    return out


def _date(value: str) -> Term:
    value = value.strip()
    ok = len(value) == 10 and value[4] == "-" and value[7] == "-"
    return Term("literal", value, XSD + "date" if ok else None)


def _date_time(value: str) -> Term:
    return Term("literal", value, XSD + "dateTime")
