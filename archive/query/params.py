"""Named queries and their parameters, bound safely.

A named query is a ``.rq`` file in ``vocab/queries`` whose header comments say
what it answers and which parameters it takes::

    # Crew of a spacecraft, with their roles and agencies.
    # param spacecraft: the spacecraft's name, e.g. "Soyuz TMA-11M"

In the query a parameter is written ``$spacecraft`` (SPARQL's other spelling
of a variable, so the file is a valid query as it stands). Binding replaces
each ``$name`` token, and only tokens (never text inside strings, IRIs or
comments), by an RDF term written in SPARQL syntax with every special
character escaped: a value becomes a string literal, or an IRI when it is
written ``<...>``. User input is never pasted into query text any other way.
A parameter may stand wherever a term may (triple patterns, expressions,
``VALUES``); queries cast it when they need a number (``xsd:integer($days)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from archive.errors import QueryError, UsageError
from archive.query.results import Kind, escape_string
from archive.resources import queries_dir

__all__ = [
    "NamedQuery",
    "bind",
    "load_query",
    "named_queries",
    "parse_param",
    "query_form",
    "read_query_file",
    "term_for",
]

MAX_QUERY_BYTES = 1 << 20
_PARAM_LINE = re.compile(r"^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The lexical pieces that can hide a "$name": strings (long forms first), IRIs,
# comments. IRIREF is the SPARQL grammar's, so "<" as less-than is not one.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
_VAR = re.compile(r"([?$])([A-Za-z0-9_\u00b7\u00c0-\U000effff]+)")
_IRI_VALUE = re.compile(r'^<([^<>"{}|^`\\\x00-\x20]*)>$')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query file: its name, purpose, parameters (name to description) and text."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str
    path: str

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.params)


def read_query_file(path: Path, *, name: str | None = None) -> NamedQuery:
    """Read a ``.rq`` file and its header.

    Raises:
        QueryError: the file cannot be read, is too large or is not UTF-8.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_QUERY_BYTES + 1)
    except OSError as exc:
        raise QueryError(f"cannot read the query: {exc.strerror}", input=path) from exc
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(f"is larger than {MAX_QUERY_BYTES} bytes", input=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError("is not UTF-8 text", input=path) from exc
    description, params = parse_header(text)
    return NamedQuery(
        name=name or path.stem,
        description=description,
        params=params,
        text=text,
        path=str(path),
    )


def parse_header(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The purpose and the ``# param`` lines of a query's leading comments.

    >>> parse_header("# Who flew.\\n# param craft: its name\\nSELECT * {}")
    ('Who flew.', (('craft', 'its name'),))
    """
    purpose: list[str] = []
    params: list[tuple[str, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        m = _PARAM_LINE.match(stripped)
        if m:
            params.append((m.group(1), m.group(2)))
        elif not params:
            purpose.append(stripped.lstrip("#").strip())
    return " ".join(p for p in purpose if p), tuple(params)


def named_queries() -> list[NamedQuery]:
    """Every query shipped in ``vocab/queries``, by name."""
    return [read_query_file(p) for p in sorted(queries_dir().glob("*.rq"))]


def load_query(name: str) -> NamedQuery:
    """The shipped query called ``name`` (the file name without ``.rq``).

    Raises:
        UsageError: no shipped query has that name.
    """
    path = queries_dir() / f"{name}.rq"
    if not _NAME.match(name) or not path.is_file():
        known = ", ".join(q.name for q in named_queries())
        raise UsageError(f"no named query {name!r}; the named queries are: {known}")
    return read_query_file(path)


def parse_param(text: str) -> tuple[str, str]:
    """``name=value`` from the command line.

    >>> parse_param("spacecraft=Soyuz TMA-11M")
    ('spacecraft', 'Soyuz TMA-11M')

    Raises:
        UsageError: no ``=``, or the name is not a SPARQL variable name.
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("$?")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise UsageError(f"--param wants NAME=VALUE, got {text!r}")
    return name, value


def term_for(value: str) -> str:
    """The SPARQL term for a parameter value: an IRI if written ``<...>``, else a string.

    >>> term_for('Soyuz "TMA-11M"')
    '"Soyuz \\\\"TMA-11M\\\\""'
    >>> term_for("<https://archive.example/id/person/koichi-wakata>")
    '<https://archive.example/id/person/koichi-wakata>'

    Raises:
        UsageError: a ``<...>`` value is not an absolute IRI.
    """
    stripped = value.strip()
    if stripped.startswith("<") and stripped.endswith(">"):
        m = _IRI_VALUE.match(stripped)
        if m is None or not _SCHEME.match(m.group(1)):
            raise UsageError(f"{value!r} is not an absolute IRI in <...>")
        return stripped
    return '"' + escape_string(value) + '"'


def _tokens(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Each variable token outside strings, IRIs and comments: (start, end, sigil, name)."""
    pos = 0
    while pos < len(text):
        skip = _SKIP.search(text, pos)
        end = skip.start() if skip else len(text)
        for m in _VAR.finditer(text, pos, end):
            yield m.start(), m.end(), m.group(1), m.group(2)
        if skip is None:
            return
        # A "#" inside an IRI or string was consumed with it; a lone "<" is an operator.
        pos = skip.end() if skip.end() > skip.start() else skip.start() + 1


_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.IGNORECASE)


def query_form(text: str) -> Kind | None:
    """The form of a query: its first SELECT, ASK, CONSTRUCT or DESCRIBE outside strings.

    >>> query_form('PREFIX s: <http://x/ASK#> # SELECT\\nDESCRIBE <http://x/a>')
    'DESCRIBE'
    """
    pos = 0
    while pos < len(text):
        skip = _SKIP.search(text, pos)
        end = skip.start() if skip else len(text)
        m = _FORM.search(text, pos, end)
        if m:
            form: Kind = m.group(1).upper()  # type: ignore[assignment]
            return form
        if skip is None:
            return None
        pos = skip.end()
    return None


def locate_error(text: str) -> tuple[int, int, str] | None:
    """Where a second parser (rdflib's) finds a syntax error: (line, column, what it found).

    pyoxigraph often reports the end of the query as the place of an error;
    rdflib's parser points at the start of the clause it could not read.

    >>> locate_error("SELECT ?x WHERE {\\n  ?x ?p ?o ?oops .\\n}")
    (2, 12, "'?'")
    >>> locate_error("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseBaseException as exc:
        found = re.search(r"found (.+?)\s+\(at char", str(exc))
        return exc.lineno, exc.col, found.group(1) if found else ""
    except Exception:  # rdflib fails in other ways on some inputs: no position then
        return None
    return None


def excerpt(text: str, line: int, column: int) -> str:
    """The query line with a caret under the column.

    >>> print(excerpt("SELECT\\nFOO bar", 2, 5))
      FOO bar
          ^
    """
    lines = text.splitlines() or [""]
    source = lines[min(line, len(lines)) - 1].expandtabs(1)
    return f"  {source}\n  {' ' * (column - 1)}^"


def parameters_in(text: str) -> set[str]:
    """The names written ``$name`` in a query.

    >>> sorted(parameters_in('SELECT ?x { ?x <p> $a . FILTER(?x != "$b") } # $c'))
    ['a']
    """
    return {name for _, _, sigil, name in _tokens(text) if sigil == "$"}


def bind(text: str, values: Mapping[str, str], *, declared: tuple[str, ...] = ()) -> str:
    """Replace each ``$name`` of the query by its value as an escaped SPARQL term.

    Args:
        text: the query.
        values: parameter values as given (see :func:`term_for`).
        declared: parameters the query's header declares; each must be given.

    Raises:
        UsageError: a declared parameter has no value, a value names no
            parameter of the query, or a parameter is also used as ``?name``.
    """
    present = parameters_in(text)
    missing = [p for p in declared if p not in values]
    if missing:
        raise UsageError("the query needs " + ", ".join(f"--param {p}=..." for p in missing))
    unknown = sorted(set(values) - present)
    if unknown:
        known = ", ".join(sorted(present)) or "none"
        raise UsageError(f"the query has no parameter ${unknown[0]} (its parameters: {known})")
    terms = {name: term_for(v) for name, v in values.items()}
    out: list[str] = []
    last = 0
    for start, end, sigil, name in _tokens(text):
        if name not in terms:
            continue
        if sigil == "?":
            raise UsageError(
                f"the query uses ?{name} as well as ${name}; a parameter must be written "
                f"${name} everywhere"
            )
        out.append(text[last:start])
        out.append(terms[name])
        last = end
    out.append(text[last:])
    return "".join(out)
