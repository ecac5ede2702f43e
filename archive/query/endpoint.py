"""A SPARQL 1.1 server: queries by the SPARQL Protocol, graphs by the Graph Store Protocol.

Past one machine the same named graphs go to a server: each bag's graph and
its facts graph are sent with an HTTP ``PUT`` to the Graph Store endpoint
(``?graph=<IRI>``), which replaces the graph, so sending twice is harmless;
a removed bag is an HTTP ``DELETE``. Queries are ``POST`` ed as
``application/x-www-form-urlencoded`` to the query endpoint.

Only the URLs the user gives are contacted (http or https), redirects are not
followed, every request has a time-out, and credentials (HTTP Basic or Digest,
whichever the server asks for) come from the caller, never from the URL.

Virtuoso 7 serves queries at ``/sparql`` and the authenticated Graph Store
at ``/sparql-graph-crud-auth`` (Digest); Fuseki serves both at the dataset URL.
Note that such servers' default graph is the concatenation of all graphs, not
their RDF merge: a triple two bags state is seen twice, so the shipped queries
use ``DISTINCT``.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from archive.errors import QueryError
from archive.query.facts import FACTS_QUERY, IndexedBag, facts_graph, parse_indexed
from archive.query.graphs import GraphData
from archive.query.results import Kind, QueryResult, parse_json_results
from archive.query.store import parse_ntriples

__all__ = ["Endpoint", "EndpointSink"]

USER_AGENT = "archive (SPARQL client)"
MAX_ANSWER_BYTES = 512 << 20


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect becomes an error naming the URL


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A SPARQL server: its query URL, its Graph Store URL and credentials."""

    url: str
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        for url in (self.url, self.graph_store):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise QueryError("only http and https endpoints are supported", input=url)

    def query(self, text: str, *, kind: Kind) -> QueryResult:
        """Run a query on the server.

        Raises:
            QueryError: the server cannot be reached, refuses the query or answers nonsense.
        """
        graph = kind in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples, text/turtle;q=0.9" if graph else _RESULTS_JSON
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        data = self._send(
            "POST",
            self.url,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        if graph:
            return QueryResult(kind=kind, triples=parse_ntriples(data, source=self.url))
        return parse_json_results(data, source=self.url)

    def put_graph(self, name: str, graph: GraphData) -> None:
        """Replace the named graph ``name`` on the server (Graph Store ``PUT``)."""
        self._send("PUT", self._graph_url(name), graph.ntriples, {"Content-Type": "text/turtle"})

    def delete_graph(self, name: str) -> None:
        """Remove the named graph ``name``; a graph already absent is fine."""
        with contextlib.suppress(_Missing):
            self._send("DELETE", self._graph_url(name), None, {})

    def _graph_url(self, name: str) -> str:
        base = self.graph_store or self.url
        sep = "&" if urllib.parse.urlsplit(base).query else "?"
        return base + sep + urllib.parse.urlencode({"graph": name})

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        request.add_header("User-Agent", USER_AGENT)
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                data: bytes = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and method == "DELETE":
                raise _Missing from exc
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            raise QueryError(
                f"the server answered {exc.code} {exc.reason} to {method}"
                + (f": {' '.join(detail.split())[:500]}" if detail else ""),
                input=url,
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(f"cannot reach the server: {reason}", input=url) from exc
        if len(data) > MAX_ANSWER_BYTES:
            raise QueryError(f"the answer is larger than {MAX_ANSWER_BYTES} bytes", input=url)
        return data

    def _opener(self) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if self.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {self.url, self.graph_store or self.url}:
                passwords.add_password(None, url, self.user, self.password or "")
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        return urllib.request.build_opener(*handlers)


_RESULTS_JSON = "application/sparql-results+json"


class _Missing(Exception):
    pass


class EndpointSink:
    """Indexes bags onto a server: one ``PUT`` per graph, content before facts."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def indexed(self) -> dict[str, IndexedBag]:
        return parse_indexed(self.endpoint.query(FACTS_QUERY, kind="SELECT"))

    def put(self, bag: str, content: GraphData | None, facts: GraphData) -> None:
        if content is not None:
            self.endpoint.put_graph(bag, content)
        self.endpoint.put_graph(facts_graph(bag), facts)

    def remove(self, bag: str) -> None:
        self.endpoint.delete_graph(bag)
        self.endpoint.delete_graph(facts_graph(bag))

    def finish(self) -> None:
        return None
