"""Finding a figure's image next to its article, and reading its facts from the file.

The only module that imports Pillow. Images are never decoded: width, height
and format come from the file header, so a decompression bomb costs nothing;
headers that claim absurd sizes are refused by Pillow's own limit.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, UnidentifiedImageError

from archive.errors import ImageError, InputError
from archive.files import confined
from archive.model import Article, Figure

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "tif", "tiff", "bmp", "avif")

# The extension a bag file gets for each format Pillow reports.
_FORMAT_EXTENSIONS = {
    "JPEG": ("jpg", "jpeg", "jpe"),
    "PNG": ("png",),
    "GIF": ("gif",),
    "WEBP": ("webp",),
    "TIFF": ("tif", "tiff"),
    "BMP": ("bmp",),
    "MPO": ("jpg", "jpeg"),
    "AVIF": ("avif",),
}


@dataclass(frozen=True, slots=True)
class Found:
    """Where a figure's image is, and where else we looked first."""

    path: Path
    original_name: str
    tried: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What the file itself says it is."""

    format: str  # Pillow's format name: "JPEG"
    media_type: str  # "image/jpeg"
    width: int
    height: int
    extension: str  # the customary extension for the format


def describe_figure(figure: Figure) -> str:
    """A short way to name a figure in messages: its number and the start of its caption."""
    caption = figure.caption if len(figure.caption) <= 60 else figure.caption[:57] + "..."
    return f"figure {figure.index} (caption {caption!r})"


def locate(article: Article, figure: Figure) -> Found:
    """Find a figure's image next to the article.

    Posts of a WordPress export: first the attachment's file under
    ``uploads/`` or ``wp-content/uploads/``. Shortcode posts:
    ``images/attachment_<id>.<ext>``; HTML: the ``src`` path, relative to the
    article (a saved page's ``*_files/`` folder included); then the ``src``
    file name inside ``images/``.

    Raises:
        ImageError: no candidate exists (``tried`` lists them all).
        InputError: ``src`` is unsafe (leaves the article folder, ``file:`` URL, absolute).
    """
    root = article.source.parent
    tried: list[str] = []
    for relative in _candidates(figure, root):
        tried.append(relative)
        path = confined(root, relative, what=f"image of {describe_figure(figure)}")
        if path.is_file():
            return Found(path=path, original_name=path.name, tried=tuple(tried))
    if not tried:
        raise ImageError(
            f"{describe_figure(figure)} names no image (no attachment id and no src)",
            input=article.source,
        )
    raise ImageError(
        f"image of {describe_figure(figure)} not found", input=article.source, tried=tried
    )


def referenced_name(figure: Figure) -> str:
    """The file name the article refers to, for the record of a missing image."""
    if figure.image.src:
        name = unquote(urlsplit(figure.image.src).path).rsplit("/", 1)[-1]
        if name:
            return name
    if figure.image.attachment_id:
        return f"attachment_{figure.image.attachment_id}"
    return f"figure-{figure.index}"


def _candidates(figure: Figure, root: Path) -> list[str]:
    out: list[str] = []
    if attached := figure.image.attached_file:
        # A WordPress export beside a copy of the site's uploads folder.
        out += [f"uploads/{attached}", f"wp-content/uploads/{attached}"]
    src = figure.image.src
    if src:
        parts = urlsplit(src.strip())
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            # Not fetched: look for a local copy by file name (a saved page's folder).
            name = unquote(parts.path).rsplit("/", 1)[-1]
            if name:
                out += [f"images/{name}"] + [f"{d.name}/{name}" for d in _files_dirs(root)]
        elif scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
            raise InputError(
                f"image src {src!r} uses a {scheme}: URL; only relative paths and http(s) are used",
                input=root,
            )
        else:
            out.append(unquote(parts.path))
    if figure.image.attachment_id and figure.image.attachment_id.isdigit():
        stem = f"attachment_{figure.image.attachment_id}"
        out += _matching(root / "images", stem)
    if src and out[-1:] != [f"images/{_basename(src)}"]:
        out.append(f"images/{_basename(src)}")
    return list(dict.fromkeys(c for c in out if c and not c.endswith("/")))


def _basename(src: str) -> str:
    return unquote(urlsplit(src).path).replace("\\", "/").rsplit("/", 1)[-1]


def _matching(folder: Path, stem: str) -> list[str]:
    """``images/<stem>.<ext>`` for every image extension, preferring files that exist."""
    names = _listing(folder, _mtime(folder))
    existing = [f"images/{n}" for ext in IMAGE_EXTENSIONS for n in names.get(f"{stem}.{ext}", ())]
    return sorted(existing) or [f"images/{stem}.jpg"]


def _mtime(folder: Path) -> int:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return -1


@functools.lru_cache(maxsize=4)
def _listing(folder: Path, mtime: int) -> dict[str, tuple[str, ...]]:
    """File names in a folder by lower-cased name, read once per folder state.

    A gallery of thousands of figures would otherwise list the folder once
    per figure; ``mtime`` in the key makes a changed folder read again.
    """
    if mtime < 0:
        return {}
    by_lower: dict[str, list[str]] = {}
    for p in folder.iterdir():
        by_lower.setdefault(p.name.lower(), []).append(p.name)
    return {k: tuple(sorted(v)) for k, v in by_lower.items()}


def _files_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.endswith("_files"))


def inspect(path: Path) -> ImageFacts:
    """Read format, media type, width and height from an image file's header.

    Raises:
        ImageError: the file is not an image Pillow knows, or claims an absurd size.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                fmt = img.format or ""
                width, height = img.size
                media_type = img.get_format_mimetype() or Image.MIME.get(fmt, "")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"image claims an unreasonable size ({exc})", input=path) from exc
    except UnidentifiedImageError as exc:
        raise ImageError("is not an image file (format not recognised)", input=path) from exc
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow plugins raise all three
        raise ImageError(f"is not a readable image: {exc}", input=path) from exc
    if not media_type.startswith("image/") or width < 1 or height < 1:
        raise ImageError(f"is not a usable image (format {fmt or 'unknown'})", input=path)
    return ImageFacts(
        format=fmt,
        media_type=media_type,
        width=width,
        height=height,
        extension=_FORMAT_EXTENSIONS.get(fmt, (fmt.lower() or "bin",))[0],
    )


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def bag_name(original: str, facts: ImageFacts, taken: set[str]) -> str:
    """A portable ASCII file name for an image in the bag, unique among ``taken``.

    Keeps the original stem (accents folded, other characters to ``-``) and
    its extension when it fits the format, else the format's extension.

    >>> facts = ImageFacts("JPEG", "image/jpeg", 1, 1, "jpg")
    >>> bag_name("Núñez photo (1).JPG", facts, set())
    'Nunez-photo-1.jpg'
    >>> bag_name("x.png", facts, {"x.jpg"})
    'x-2.jpg'
    """
    stem, dot, ext = original.rpartition(".")
    if not dot:
        stem, ext = original, ""
    ext = ext.lower()
    if ext not in _FORMAT_EXTENSIONS.get(facts.format, (facts.extension,)):
        ext = facts.extension
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    safe = _UNSAFE.sub("-", ascii_stem).strip(".-_")[:100] or "image"
    name, n = f"{safe}.{ext}", 1
    while name.lower() in {t.lower() for t in taken}:
        n += 1
        name = f"{safe}-{n}.{ext}"
    return name
