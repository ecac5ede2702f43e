"""The same graphs on a real SPARQL server: Graph Store PUTs in, the same answers out.

The server is the one named by ``ARCHIVE_TEST_SPARQL_ENDPOINT`` (``.ci/virtuoso.sh
start`` prints it and the other variables), else a private Virtuoso this module
starts on loopback when ``virtuoso-t`` is installed; otherwise the tests skip.
They remove every graph under ``https://archive.example/`` from the server first.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli
from query_corpus import PARAMS

from archive.errors import QueryError
from archive.query import Endpoint, index_bags, open_store, run_query

pytest_plugins = ("query_support",)  # the corpus bags and their index
pytestmark = pytest.mark.server

SCRIPT = ROOT / ".ci" / "virtuoso.sh"
ENV = "ARCHIVE_TEST_SPARQL_ENDPOINT"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    if os.environ.get(ENV):
        yield _endpoint(os.environ)
        return
    if shutil.which("virtuoso-t") is None:
        pytest.skip(
            f'no SPARQL server: set {ENV} (eval "$(.ci/virtuoso.sh start)" does) '
            "or install virtuoso-opensource-7-bin"
        )
    env = {
        **os.environ,
        "VIRTUOSO_DIR": str(tmp_path_factory.mktemp("virtuoso") / "db"),
        "VIRTUOSO_HTTP_PORT": str(_free_port()),
        "VIRTUOSO_SQL_PORT": str(_free_port()),
        "VIRTUOSO_DBA_PASSWORD": "archive-test",
        "VIRTUOSO_INSTALL": "0",
    }
    started = subprocess.run(
        [str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=180
    )
    assert started.returncode == 0, started.stderr
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
    )
    try:
        yield _endpoint(exports)
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=60)


def _endpoint(env: object) -> Endpoint:
    get = env.get  # type: ignore[attr-defined]
    return Endpoint(
        get(ENV),
        graph_store=get("ARCHIVE_TEST_GRAPH_STORE"),
        user=get("ARCHIVE_TEST_ENDPOINT_USER"),
        password=get("ARCHIVE_TEST_ENDPOINT_PASSWORD"),
        timeout=60,
    )


def _clear(server: Endpoint) -> None:
    graphs = run_query(
        server,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://archive.example/")) }',
    )
    for row in graphs.solutions:
        assert row[0] is not None
        server.delete_graph(row[0].value)


@pytest.fixture
def empty_server(server: Endpoint) -> Endpoint:
    _clear(server)
    return server


def _values(result: object) -> list[tuple[str | None, ...]]:
    rows = result.solutions  # type: ignore[attr-defined]
    return sorted(tuple(t.value if t else None for t in row) for row in rows)


def test_competency_queries_answer_the_same_on_the_server(
    empty_server: Endpoint, corpus_bags: Path, corpus_store: Path
) -> None:
    outcomes = list(index_bags(empty_server, [corpus_bags], workers=1))
    assert {o.action for o in outcomes} == {"added"}
    again = list(index_bags(empty_server, [corpus_bags], workers=1))
    assert {o.action for o in again} == {"unchanged"}  # the facts came back from the server
    with open_store(corpus_store) as store:
        for name, params in PARAMS.items():
            here = run_query(store, name, params)
            there = run_query(empty_server, name, params)
            assert there.variables == here.variables, name
            assert _values(there) == _values(here), name
            assert here.solutions, name


def test_prune_deletes_graphs_on_the_server(empty_server: Endpoint, bags_copy: Path) -> None:
    list(index_bags(empty_server, [bags_copy], workers=1))
    armstrong = 'PREFIX schema: <http://schema.org/> ASK { ?p schema:name "Neil Armstrong" }'
    assert run_query(empty_server, armstrong).boolean
    shutil.rmtree(bags_copy / "apollo-11")
    pruned = {
        Path(o.path).name: o.action
        for o in index_bags(empty_server, [bags_copy], prune=True, workers=1)
    }
    assert pruned["apollo-11"] == "removed"
    assert not run_query(empty_server, armstrong).boolean
    assert run_query(empty_server, "crew-of-spacecraft", {"spacecraft": "Soyuz TMA-11M"}).solutions


def test_cli_index_and_query_against_the_server(
    empty_server: Endpoint, corpus_bags: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("ARCHIVE_ENDPOINT_PASSWORD", empty_server.password or "")
    code, out, err = run_cli(
        [
            "index",
            str(corpus_bags),
            "--endpoint",
            empty_server.url,
            "--graph-store",
            empty_server.graph_store or empty_server.url,
            "--user",
            empty_server.user or "",
            "--workers",
            "1",
        ]
    )
    assert code == 0, err
    assert "index: 4 added" in out
    code, out, err = run_cli(
        [
            "query",
            "--endpoint",
            empty_server.url,
            "image-file",
            "--param",
            "file=attachment_1216379.jpg",
            "--format",
            "csv",
        ]
    )
    assert code == 0, err
    assert "data/images/attachment_1216379.jpg" in out


def test_server_errors_are_clear(server: Endpoint) -> None:
    wrong = Endpoint(server.url, graph_store=server.graph_store, user="dba", password="wrong")
    with pytest.raises(QueryError, match="401"):
        wrong.delete_graph("https://archive.example/id/bag/none")
    closed = Endpoint(f"http://127.0.0.1:{_free_port()}/sparql", timeout=5)
    with pytest.raises(QueryError, match="cannot reach"):
        run_query(closed, "ASK {}")
    with pytest.raises(QueryError) as caught:  # found before anything is sent
        run_query(closed, "SELECT * WHERE {\n  ?s ?p\n}")
    assert caught.value.line == 2
    with pytest.raises(QueryError, match="http"):
        Endpoint("file:///etc/passwd")
