"""``archive package``: articles to bags."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from archive.cli._output import EXIT_OK, EXIT_USAGE, Output, add_common_options, error_dict
from archive.config import (
    PackageOptions,
    check_algorithms,
    load_config,
    parse_info,
    source_date_epoch,
)
from archive.errors import ArchiveError, UsageError
from archive.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FetchPolicy
from archive.jobs import plan_jobs
from archive.metadata.ids import DEFAULT_BASE_IRI, check_base_iri
from archive.pipeline import package_many


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "package",
        help="package articles into BagIt bags",
        description=(
            "Package each INPUT (an article file, a folder holding one article.txt or "
            "article.html and its images, or a WordPress export (WXR) whose published posts "
            "each become a bag, with images from uploads/ or wp-content/uploads/ beside it) "
            "into a BagIt 1.0 bag in --out. Prints each bag's "
            "path. Bags are built aside and moved into place whole; an existing bag is kept "
            "unless --force. SOURCE_DATE_EPOCH makes the bags byte-identical across runs."
        ),
    )
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    p.add_argument(
        "-o", "--out", type=Path, default=Path("bags"), help="output folder (default: ./bags)"
    )
    p.add_argument("--name", help="bag folder name (one input only; default: the input's name)")
    p.add_argument(
        "--base-iri", help=f"base IRI for minted identifiers (default: {DEFAULT_BASE_IRI})"
    )
    p.add_argument(
        "--algorithm",
        action="append",
        dest="algorithms",
        metavar="ALG",
        help="manifest algorithm; repeat for several (default: sha512)",
    )
    p.add_argument(
        "--info",
        action="append",
        default=[],
        metavar="LABEL=VALUE",
        help="a bag-info.txt field, e.g. --info 'Contact-Name=Jane Doe' (repeatable)",
    )
    p.add_argument("--config", type=Path, help="TOML file with base-iri, algorithms and [bag-info]")
    p.add_argument(
        "--allow-missing",
        action="store_true",
        help="package an article even if images are missing, recording the gap in the metadata",
    )
    p.add_argument(
        "--fetch",
        action="store_true",
        help="download an image not found beside the article when its src is an http(s) URL",
    )
    p.add_argument(
        "--fetch-timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit for each download (default: {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--fetch-max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"size limit for each download (default: {DEFAULT_MAX_BYTES})",
    )
    p.add_argument(
        "--fetch-private",
        action="store_true",
        help="also fetch from hosts on loopback or private networks (refused by default)",
    )
    existing = p.add_mutually_exclusive_group()
    existing.add_argument(
        "--force", action="store_true", help="replace an existing bag of the same name"
    )
    existing.add_argument(
        "--skip-existing",
        action="store_true",
        help="leave an existing bag as it is and go on (to finish an interrupted run)",
    )
    p.add_argument(
        "--workers", type=int, default=0, help="parallel workers (default: one per core)"
    )
    p.add_argument(
        "--no-peer-check",
        dest="peer_check",
        action="store_false",
        help="skip the second validation of each bag by bagit-python",
    )
    add_common_options(p)
    p.set_defaults(handler=run)


def options_from(args: argparse.Namespace) -> PackageOptions:
    """Merge the config file, the environment and the command line."""
    config: dict[str, Any] = load_config(args.config) if args.config else {}
    base = args.base_iri or config.get("base-iri") or DEFAULT_BASE_IRI
    algorithms = args.algorithms or config.get("algorithms") or ["sha512"]
    return PackageOptions(
        out_dir=args.out,
        base_iri=check_base_iri(base),
        algorithms=check_algorithms(algorithms),
        bag_info=tuple(config.get("bag-info", ())) + parse_info(args.info),
        allow_missing=args.allow_missing,
        force=args.force,
        skip_existing=args.skip_existing,
        source_date_epoch=source_date_epoch(),
        name=args.name,
        peer_check=args.peer_check,
        workers=max(0, args.workers),
        fetch=_fetch_policy(args),
    )


def _fetch_policy(args: argparse.Namespace) -> FetchPolicy | None:
    if not args.fetch:
        if args.fetch_private:
            raise UsageError("--fetch-private needs --fetch")
        return None
    if not args.fetch_timeout > 0 or args.fetch_max_bytes < 1:
        raise UsageError("--fetch-timeout and --fetch-max-bytes must be positive")
    return FetchPolicy(
        timeout=args.fetch_timeout,
        max_bytes=args.fetch_max_bytes,
        allow_private=args.fetch_private,
    )


def run(args: argparse.Namespace, out: Output) -> int:
    options = options_from(args)
    jobs = plan_jobs(args.inputs, name=options.name)
    progress = out.progress(len(jobs), "articles")
    code = EXIT_OK
    results: list[dict[str, Any]] = []
    try:
        for result in package_many(jobs, options):
            progress.advance()
            if isinstance(result, ArchiveError):
                code = EXIT_USAGE
                progress.close()
                out.error(str(result))
                results.append({"ok": False, "error": error_dict(result)})
                continue
            progress.close()
            if result.skipped:
                out.warn(f"{result.bag}: exists, skipped")
                results.append({"ok": True, **result.as_dict()})
                continue
            out.line(result.bag)
            if result.missing_images:
                out.warn(
                    f"{result.bag}: {result.missing_images} image(s) missing, "
                    "recorded in the metadata"
                )
            results.append({"ok": True, **result.as_dict()})
    finally:
        progress.close()
    out.emit({"ok": code == EXIT_OK, "bags": results})
    return code
