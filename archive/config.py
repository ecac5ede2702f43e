"""Packaging options from the environment, a config file and the command line.

A config file is TOML::

    base-iri = "https://id.library.example.org/"
    algorithms = ["sha512", "sha256"]

    [bag-info]
    Source-Organization = "Example Library"
    Contact-Name = "Digital Preservation Team"
    Contact-Email = ["preservation@library.example.org"]

Command-line options win over the file; ``SOURCE_DATE_EPOCH`` (seconds since
1970, UTC) pins the Bagging-Date and file times for reproducible bags.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.errors import InputError, UsageError
from archive.fetch import FetchPolicy
from archive.metadata.ids import DEFAULT_BASE_IRI, check_base_iri

DEFAULT_ALGORITHMS = ("sha512",)
# Fields the tool computes; a user value would make the bag lie about itself.
RESERVED_LABELS = frozenset(
    {"Payload-Oxum", "Bag-Size", "Bagging-Date", "Bag-Software-Agent", "BagIt-Profile-Identifier",
     "External-Identifier"}
)  # fmt: skip
_LABEL = re.compile(r"^[^:\s]([^:\r\n]*[^:\s])?$")


@dataclass(frozen=True, slots=True)
class PackageOptions:
    """How to package articles; plain values, no argparse."""

    out_dir: Path
    base_iri: str = DEFAULT_BASE_IRI
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    bag_info: tuple[tuple[str, str], ...] = ()
    allow_missing: bool = False
    force: bool = False
    skip_existing: bool = False  # an existing bag is complete (bags are placed whole): keep it
    source_date_epoch: int | None = None
    name: str | None = None
    peer_check: bool = True
    workers: int = 0  # 0: one per core
    fetch: FetchPolicy | None = None  # fetch http(s) images not found beside the article
    extra: Mapping[str, Any] = field(default_factory=dict)

    def bagging_date(self) -> str:
        """The Bagging-Date: from SOURCE_DATE_EPOCH if set, else today (UTC)."""
        if self.source_date_epoch is not None:
            moment = dt.datetime.fromtimestamp(self.source_date_epoch, tz=dt.UTC)
        else:
            moment = dt.datetime.now(tz=dt.UTC)
        return moment.date().isoformat()


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """``SOURCE_DATE_EPOCH`` as an int, or None when unset.

    Raises:
        UsageError: it is set but not a non-negative integer.
    """
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {value!r}")
    return int(value)


def check_algorithms(names: Sequence[str]) -> tuple[str, ...]:
    """Normalise manifest algorithm names ("SHA-512" -> "sha512"), refusing unknown ones.

    >>> check_algorithms(["SHA-512", "sha256"])
    ('sha512', 'sha256')
    """
    out: list[str] = []
    for name in names:
        norm = name.strip().lower().replace("-", "").replace("_", "")
        if norm not in {"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}:
            raise UsageError(
                f"unknown checksum algorithm {name!r} (use sha512, sha256, sha1, md5 ...)"
            )
        hashlib.new(norm)
        if norm not in out:
            out.append(norm)
    if not out:
        raise UsageError("at least one checksum algorithm is needed")
    return tuple(out)


def parse_info(items: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``LABEL=VALUE`` command-line items to bag-info pairs.

    Raises:
        UsageError: an item has no ``=``, a bad label or a reserved label.
    """
    pairs = []
    for item in items:
        label, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--info expects LABEL=VALUE, got {item!r}")
        pairs.append(check_info_pair(label.strip(), value.strip()))
    return tuple(pairs)


def check_info_pair(label: str, value: str) -> tuple[str, str]:
    """Refuse labels RFC 8493 does not allow and labels the tool computes itself."""
    if not _LABEL.match(label):
        raise UsageError(
            f"bag-info label {label!r} is not allowed "
            "(no colons, spaces at the ends or line breaks)"
        )
    if label in RESERVED_LABELS:
        raise UsageError(f"bag-info label {label!r} is computed by archive and cannot be set")
    if "\n" in value or "\r" in value:
        raise UsageError(f"bag-info value for {label!r} must be one line")
    return label, value


def load_config(path: Path) -> dict[str, Any]:
    """Read a TOML config file: ``base-iri``, ``algorithms``, and a ``[bag-info]`` table.

    Raises:
        InputError: the file is missing, not TOML, or has unknown keys.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read config: {exc.strerror}", input=path) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"config is not valid TOML: {exc}", input=path) from exc
    unknown = set(data) - {"base-iri", "algorithms", "bag-info"}
    if unknown:
        raise InputError(f"unknown config keys: {', '.join(sorted(unknown))}", input=path)
    info = data.get("bag-info", {})
    if not isinstance(info, dict):
        raise InputError("[bag-info] must be a table", input=path)
    pairs: list[tuple[str, str]] = []
    for label, value in info.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            if not isinstance(v, str | int | float):
                raise InputError(f"bag-info value for {label!r} must be text", input=path)
            try:
                pairs.append(check_info_pair(label, str(v)))
            except UsageError as exc:
                raise InputError(exc.message, input=path) from exc
    data["bag-info"] = pairs
    if "base-iri" in data:
        try:
            check_base_iri(str(data["base-iri"]))
        except UsageError as exc:
            raise InputError(exc.message, input=path) from exc
    return data
