"""Bytes to text, strictly: an archive must never alter a caption silently.

Post content is UTF-8 (a UTF-16/32 byte order mark says otherwise). HTML
follows the WHATWG order in miniature: a byte order mark wins, then a
declaration near the start (``<meta charset>``, ``http-equiv`` content type,
XML declaration), else UTF-8. Bytes that are invalid in the chosen encoding,
unknown encoding names and NUL characters are :class:`ParseError` with the
line and column; no replacement character is ever substituted.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from archive.errors import ParseError
from archive.parse.text import position

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN_BYTES = 4096  # HTML declares its encoding near the start (WHATWG: 1024)
_DECLARATION = re.compile(
    rb"<\?xml[^>]{0,200}?\bencoding\s*=\s*[\"']?(?P<xml>[\w.:-]{1,64})"
    rb"|<meta\b[^>]{0,500}?\bcharset\s*=\s*[\"']?(?P<meta>[\w.:-]{1,64})",
    re.IGNORECASE,
)
# WHATWG maps these labels to windows-1252, as every browser decodes them.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252"}
_LABEL_ALIASES |= {"us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}
# Codecs that turn bytes into text by other rules than a character set.
_REFUSED_CODECS = frozenset(
    {"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "utf-7"}
)


def decode_post(data: bytes, *, source: Path) -> tuple[str, str]:
    """Decode WordPress post content; return the text and the encoding's name.

    Raises:
        ParseError: invalid bytes, or a NUL character (with line and column).
    """
    encoding, bom = sniff_bom(data) or ("utf-8", 0)
    return _decode(data, bom, encoding, source), encoding


def decode_html(data: bytes, *, source: Path) -> tuple[str, str]:
    """Decode an HTML document by BOM, then declared encoding, else UTF-8.

    Raises:
        ParseError: an unknown declared encoding, invalid bytes, or a NUL.
    """
    sniffed = sniff_bom(data)
    if sniffed is not None:
        return _decode(data, sniffed[1], sniffed[0], source), sniffed[0]
    encoding = declared_encoding(data, source=source) or "utf-8"
    return _decode(data, 0, encoding, source), encoding


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte order mark announces and the mark's length, or None.

    >>> sniff_bom(b"\\xff\\xfeh\\x00i\\x00")
    ('utf-16-le', 2)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def declared_encoding(data: bytes, *, source: Path) -> str | None:
    """The Python codec for the encoding an HTML document declares, or None.

    Raises:
        ParseError: the declared name is not a known text encoding.
    """
    match = _DECLARATION.search(data, 0, _PRESCAN_BYTES)
    if match is None:
        return None
    label = (match.group("xml") or match.group("meta")).decode("ascii", "replace").lower()
    codec = _codec_for(label)
    if codec is None:
        text = data[: match.start()].decode("latin-1")
        line, column = position(text, len(text))
        message = f"the document declares an unknown character encoding {label!r}"
        raise ParseError(message, input=source, line=line, column=column)
    return codec


def _codec_for(label: str) -> str | None:
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
        b" ".decode(name, "ignore")  # refuses bytes-to-bytes codecs ("base64", "zlib")
    except (LookupError, ValueError):
        return None
    if name in _REFUSED_CODECS:
        return None
    # A declaration we could read in ASCII means the bytes are not UTF-16/32
    # (WHATWG says the same): the author meant UTF-8.
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def _decode(data: bytes, start: int, encoding: str, source: Path) -> str:
    try:
        text = data[start:].decode(encoding, "strict")
    except UnicodeDecodeError as exc:
        prefix = data[start : start + exc.start].decode(encoding, "replace")
        line, column = position(prefix, len(prefix))
        message = f"the bytes are not valid {encoding} (byte 0x{data[start + exc.start]:02x})"
        raise ParseError(message, input=source, line=line, column=column) from exc
    nul = text.find("\x00")
    if nul >= 0:
        line, column = position(text, nul)
        message = f"NUL byte at line {line} column {column}"
        raise ParseError(message, input=source, line=line, column=column)
    return text
