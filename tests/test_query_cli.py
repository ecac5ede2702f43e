"""``archive index`` and ``archive query`` on the command line: output, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import run_cli

pytest_plugins = ("query_support",)  # the corpus bags and their index


def test_index_reports_each_bag_and_is_incremental(bags_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, out, err = run_cli(["index", str(bags_copy), "--store", str(store), "--workers", "1"])
    assert code == 0, err
    assert sum(line.startswith("added ") for line in out.splitlines()) == 4
    assert "index: 4 added" in out
    code, out, _ = run_cli(
        ["index", str(bags_copy), "--store", str(store), "--json", "--workers", "1"]
    )
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and doc["counts"] == {"unchanged": 4}


def test_index_exit_code_when_a_bag_is_not_indexed(bags_copy: Path, tmp_path: Path) -> None:
    (bags_copy / "apollo-11" / "data" / "metadata" / "graph.ttl").write_text("not turtle at all")
    code, _, err = run_cli(
        ["index", str(bags_copy), "--store", str(tmp_path / "s"), "--workers", "1"]
    )
    assert code == 1
    assert "apollo-11: not indexed (invalid)" in err  # its manifest no longer matches
    code, _, err = run_cli(
        [
            "index",
            str(bags_copy),
            "--store",
            str(tmp_path / "s"),
            "--allow-invalid",
            "--workers",
            "1",
        ]
    )
    assert code == 1 and "apollo-11: not indexed (error)" in err and "not valid Turtle" in err
    code, _, err = run_cli(["index", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s")])
    assert code == 2


def test_query_a_named_query_over_a_store(corpus_store: Path) -> None:
    code, out, err = run_cli(
        [
            "query",
            "--store",
            str(corpus_store),
            "crew-of-spacecraft",
            "--param",
            "spacecraft=Soyuz TMA-11M",
        ]
    )
    assert code == 0, err
    assert "Koichi Wakata" in out and "(3 rows)" in out


def test_query_formats(corpus_store: Path) -> None:
    base = [
        "query",
        "--store",
        str(corpus_store),
        "image-file",
        "--param",
        "file=attachment_1216379.jpg",
    ]
    code, out, _ = run_cli([*base, "--format", "json"])
    doc = json.loads(out)
    assert code == 0 and doc["head"]["vars"][0] == "image"
    assert doc["results"]["bindings"][0]["path"] == {
        "type": "literal",
        "value": "data/images/attachment_1216379.jpg",
    }
    assert run_cli([*base, "--json"])[1] == out  # --json is --format json
    code, out, _ = run_cli([*base, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0][0] == "image" and out.endswith("\r\n") and len(rows) == 2
    code, out, _ = run_cli([*base, "--format", "tsv"])
    assert out.startswith("?image\t?bag") and "\t19745" in out
    code, _, err = run_cli([*base, "--json", "--format", "csv"])
    assert code == 2 and "contradict" in err


def test_query_bags_without_a_store(corpus_bags: Path) -> None:
    code, out, err = run_cli(
        [
            "query",
            str(corpus_bags),
            "--sparql",
            "PREFIX schema: <http://schema.org/> SELECT (COUNT(*) AS ?n) "
            "WHERE { ?i a schema:ImageObject }",
            "--format",
            "csv",
        ]
    )
    assert code == 0, err
    assert int(out.split("\r\n")[1]) >= 18
    code, out, _ = run_cli(["query", str(corpus_bags / "apollo-11"), "objects-carried"])
    assert code == 0


def test_query_construct_as_turtle(corpus_store: Path) -> None:
    code, out, _ = run_cli(
        [
            "query",
            "--store",
            str(corpus_store),
            "--sparql",
            "PREFIX schema: <http://schema.org/> "
            "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }",
            "--format",
            "turtle",
        ]
    )
    assert code == 0 and "Koichi Wakata" in out and "@prefix schema:" in out


def test_query_exit_codes(corpus_store: Path, tmp_path: Path) -> None:
    store = ["--store", str(corpus_store)]
    code, out, _ = run_cli(["query", *store, "--sparql", "ASK { <http://x/y> ?p ?o }"])
    assert code == 0 and out == "false\n"
    code, _, _ = run_cli(
        ["query", *store, "--sparql", "ASK { <http://x/y> ?p ?o }", "--fail-on-empty"]
    )
    assert code == 1
    code, _, err = run_cli(["query", *store, "--sparql", "SELECT * WHERE {\n  ?s ?p\n}"])
    assert code == 2 and "line 2, column 3" in err
    code, out, _ = run_cli(["query", *store, "--sparql", "SELECT * WHERE { ?s ?p }", "--json"])
    assert code == 2 and json.loads(out)["error"]["line"] == 1
    code, _, err = run_cli(["query", *store, "crew-of-spacecraft"])
    assert code == 2 and "--param spacecraft" in err
    code, _, err = run_cli(["query", *store, "no-such-query"])
    assert code == 2 and "crew-of-spacecraft" in err
    code, _, err = run_cli(["query", "--store", str(tmp_path), "objects-carried"])
    assert code == 2 and "not an archive store" in err
    query = tmp_path / "q.rq"
    query.write_text("# Count.\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    code, out, _ = run_cli(["query", *store, "--file", str(query), "--format", "csv"])
    assert code == 0 and int(out.split("\r\n")[1]) > 1000


def test_query_list(corpus_store: Path) -> None:
    code, out, _ = run_cli(["query", "--list"])
    assert code == 0 and "images-of-person-not-verified" in out and "--param days=" in out
    code, out, _ = run_cli(["query", "--list", "--json"])
    listed = {q["name"]: q for q in json.loads(out)}
    assert listed["image-file"]["params"] == {
        "file": 'the image\'s file name in the bag, e.g. "attachment_1216379.jpg"'
    }


def test_cli_choices_are_the_librarys_and_the_parser_does_not_load_the_query_engine() -> None:
    import subprocess
    import sys

    from archive.cli import _index, _query
    from archive.query import CHECKS, FORMATS

    assert (_index.CHECKS, _query.FORMATS) == (CHECKS, FORMATS)
    # Building the parser (which every command does) must not import the
    # SPARQL engine: archive fixity would pay for it on every run.
    code = "import sys; from archive.cli import build_parser; build_parser(); "
    code += "print('archive.query' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
