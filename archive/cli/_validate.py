"""``archive validate``: full validation of bags."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from archive.cli._output import EXIT_INVALID, EXIT_OK, Output, add_common_options
from archive.errors import InputError
from archive.validate.bags import validate_bag
from archive.validate.issues import Severity


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="validate bags: BagIt, profile, schemas and graph",
        description=(
            "Validate each BAG completely: BagIt (RFC 8493: every manifest and file), the "
            "BagIt profile it declares, and for archive bags every JSON document against its "
            "schema and the JSON-LD against the Turtle graph. Reports every problem. "
            "Exit 0 valid, 1 invalid, 2 usage or input error."
        ),
    )
    p.add_argument("bags", nargs="+", type=Path, metavar="BAG")
    p.add_argument(
        "--fast", action="store_true", help="structure, completeness and Payload-Oxum only"
    )
    add_common_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    for path in args.bags:
        if not path.is_dir():
            raise InputError("not a folder (a bag is a folder holding bagit.txt)", input=path)
    code = EXIT_OK
    docs: list[dict[str, Any]] = []
    for path in args.bags:
        result = validate_bag(path, fast=args.fast)
        if not result.valid:
            code = EXIT_INVALID
        docs.append(result.as_dict())
        errors = [i for i in result.issues if i.is_error]
        warnings = [i for i in result.issues if i.level is Severity.WARNING]
        for w in warnings:
            out.warn(f"{path}: {w}")
        if result.valid:
            note = f" ({len(warnings)} warning(s))" if warnings else ""
            out.line(f"{path}: valid{note}")
        else:
            out.line(f"{path}: INVALID, {len(errors)} error(s)")
            for e in errors:
                out.line(f"  {e}")
    if out.json:
        for doc in docs:
            out.emit(doc)
    return code
