"""Article to bag: call the stages in order, build aside, check, move into place.

Each stage lives in its own module; this one only orders them and makes the
result all-or-nothing: the bag is built in a temporary folder beside its
destination, checked by our own validator, the profile and bagit-python, and
only then renamed into place. Any failure removes the temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from archive import __version__, bag, fetch, images, parse
from archive.config import PackageOptions
from archive.errors import ArchiveError, ImageError, InputError, PackagingError
from archive.extract import extract
from archive.extract.gazetteer import load_gazetteer
from archive.files import copy_hashed, make_staging, place, remove_stale, write_bytes
from archive.jobs import Job, bag_name_for, plan_jobs
from archive.metadata import ids, jsonld
from archive.metadata.graph import to_graph, to_turtle
from archive.model import Article, Extraction, Figure, ImageFile, Package
from archive.parse import wxr
from archive.resources import load_json, vocab_file
from archive.validate import schema

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")
SOURCE_DIR = "data/source"
IMAGE_DIR = "data/images"
METADATA_DIR = "data/metadata"
GRAPH_PATH = f"{METADATA_DIR}/graph.ttl"
VOCAB_PATH = f"{METADATA_DIR}/vocab.ttl"
AGENT = f"archive {__version__}"


def profile() -> dict[str, Any]:
    """The BagIt profile every bag we write declares and meets."""
    data: dict[str, Any] = load_json(vocab_file("bagit-profile.json"))
    return data


def profile_identifier() -> str:
    return str(profile()["BagIt-Profile-Info"]["BagIt-Profile-Identifier"])


@dataclass(frozen=True, slots=True)
class PackageResult:
    """What packaging one input produced."""

    input: str
    bag: str
    identifier: str
    title: str | None
    images: int
    missing_images: int
    events: int
    entities: int
    skipped: bool = False  # the bag existed and --skip-existing left it alone

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "bag": self.bag,
            "identifier": self.identifier,
            "title": self.title,
            "images": self.images,
            "missing_images": self.missing_images,
            "events": self.events,
            "entities": self.entities,
            "skipped": self.skipped,
        }


def find_article(path: Path) -> Path:
    """The article file of an input: the file itself, or the one ``article.*`` in a folder.

    Raises:
        InputError: the path does not exist, or a folder holds no or several articles.
    """
    if path.is_file():
        return path
    if not path.is_dir():
        raise InputError("no such file or folder", input=path)
    found = sorted(
        p for p in path.iterdir() if p.stem == "article" and p.suffix.lower() in ARTICLE_SUFFIXES
    )
    if not found:
        raise InputError("the folder holds no article.txt or article.html", input=path)
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise InputError(f"the folder holds several articles ({names}); give one file", input=path)
    return found[0]


def package_article(input_path: Path, options: PackageOptions) -> PackageResult:
    """Package one article (a file or a folder holding ``article.*``) into a bag.

    Raises:
        InputError: the article or an image cannot be used (nothing is written).
        PackagingError: the bag cannot be written or exists (nothing is left half-written).
        MetadataError: generated metadata fails its schema (a bug or hostile input).
    """
    return package_job(Job(input_path, options.name or bag_name_for(input_path)), options)


def package_job(job: Job, options: PackageOptions) -> PackageResult:
    """Package one job: an article file or folder, or one post of a WordPress export.

    Raises:
        InputError, PackagingError, MetadataError: as :func:`package_article`.
    """
    dest = options.out_dir / job.name
    if (dest.exists() or dest.is_symlink()) and not options.force:
        if options.skip_existing and dest.is_dir() and not dest.is_symlink():
            return _existing(job.label, dest)
        raise PackagingError(
            "already exists; use --force to replace it or --skip-existing to keep it", input=dest
        )
    source: bytes | None = None
    if job.export is not None and job.post is not None:
        article = wxr.post_article(job.export, job.post)
        source = job.post.content.encode("utf-8", "surrogatepass")
    else:
        article = parse.load_article(find_article(job.input))
    found = [_locate(article, f, options) for f in article.figures]
    extraction = extract(article)
    staging = make_staging(options.out_dir, job.name)
    try:
        package = _stage(staging, article, source, found, extraction, options, job.name)
        place(staging, dest, force=options.force)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return PackageResult(
        input=job.label,
        bag=str(dest),
        identifier=external_identifier(article),
        title=article.title,
        images=sum(not i.is_missing for i in package.images),
        missing_images=sum(i.is_missing for i in package.images),
        events=len(extraction.events),
        entities=len(extraction.entities),
    )


def _existing(label: str, dest: Path) -> PackageResult:
    """The result for a bag that is already there (placed whole, so complete)."""
    info = bag_info_json(dest)
    return PackageResult(
        input=label,
        bag=str(dest),
        identifier=next(iter(info.get("External-Identifier", [])), ""),
        title=next(iter(info.get("External-Description", [])), None),
        images=0,
        missing_images=0,
        events=0,
        entities=0,
        skipped=True,
    )


def external_identifier(article: Article) -> str:
    """The article's canonical URL, else an ``ni:`` URI of its bytes."""
    return article.url or ids.content_identifier(article.sha256)


@dataclass(frozen=True, slots=True)
class _Remote:
    """An image to fetch: not beside the article, and its ``src`` is an http(s) URL."""

    url: str
    original_name: str
    tried: tuple[str, ...]


def _locate(
    article: Article, figure: Figure, options: PackageOptions
) -> images.Found | ImageFile | _Remote:
    try:
        return images.locate(article, figure)
    except ImageError as exc:
        if options.fetch is not None and fetch.is_remote(figure.image.src):
            assert figure.image.src is not None
            return _Remote(figure.image.src, images.referenced_name(figure), exc.tried)
        if not options.allow_missing:
            raise
        return ImageFile(
            figure=figure.index,
            original_name=images.referenced_name(figure),
            bag_path=None,
            missing=f"not found next to the article (tried: {', '.join(exc.tried) or 'nothing'})",
            tried=exc.tried,
        )


def _stage(
    root: Path,
    article: Article,
    source: bytes | None,
    found: Sequence[images.Found | ImageFile | _Remote],
    extraction: Extraction,
    options: PackageOptions,
    name: str,
) -> Package:
    """Write the payload and tag files into ``root`` and check the result.

    ``source`` holds the article's bytes when the article is one entry of a
    larger file (a post of a WordPress export); otherwise the file is copied.
    """
    for sub in (SOURCE_DIR, IMAGE_DIR, f"{METADATA_DIR}/images"):
        (root / sub).mkdir(parents=True)
    source_rel = f"{SOURCE_DIR}/{_source_name(article)}"
    if source is not None:
        write_bytes(root / source_rel, source)
        digest = hashlib.sha256(source).hexdigest()
    else:
        digest, _ = copy_hashed(article.source, root / source_rel)
    if digest != article.sha256:
        raise InputError("the article changed while it was being packaged", input=article.source)
    staged = _stage_images(root, article, found, options)
    package = Package(article=article, images=staged, extraction=extraction)
    facts = jsonld.BagFacts(
        base=options.base_iri,
        name=name,
        external_identifier=external_identifier(article),
        source_path=source_rel,
        profile_identifier=profile_identifier(),
    )
    docs = jsonld.describe(package, facts, organization=canonical_organization)
    for path, doc in docs.items():
        kind = schema.schema_for(path)
        assert kind is not None, path
        schema.check_or_raise(doc, kind, where=path)
        write_bytes(root / path, dump_json(doc))
    write_bytes(root / GRAPH_PATH, to_turtle(to_graph(docs.values(), name=name)))
    write_bytes(root / VOCAB_PATH, vocab_file("archive.ttl").read_bytes())
    info = bag_info(article, options)
    bag.write_bag(root, info=info, algorithms=options.algorithms, mtime=options.source_date_epoch)
    _check_written(root, options)
    return package


def canonical_organization(name: str) -> str:
    """The gazetteer's name for an organisation a credit line names, else the name as written.

    >>> canonical_organization("REUTERS"), canonical_organization("AFP")
    ('Reuters', 'Agence France-Presse')
    >>> canonical_organization("Some Local Paper")
    'Some Local Paper'
    """
    entry = load_gazetteer().lookup(name, ("organization",))
    return entry.name if entry is not None else name


def _source_name(article: Article) -> str:
    if article.entry is not None:
        return "article.txt"  # a post's content, taken out of its export
    suffix = article.source.suffix.lower()
    return "article" + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".txt")


def _stage_images(
    root: Path,
    article: Article,
    found: Sequence[images.Found | ImageFile | _Remote],
    options: PackageOptions,
) -> tuple[ImageFile, ...]:
    out: list[ImageFile] = []
    taken: set[str] = set()
    by_source: dict[Path | str, ImageFile] = {}
    for figure, item in zip(article.figures, found, strict=True):
        if isinstance(item, ImageFile):
            out.append(item)
            continue
        key = item.url if isinstance(item, _Remote) else item.path.resolve()
        if key in by_source:  # two figures showing one file: one copy in the bag
            out.append(replace(by_source[key], figure=figure.index, tried=item.tried))
            continue
        if isinstance(item, _Remote):
            staged = _fetch_image(root, figure, item, taken, options)
        else:
            facts = images.inspect(item.path)
            rel = f"{IMAGE_DIR}/{images.bag_name(item.original_name, facts, taken)}"
            digest, size = copy_hashed(item.path, root / rel)
            staged = _image_file(figure, item.original_name, rel, facts, digest, size, item.tried)
            staged = replace(staged, source_path=item.path)
        if staged.bag_path is not None:
            taken.add(staged.bag_path.rsplit("/", 1)[-1])
            by_source[key] = staged
        out.append(staged)
    return tuple(out)


def _fetch_image(
    root: Path, figure: Figure, item: _Remote, taken: set[str], options: PackageOptions
) -> ImageFile:
    """Download a remote image into the bag (or record the gap with --allow-missing)."""
    assert options.fetch is not None
    part = root / IMAGE_DIR / f".fetching-{figure.index}"
    what = f"image of {images.describe_figure(figure)}"
    try:
        digest, size = fetch.fetch(item.url, part, options.fetch, what=what)
        try:
            facts = images.inspect(part)
        except InputError as exc:  # named after the URL, not the file it was saved to
            raise ImageError(f"{what}: {exc.message}", input=item.url) from exc
    except ImageError as exc:
        part.unlink(missing_ok=True)
        if not options.allow_missing:
            raise
        return ImageFile(
            figure=figure.index,
            original_name=item.original_name,
            bag_path=None,
            missing=f"not found next to the article, and fetching failed: {exc.message}",
            tried=(*item.tried, item.url),
        )
    rel = f"{IMAGE_DIR}/{images.bag_name(item.original_name, facts, taken)}"
    part.rename(root / rel)
    staged = _image_file(figure, item.original_name, rel, facts, digest, size, item.tried)
    return replace(staged, source_url=item.url, tried=(*item.tried, item.url))


def _image_file(
    figure: Figure,
    original: str,
    rel: str,
    facts: images.ImageFacts,
    digest: str,
    size: int,
    tried: tuple[str, ...],
) -> ImageFile:
    return ImageFile(
        figure=figure.index,
        original_name=original,
        bag_path=rel,
        media_type=facts.media_type,
        format=facts.format,
        width=facts.width,
        height=facts.height,
        size=size,
        sha256=digest,
        tried=tried,
    )


def bag_info(article: Article, options: PackageOptions) -> list[tuple[str, str]]:
    """The bag-info.txt fields we set, then the user's; the writer adds Oxum and size."""
    user = list(options.bag_info)
    labels = {label for label, _ in user}
    info: list[tuple[str, str]] = []
    if "Source-Organization" not in labels:
        info.append(("Source-Organization", one_line(article.publisher or "unknown")))
    info.append(("External-Identifier", external_identifier(article)))
    if "External-Description" not in labels:
        title = article.title or f"Untitled article with {len(article.figures)} images"
        info.append(("External-Description", one_line(title)))
    info += [
        ("Bagging-Date", options.bagging_date()),
        ("Bag-Software-Agent", AGENT),
        ("BagIt-Profile-Identifier", profile_identifier()),
    ]
    return info + [(label, one_line(value)) for label, value in user]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """A tag value on one line: control characters and line breaks become spaces.

    >>> one_line("a\\nb\\x00c  ")
    'a b c'
    """
    return " ".join(_CONTROL.sub(" ", text).split())


def dump_json(doc: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, two-space indent, UTF-8, final newline."""
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _check_written(root: Path, options: PackageOptions) -> None:
    """Refuse to place a bag that our validator, the profile or bagit-python rejects."""
    report = bag.check_bag(root)
    problems = [str(i) for i in report.issues if i.is_error]
    problems += [str(i) for i in bag.check_profile(root, profile(), report=report) if i.is_error]
    info_doc = bag_info_json(root)
    problems += [str(i) for i in schema.iter_issues(info_doc, "bag-info", where="bag-info.txt")]
    if options.peer_check:
        problems += [f"bagit-python: {p}" for p in bag.peer_check(root)]
    if problems:
        raise PackagingError(
            "the bag failed its own checks and was not kept: " + "; ".join(problems[:5]),
            input=root,
        )


def bag_info_json(root: Path) -> dict[str, list[str]]:
    """bag-info.txt as ``{label: [values]}``, the form the bag-info schema checks."""
    out: dict[str, list[str]] = {}
    for label, value in bag.read_bag_info(root):
        out.setdefault(label, []).append(value)
    return out


# ------------------------------------------------------------------ many inputs


def package_many(
    inputs: Sequence[Path] | Sequence[Job], options: PackageOptions
) -> Iterator[PackageResult | ArchiveError]:
    """Package several inputs (or planned jobs) in parallel; yield each result or error.

    One input's failure does not stop the others. Bag names must be unique.

    Raises:
        UsageError: two inputs would give the same bag name, or --name with several bags.
        InputError: a WordPress export cannot be read (planning reads it first).
    """
    if all(isinstance(i, Job) for i in inputs):
        jobs = [i for i in inputs if isinstance(i, Job)]
    else:
        jobs = plan_jobs([Path(i) for i in inputs if isinstance(i, Path)], name=options.name)
    remove_stale(options.out_dir)
    workers = min(len(jobs), options.workers or _cores())
    if workers <= 1:
        for job in jobs:
            yield _safe(job, options)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future[PackageResult | ArchiveError], Job] = {
            pool.submit(_safe, job, options): job for job in jobs
        }
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _safe(job: Job, options: PackageOptions) -> PackageResult | ArchiveError:
    try:
        return package_job(job, options)
    except ArchiveError as exc:
        return exc


def _cores() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
