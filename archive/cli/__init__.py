"""The ``archive`` command: a thin layer from argv to library calls to output.

This package is the only place that prints and the only place that picks exit
codes: 0 ok, 1 invalid or failed checks, 2 usage or input error. Each command
group lives in its own module with a ``register(subparsers)`` function; the
library never sees an ``argparse.Namespace``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import TextIO

from archive import __version__
from archive.cli._output import EXIT_USAGE, Output, report_error
from archive.errors import ArchiveError

# Each command's module, in the order --help lists them. A command line that
# names one imports only its module: `archive fixity` does not load the
# packaging pipeline, the SHACL engine or the SPARQL store (a third of a
# second on every run, for a script that checks one bag at a time).
_COMMANDS = {
    "package": "archive.cli._package",
    "validate": "archive.cli._validate",
    "fixity": "archive.cli._fixity",
    "index": "archive.cli._index",
    "query": "archive.cli._query",
}


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``run`` owns the exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageExit(self.format_usage() + f"{self.prog}: error: {message}\n")


class _UsageExit(Exception):
    pass


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command`` alone (one of ``_COMMANDS``)."""
    parser = _Parser(
        prog="archive",
        description=(
            "Package news articles and photo galleries into archival BagIt bags, "
            "validate and fixity-check bags, and query their event graphs."
        ),
    )
    parser.add_argument("--version", action="version", version=f"archive {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name, module in _COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(module).register(sub)
    return parser


def run(argv: Sequence[str] | None, *, stdout: TextIO, stderr: TextIO) -> int:
    """Run the command line ``argv``, writing to the given streams; return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The command is the first word, if it is one we have; else (an option such
    # as --help, a typing error) every command, for the usage message.
    first = args_list[0] if args_list else None
    parser = build_parser(first if first in _COMMANDS else None)
    try:
        # argparse prints --help and --version itself; send them to our stream.
        with contextlib.redirect_stdout(stdout):
            args = parser.parse_args(args_list)
    except _UsageExit as exc:
        stderr.write(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version exit 0 through argparse
        return int(exc.code or 0)
    out = Output(
        stdout=stdout,
        stderr=stderr,
        json=getattr(args, "json", False),
        quiet=getattr(args, "quiet", False),
    )
    _configure_logging(getattr(args, "verbose", 0), stderr)
    try:
        code: int = args.handler(args, out)
    except ArchiveError as exc:
        report_error(out, exc)
        return EXIT_USAGE
    except KeyboardInterrupt:
        out.warn("interrupted")
        return 130
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``archive`` console script."""
    return run(argv, stdout=sys.stdout, stderr=sys.stderr)


def _configure_logging(verbosity: int, stream: TextIO) -> None:
    if not verbosity:
        return
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("archive")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
