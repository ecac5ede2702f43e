"""``archive query``: SPARQL over the event graphs of bags, a store or a server."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from archive.cli._output import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Output, add_common_options
from archive.errors import QueryError, UsageError

PASSWORD_ENV = "ARCHIVE_ENDPOINT_PASSWORD"
USER_ENV = "ARCHIVE_ENDPOINT_USER"
# archive.query.FORMATS, spelled out so that building the parser does not
# import the SPARQL engine (see CHECKS in archive/cli/_index.py).
FORMATS = ("table", "json", "csv", "tsv", "turtle")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "query",
        help="answer a SPARQL query over bags, an index or a SPARQL server",
        description=(
            "Answer a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of "
            "the bags' event graphs; GRAPH ?g reaches each bag's own graph. The query is a "
            "NAME of a shipped query (see --list), --sparql TEXT or --file Q.rq; $name "
            "parameters are bound with --param name=value (a value in <...> is an IRI). "
            "The graphs come from --store DIR (made by archive index), --endpoint URL, or "
            "else the BAGs (bags or folders of bags) are loaded for this one query. "
            "Exit 0 answered, 1 no results with --fail-on-empty, 2 usage, input or syntax "
            "error (reported with line and column)."
        ),
    )
    p.add_argument(
        "args",
        nargs="*",
        metavar="BAG|NAME",
        help="bags or folders of bags, then the NAME of a shipped query (with --store or "
        "--endpoint, only the NAME)",
    )
    source = p.add_mutually_exclusive_group()
    source.add_argument("--store", type=Path, metavar="DIR", help="an index made by archive index")
    source.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint")
    text = p.add_mutually_exclusive_group()
    text.add_argument("--sparql", metavar="TEXT", help="the query text")
    text.add_argument("--file", type=Path, metavar="Q.rq", help="a file holding the query")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a value for the query's $NAME (repeatable)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="table (default), json (SPARQL results JSON), csv, tsv, or turtle for graphs",
    )
    p.add_argument(
        "--fail-on-empty",
        action="store_true",
        help="exit 1 when there is no solution, the ASK is false or the graph is empty",
    )
    p.add_argument("--list", action="store_true", help="list the named queries and their params")
    p.add_argument(
        "--user", help=f"user for the endpoint (or ${USER_ENV}; password: ${PASSWORD_ENV})"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the endpoint")
    add_common_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    from archive.query import format_result, named_queries

    if args.list:
        return _list(out, named_queries())
    fmt = _format(args)
    try:
        result = _answer(args)
    except QueryError as exc:
        _report(out, exc)
        return EXIT_USAGE
    out.stdout.write(format_result(result, fmt))
    if args.fail_on_empty and result.empty:
        return EXIT_INVALID
    return EXIT_OK


def _format(args: argparse.Namespace) -> str:
    if args.json and args.format not in (None, "json"):
        raise UsageError(f"--json and --format {args.format} contradict each other")
    fmt: str = "json" if args.json else (args.format or "table")
    return fmt


def _answer(args: argparse.Namespace) -> Any:
    from archive.query import (
        Endpoint,
        GraphStore,
        NamedQuery,
        load_bags,
        load_query,
        open_store,
        parse_param,
        run_query,
    )
    from archive.query.params import read_query_file

    positional = list(args.args)
    query: str | NamedQuery
    if args.sparql is not None:
        query = NamedQuery("<query>", "", (), args.sparql, "--sparql")
    elif args.file is not None:
        query = read_query_file(args.file)
    elif positional:
        name = positional.pop()
        if "{" in name or " " in name:
            raise UsageError("query text goes in --sparql TEXT; a bare argument is a query NAME")
        query = load_query(name)
    else:
        raise UsageError("give a query: a NAME (see --list), --sparql TEXT or --file Q.rq")
    params = dict(parse_param(p) for p in args.param)
    if (args.store or args.endpoint) and positional:
        raise UsageError("give bags or --store/--endpoint, not both")
    target: GraphStore | Endpoint
    if args.endpoint:
        user = args.user or os.environ.get(USER_ENV)
        target = Endpoint(
            args.endpoint, user=user, password=os.environ.get(PASSWORD_ENV), timeout=args.timeout
        )
        return run_query(target, query, params)
    if args.store:
        with open_store(args.store) as store:
            return run_query(store, query, params)
    if not positional:
        raise UsageError("give the bags to query, or --store DIR, or --endpoint URL")
    return run_query(load_bags(Path(p) for p in positional), query, params)


def _report(out: Output, exc: QueryError) -> None:
    out.error(str(exc))
    data: dict[str, Any] = {"type": type(exc).__name__, "message": exc.message, "input": exc.input}
    if exc.line is not None:
        data["line"], data["column"] = exc.line, exc.column
    out.emit({"ok": False, "error": data})


def _list(out: Output, queries: list[Any]) -> int:
    if out.json:
        out.emit(
            [
                {"name": q.name, "description": q.description, "params": dict(q.params)}
                for q in queries
            ]
        )
        return EXIT_OK
    for q in queries:
        out.line(f"{q.name}: {q.description}")
        for name, description in q.params:
            out.line(f"    --param {name}=...  {description}")
    return EXIT_OK
