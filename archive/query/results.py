"""Query results as plain data, and their W3C serialisations.

Every engine (the embedded store, a SPARQL server, a bag loaded for one
query) hands back the same :class:`QueryResult`: terms are :class:`Term`
tuples that mirror the SPARQL 1.1 JSON results format, so that writing them
out is exact and cheap, and converting them to rdflib terms happens only when
a Python caller asks for rows (:meth:`QueryResult.rows`).

Formats (:func:`format_result`):

* ``json``: ``application/sparql-results+json`` (SPARQL 1.1 Query Results JSON);
* ``csv`` / ``tsv``: SPARQL 1.1 Query Results CSV and TSV (CRLF rows in CSV,
  lexical values only; TSV terms in SPARQL syntax);
* ``table``: aligned columns for people; IRIs shortened with the project's prefixes;
* ``turtle``: the graph of a CONSTRUCT or DESCRIBE query.

ASK answers are ``true``/``false`` in CSV, TSV and table form.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.query import ResultRow
from rdflib.term import Identifier

from archive.errors import QueryError, UsageError

__all__ = [
    "FORMATS",
    "QueryResult",
    "Term",
    "format_result",
    "parse_json_results",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMATS = ("table", "json", "csv", "tsv", "turtle")
PREFIXES = {
    "schema": "http://schema.org/",
    "arch": "https://archive.example/ns#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": XSD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
Kind = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
TABLE_CELL_LIMIT = 60


class Term(NamedTuple):
    """An RDF term as the SPARQL JSON results format describes it.

    ``datatype`` is None for simple literals (``xsd:string``) and for
    language-tagged ones, as in SPARQL JSON.
    """

    type: Literal["uri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    language: str | None = None

    def n3(self) -> str:
        """The term in SPARQL / Turtle syntax.

        >>> Term("literal", 'say "hi"\\n', None, "en").n3()
        '"say \\\\"hi\\\\"\\\\n"@en'
        >>> Term("uri", "http://schema.org/name").n3()
        '<http://schema.org/name>'
        """
        if self.type == "uri":
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        text = '"' + escape_string(self.value) + '"'
        if self.language:
            return f"{text}@{self.language}"
        if self.datatype:
            return f"{text}^^<{self.datatype}>"
        return text

    def to_rdflib(self) -> Identifier:
        """The same term as an rdflib node."""
        if self.type == "uri":
            return URIRef(self.value)
        if self.type == "bnode":
            return BNode(self.value)
        # A string has nothing to normalise, and skipping it halves the cost.
        if self.language:
            return RdfLiteral(self.value, lang=self.language, normalize=False)
        if not self.datatype:
            return RdfLiteral(self.value, normalize=False)
        return RdfLiteral(self.value, datatype=URIRef(self.datatype))


Row = tuple[Term | None, ...]
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to one query: solutions, a boolean or a graph.

    Iterating gives rdflib :class:`~rdflib.query.ResultRow` objects (SELECT),
    so ``row.name`` and ``row["name"]`` work as in rdflib.
    """

    kind: Kind
    variables: tuple[str, ...] = ()
    solutions: tuple[Row, ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        if self.kind == "ASK":
            return int(bool(self.boolean))
        return len(self.triples) if self.is_graph else len(self.solutions)

    def __iter__(self) -> Iterator[ResultRow]:
        return iter(self.rows())

    @property
    def is_graph(self) -> bool:
        return self.kind in ("CONSTRUCT", "DESCRIBE")

    @property
    def empty(self) -> bool:
        """No solutions, a false ASK, or an empty graph."""
        return len(self) == 0

    def rows(self) -> list[ResultRow]:
        """The solutions as rdflib result rows (unbound variables are None)."""
        if "rows" not in self._cache:
            self._cache["rows"] = _result_rows(self.variables, self.solutions)
        rows: list[ResultRow] = self._cache["rows"]
        return rows

    def graph(self) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE answer as an rdflib graph."""
        g = Graph(bind_namespaces="none")
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for s, p, o in self.triples:
            g.add((s.to_rdflib(), p.to_rdflib(), o.to_rdflib()))
        return g

    def as_dicts(self) -> list[dict[str, Term]]:
        """Each solution as ``{variable: term}`` without the unbound ones."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.solutions
        ]


def _result_rows(variables: Sequence[str], solutions: Sequence[Row]) -> list[ResultRow]:
    """rdflib result rows, as ``ResultRow(values, labels)`` makes them but at half the cost.

    Converting rows is a large share of a query that answers thousands of
    them: each distinct term is converted once, and the rows share one
    label map instead of building their own (``ResultRow`` is a tuple with
    a ``labels`` attribute; a test holds this to what its constructor does).
    """
    labels = {v: i for i, v in enumerate(variables)}
    known: dict[Term, Identifier] = {}

    def node(term: Term | None) -> Identifier | None:
        if term is None:
            return None
        found = known.get(term)
        if found is None:
            found = known[term] = term.to_rdflib()
        return found

    rows = []
    for solution in solutions:
        row = tuple.__new__(ResultRow, [node(t) for t in solution])
        row.labels = labels
        rows.append(row)
    return rows


def escape_string(text: str) -> str:
    """Escape text for a double-quoted SPARQL/Turtle string literal.

    >>> escape_string('a"b\\\\c\\td')
    'a\\\\"b\\\\\\\\c\\\\td'
    """
    if not _NEEDS_ESCAPE.search(text):
        return text
    out = []
    for ch in text:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_ECHAR = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


# ------------------------------------------------------------------ writing


def format_result(result: QueryResult, fmt: str) -> str:
    """The result in one of :data:`FORMATS`.

    Raises:
        UsageError: the format does not suit the kind of result (turtle for a
            SELECT, a results format for a graph).
    """
    if result.is_graph:
        if fmt not in ("turtle", "table"):
            raise UsageError(
                f"a {result.kind} query answers with a graph: use --format turtle, not {fmt}"
            )
        return to_turtle(result)
    writers = {"json": to_json, "csv": to_csv, "tsv": to_tsv, "table": to_table}
    if fmt not in writers:
        raise UsageError(
            f"a {result.kind} query answers with solutions: "
            f"use --format {', '.join(writers)}, not {fmt}"
        )
    return writers[fmt](result)


def _json_term(term: Term) -> dict[str, str]:
    out = {"type": term.type, "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
    doc: dict[str, Any]
    if result.kind == "ASK":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t}
            for row in result.solutions
        ]
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False) + "\n"


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: header of names, CRLF rows, lexical values, RFC 4180 quoting."""
    if result.kind == "ASK":
        return "true\r\n" if result.boolean else "false\r\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.solutions:
        writer.writerow(["" if t is None else _csv_value(t) for t in row])
    return buf.getvalue()


def _csv_value(term: Term) -> str:
    return f"_:{term.value}" if term.type == "bnode" else term.value


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: ``?name`` header, one row per line, terms in SPARQL syntax."""
    if result.kind == "ASK":
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.solutions:
        lines.append("\t".join("" if t is None else _tsv_value(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_value(term: Term) -> str:
    # Integers may be written bare in TSV (the spec's abbreviated numeric form).
    if term.datatype == XSD + "integer" and term.value.lstrip("+-").isdigit():
        return term.value
    return term.n3()


def to_turtle(result: QueryResult) -> str:
    """The graph of a CONSTRUCT/DESCRIBE answer as Turtle."""
    data: bytes | str = result.graph().serialize(format="turtle")
    return data.decode("utf-8") if isinstance(data, bytes) else data


def to_table(result: QueryResult) -> str:
    """Aligned text columns for people, with a row count."""
    if result.kind == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    if result.is_graph:
        return to_turtle(result)
    header = [f"?{v}" for v in result.variables]
    body = [[_cell(t) for t in row] for row in result.solutions]
    widths = [len(h) for h in header]
    for cells in body:
        widths = [max(w, len(c)) for w, c in zip(widths, cells, strict=True)]
    lines = [_aligned(header, widths), _aligned(["-" * w for w in widths], widths)]
    lines += [_aligned(cells, widths) for cells in body]
    count = len(result.solutions)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _aligned(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if term.type == "uri":
        text = shorten(term.value)
    elif term.type == "bnode":
        text = f"_:{term.value}"
    else:
        text = term.value
        if term.language:
            text += f"@{term.language}"
    text = " ".join(text.split())
    if len(text) > TABLE_CELL_LIMIT:
        text = text[: TABLE_CELL_LIMIT - 1] + "…"
    return text


def shorten(iri: str) -> str:
    """An IRI as ``prefix:local`` when a project prefix covers it, else ``<iri>``.

    >>> shorten("http://schema.org/Person")
    'schema:Person'
    >>> shorten("https://archive.example/id/person/koichi-wakata")
    '<https://archive.example/id/person/koichi-wakata>'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and all(c.isalnum() or c in "_-" for c in iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


# ------------------------------------------------------------------ reading


def parse_json_results(data: bytes, *, source: str) -> QueryResult:
    """Read SPARQL JSON results (as a server sends them) into a QueryResult.

    Accepts the 2008 form ``"typed-literal"`` that some servers still send,
    and drops an explicit ``xsd:string`` datatype (RDF 1.1 simple literals).

    Raises:
        QueryError: the document is not SPARQL JSON results.
    """
    try:
        doc = json.loads(data.decode("utf-8"))
        if "boolean" in doc:
            return QueryResult(kind="ASK", boolean=bool(doc["boolean"]))
        variables = tuple(str(v) for v in doc["head"].get("vars", []))
        rows = tuple(
            tuple(_read_term(b[v]) if v in b else None for v in variables)
            for b in doc["results"]["bindings"]
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise QueryError(f"the answer is not SPARQL JSON results: {exc}", input=source) from exc
    return QueryResult(kind="SELECT", variables=variables, solutions=rows)


def _read_term(obj: dict[str, str]) -> Term:
    kind = obj["type"]
    value = str(obj["value"])
    if kind == "uri":
        return Term("uri", value)
    if kind == "bnode":
        return Term("bnode", value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    language = obj.get("xml:lang")
    datatype = obj.get("datatype")
    if language:
        return Term("literal", value, None, language.lower())
    if datatype in (XSD_STRING, RDF_LANG_STRING):
        datatype = None
    return Term("literal", value, datatype or None, None)
