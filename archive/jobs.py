"""What a packaging run will do: its inputs expanded into one job per bag.

An input is an article file, a folder holding one ``article.*``, or a
WordPress export (WXR), which gives one job per published post. Bag names are
decided here, before any work starts, so that a clash is a usage error and
not a bag overwritten half-way through a run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from archive.errors import InputError, UsageError
from archive.parse import read_bytes, wxr

__all__ = ["MAX_EXPORT_BYTES", "Job", "bag_name_for", "plan_jobs", "portable_name"]

MAX_EXPORT_BYTES = 512 * 1024 * 1024
"""WordPress exports larger than this are refused (lxml holds the whole tree in memory)."""

_ATTACHMENT_ID = re.compile(r"attachment_([0-9]+)")


@dataclass(frozen=True, slots=True)
class Job:
    """One bag to make: from a file or folder, or from one post of an export."""

    input: Path  # the path as given
    name: str  # the bag's folder name
    export: wxr.Export | None = None  # with only the attachments this post uses
    post: wxr.Post | None = None

    @property
    def label(self) -> str:
        """How messages and results name the input."""
        if self.post is None:
            return str(self.input)
        return f"{self.input}#post-{self.post.post_id}"


def portable_name(stem: str) -> str:
    """A portable folder name: ASCII letters, digits, ``._-``; at most 100 characters.

    >>> portable_name("Ünïcode article")
    'Unicode-article'
    """
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip(".-_")[:100]


def bag_name_for(path: Path) -> str:
    """A portable bag folder name from an input: its folder name or file stem.

    >>> bag_name_for(Path("samples/soyuz-tma-11m"))
    'soyuz-tma-11m'
    >>> bag_name_for(Path("in/Ünïcode article.html"))
    'Unicode-article'
    """
    stem = path.name if path.is_dir() or not path.suffix else path.stem
    if stem == "article" and path.parent.name:
        stem = path.parent.name
    return portable_name(stem) or "article"


def plan_jobs(inputs: Sequence[Path], *, name: str | None = None) -> list[Job]:
    """One job per bag, with unique names.

    Raises:
        UsageError: two inputs would give the same bag name, or ``name`` is
            given for more than one bag.
        InputError: an export cannot be read (ParseError: it is broken).
    """
    jobs: list[Job] = []
    for path in inputs:
        jobs += _export_jobs(path) if _is_export(path) else [Job(path, bag_name_for(path))]
    if name is not None:
        if len(jobs) > 1:
            raise UsageError("--name can only be used when packaging a single article")
        jobs = [replace(job, name=name) for job in jobs]
    seen: dict[str, Job] = {}
    for job in jobs:
        if job.name in seen:
            raise UsageError(
                f"{seen[job.name].label} and {job.label} would both be packaged as "
                f"{job.name!r}; package them separately"
            )
        seen[job.name] = job
    return jobs


def _is_export(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with open(path, "rb") as file:
            return wxr.is_wxr(file.read(8192))
    except OSError:
        return False  # reading it as an article reports why


def _export_jobs(path: Path) -> list[Job]:
    export = wxr.read_export(read_bytes(path, MAX_EXPORT_BYTES), source=path)
    if not export.posts:
        raise InputError("the WordPress export holds no published post", input=path)
    jobs: list[Job] = []
    taken: set[str] = set()
    for post in export.posts:
        name = portable_name(post.name) or f"post-{post.post_id}"
        if name in taken:
            name = f"{name}-{post.post_id}"
        taken.add(name)
        used = set(_ATTACHMENT_ID.findall(post.content))
        slim = replace(
            export,
            posts=(),
            attachments={k: v for k, v in export.attachments.items() if k in used},
        )
        jobs.append(Job(path, name, slim, post))
    return jobs
