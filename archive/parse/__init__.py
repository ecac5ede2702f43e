"""Article readers: one article file in, one :class:`archive.model.Article` out.

:func:`load_article` reads the bytes, decides the form (article HTML or
WordPress post content) and hands them to the reader for it:

* :mod:`archive.parse.shortcodes`: post content with ``[caption]`` shortcodes
  (pure text scanning; with :mod:`~archive.parse.markup` for inline HTML);
* :mod:`archive.parse.html`: web pages (lxml, with every XPath in
  :mod:`~archive.parse.xpaths` and the metadata chains in
  :mod:`~archive.parse.pagemeta`);
* shared: :mod:`~archive.parse.decode` (bytes to text, strictly),
  :mod:`~archive.parse.doctype` (entity refusal), :mod:`~archive.parse.text`
  and :mod:`~archive.parse.credits`.

Broken input raises :class:`~archive.errors.ParseError`, an unreadable file
:class:`~archive.errors.InputError`; nothing else escapes.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from archive.errors import InputError
from archive.model import Article
from archive.parse.credits import split_credit
from archive.parse.decode import decode_post, sniff_bom
from archive.parse.html import parse_html
from archive.parse.shortcodes import parse_post

__all__ = [
    "DEFAULT_MAX_BYTES",
    "is_html",
    "load_article",
    "parse_html",
    "parse_post",
    "read_bytes",
    "split_credit",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""Articles larger than this are refused: no real article is, and lxml and the
scanners hold the whole text in memory."""

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_SNIFF_BYTES = 4096
# After a BOM, whitespace, comments and an XML declaration, an HTML document
# starts with one of these; post content starts with text, <p> or [caption.
_HTML_START = re.compile(r"<(?:!doctype|html|body|figure)(?![\w-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s+|<!--.*?-->|<\?xml[^>]*>", re.DOTALL)


def load_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article file, post content or HTML, into an :class:`Article`.

    Args:
        path: the article file.
        max_bytes: files larger than this are refused.

    Raises:
        ParseError: the article is broken (bad bytes, unbalanced shortcodes,
            entity declarations...), with line and column where known.
        InputError: the file cannot be read, is not a file, or is too large.
    """
    path = Path(path)
    data = read_bytes(path, max_bytes)
    if is_html(path, data):
        return parse_html(data, source=path)
    text, encoding = decode_post(data, source=path)
    digest = hashlib.sha256(data).hexdigest()
    return parse_post(text, source=path, encoding=encoding, sha256=digest, size=len(data))


def is_html(path: Path, data: bytes) -> bool:
    """True when the file is article HTML: by its suffix, else by how it starts.

    >>> is_html(Path("post.txt"), b"\\xef\\xbb\\xbf  <!-- saved -->\\n<!DOCTYPE html><html>")
    True
    >>> is_html(Path("post.txt"), b"<p>[caption id='attachment_1']Text[/caption]</p>")
    False
    """
    if path.suffix.lower() in _HTML_SUFFIXES:
        return True
    encoding, bom = sniff_bom(data) or ("utf-8", 0)
    head = data[bom : bom + _SNIFF_BYTES].decode(encoding, "replace")
    pos = 0
    while (prologue := _PROLOGUE.match(head, pos)) is not None and prologue.end() > pos:
        pos = prologue.end()
    return _HTML_START.match(head, pos) is not None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of an input file, refusing what is not a regular file or is too large.

    Raises:
        InputError: naming the file and the reason.
    """
    try:
        # stat before open: opening a FIFO or device could block or never end
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError("the article is not a regular file", input=path)
        if info.st_size > max_bytes:
            raise InputError(_too_large(info.st_size, max_bytes), input=path)
        with open(path, "rb") as file:
            data = file.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise InputError(f"the article cannot be read: {reason}", input=path) from exc
    if len(data) > max_bytes:
        raise InputError(_too_large(len(data), max_bytes), input=path)
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return f"the article is {size} bytes, more than the limit of {max_bytes} bytes"
