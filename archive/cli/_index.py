"""``archive index``: load bags' graphs into a SPARQL store or onto a SPARQL server."""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path
from typing import Any

from archive.cli._output import EXIT_INVALID, EXIT_OK, Output, add_common_options
from archive.cli._query import PASSWORD_ENV, USER_ENV
from archive.errors import UsageError

_SHOWN = ("added", "replaced", "refreshed", "removed", "missing")
# archive.query.CHECKS, spelled out: importing archive.query to build the
# parser would cost every command (``archive fixity`` too) about 25 ms.
# tests/test_query_cli.py checks that the two agree, as for FORMATS.
CHECKS = ("bagit", "fast", "full")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "index",
        help="load bags' event graphs into a SPARQL store or server",
        description=(
            "Load the event graph of every bag under BAG_OR_FOLDER into --store DIR (an "
            "embedded SPARQL store, created if missing) or, with the Graph Store Protocol, "
            "onto --endpoint URL: one named graph per bag, named by the bag's IRI, with the "
            "bag's facts (path, External-Identifier, Bagging-Date, tag manifest digest, "
            "latest fixity check) in <bag IRI>/facts. Incremental: a bag whose tag manifest "
            "is unchanged is skipped, a changed one replaced; --prune removes bags no longer "
            "there. A bag that fails its check is not indexed unless --allow-invalid. "
            "Exit 0 all indexed, 1 some bag not indexed, 2 usage or input error."
        ),
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="BAG_OR_FOLDER")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", type=Path, metavar="DIR", help="the store folder")
    target.add_argument(
        "--endpoint", metavar="URL", help="SPARQL query endpoint of the server (reads the index)"
    )
    p.add_argument(
        "--graph-store",
        metavar="URL",
        help="its Graph Store Protocol endpoint (default: --endpoint; Virtuoso: "
        ".../sparql-graph-crud-auth)",
    )
    p.add_argument(
        "--user", help=f"user for the server (or ${USER_ENV}; password: ${PASSWORD_ENV})"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the server")
    p.add_argument(
        "--check",
        choices=CHECKS,
        default="bagit",
        help="bagit: every checksum (default); fast: completeness only; full: also the "
        "metadata checks of archive validate",
    )
    p.add_argument("--allow-invalid", action="store_true", help="index bags that fail the check")
    p.add_argument("--prune", action="store_true", help="remove indexed bags no longer found")
    fixity = p.add_mutually_exclusive_group()
    fixity.add_argument(
        "--fixity-log", type=Path, metavar="DB", help="fixity log to take checks from"
    )
    fixity.add_argument(
        "--no-fixity-log", action="store_true", help="do not read the default fixity log"
    )
    p.add_argument("--workers", type=int, default=0, help="processes checking bags (0: per CPU)")
    p.add_argument(
        "--optimize",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="compact the store afterwards (default: after loading many new bags at once)",
    )
    add_common_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    from archive.query import Endpoint, FixitySource, default_fixity_log, index_bags, open_store

    if args.graph_store and not args.endpoint:
        raise UsageError("--graph-store goes with --endpoint")
    log_path = None if args.no_fixity_log else (args.fixity_log or default_fixity_log())
    fixity = FixitySource(log_path) if log_path else None
    outcomes: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    code = EXIT_OK
    try:
        if args.endpoint:
            user = args.user or os.environ.get(USER_ENV)
            target: Any = Endpoint(
                args.endpoint,
                graph_store=args.graph_store,
                user=user,
                password=os.environ.get(PASSWORD_ENV),
                timeout=args.timeout,
            )
        else:
            target = open_store(args.store, read_only=False)
        progress = out.progress(None, "bags")

        def found(n: int) -> None:
            progress.total = n

        try:
            for outcome in index_bags(
                target,
                args.paths,
                check=args.check,
                allow_invalid=args.allow_invalid,
                prune=args.prune,
                fixity=fixity,
                workers=max(0, args.workers),
                optimize=args.optimize,
                found=found,
            ):
                progress.advance(extra=outcome.action)
                counts[outcome.action] += 1
                outcomes.append(outcome.as_dict())
                if outcome.failed:
                    code = EXIT_INVALID
                _say(out, outcome, progress)
        finally:
            progress.close()
            if not args.endpoint:
                target.close()
    finally:
        if fixity is not None:
            fixity.close()
    summary = ", ".join(f"{n} {action}" for action, n in sorted(counts.items())) or "no bags"
    out.line(f"index: {summary}")
    out.emit({"ok": code == EXIT_OK, "counts": dict(counts), "bags": outcomes})
    return code


def _say(out: Output, outcome: Any, progress: Any) -> None:
    if outcome.failed:
        progress.close()
        out.error(f"{outcome.path}: not indexed ({outcome.action}): {outcome.reason}")
    elif outcome.action in _SHOWN:
        progress.close()
        detail = f" ({outcome.triples} triples)" if outcome.triples else ""
        note = f": {outcome.reason}" if outcome.reason else ""
        out.line(f"{outcome.action:9s} {outcome.path}{detail}{note}")
