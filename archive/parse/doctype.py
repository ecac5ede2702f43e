"""Refuse documents whose DOCTYPE declares entities, before any parser sees them.

libxml2's HTML parser does not expand internal subsets today, but an archive
tool should not depend on that: ``<!DOCTYPE x [<!ENTITY ...>]>`` is how
billion-laughs and external-entity (XXE) attacks start, and no real HTML page
needs an internal subset. A plain ``<!DOCTYPE html>`` or an XHTML ``PUBLIC``
doctype is fine: nothing here or in the parser ever fetches its DTD.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

from archive.errors import ParseError
from archive.parse.text import position

_DOCTYPE = re.compile(r"<!doctype", re.IGNORECASE)
_DOCTYPE_PART = re.compile(r"[\"'\[>]")
_SUBSET_END = re.compile(r"\]\s*>")
_ENTITY = re.compile(r"<!entity|%[A-Za-z_:][\w.:-]*;", re.IGNORECASE)

ENTITY_MESSAGE = (
    "the document declares entities in its DOCTYPE "
    "(external or internal entity declarations are refused)"
)


def check_doctype(text: str, *, source: Path) -> None:
    """Raise :class:`ParseError` when a DOCTYPE of ``text`` has an internal subset.

    Raises:
        ParseError: with the line and column of the offending declaration.
    """
    quote_aware = True
    pos = 0
    # Each search starts where the previous doctype ended, so no text is
    # scanned twice however many "<!doctype" it holds.
    while (doctype := _DOCTYPE.search(text, pos)) is not None:
        bracket, pos, quote_aware = _internal_subset_start(text, doctype.end(), quote_aware)
        if bracket is None:
            continue
        end = _SUBSET_END.search(text, bracket)
        subset = _ENTITY.search(text, bracket, end.start() if end else len(text))
        if subset is not None:
            _fail(text, subset.start(), ENTITY_MESSAGE, source)
        _fail(text, bracket, "the document's DOCTYPE has an internal subset ([...])", source)


def _internal_subset_start(text: str, pos: int, quote_aware: bool) -> tuple[int | None, int, bool]:
    # Walks the doctype's name and quoted ids to its "[" (a subset) or ">".
    # Once a quoted id runs to the end, quotes are ignored from then on, so
    # that many unclosed doctypes cannot make the scan quadratic.
    while (part := _DOCTYPE_PART.search(text, pos)) is not None:
        char = part.group()
        if char == "[":
            return part.start(), part.end(), quote_aware
        if char == ">":
            return None, part.end(), quote_aware
        if quote_aware:
            close = text.find(char, part.end())
            if close >= 0:
                pos = close + 1
                continue
            quote_aware = False
        pos = part.end()
    return None, len(text), quote_aware


def _fail(text: str, offset: int, message: str, source: Path) -> NoReturn:
    line, column = position(text, offset)
    raise ParseError(message, input=source, line=line, column=column)
