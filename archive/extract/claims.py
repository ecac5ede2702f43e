"""Which chunk each token of a sentence belongs to, while recognisers claim them.

Recognisers run in a fixed order (see :mod:`archive.extract.chart`); each may
claim only tokens no earlier one claimed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from archive.extract.craft import designation_text
from archive.extract.refs import Chunk
from archive.extract.tokens import Token


class Claims:
    """Which chunk each token belongs to."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.owner: list[Chunk | None] = [None] * len(tokens)
        self._starts = [t.start for t in tokens]

    def free(self, i: int, j: int) -> bool:
        return 0 <= i < j <= len(self.tokens) and all(o is None for o in self.owner[i:j])

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens lying exactly within characters ``[start, end)``."""
        i = bisect.bisect_left(self._starts, start)
        j = i
        while j < len(self.tokens) and self.tokens[j].end <= end:
            j += 1
        return (i, j) if j > i else None

    def claim(self, cat: str, i: int, j: int, **kw: object) -> Chunk | None:
        if not self.free(i, j):
            return None
        toks = self.tokens
        text = kw.pop("text", None) or _text(toks, i, j)
        chunk = Chunk(cat, i, j, toks[i].start, toks[j - 1].end, str(text), **kw)  # type: ignore[arg-type]
        for k in range(i, j):
            self.owner[k] = chunk
        return chunk

    def chunk(self, i: int) -> Chunk | None:
        return self.owner[i] if 0 <= i < len(self.owner) else None


def _text(toks: Sequence[Token], i: int, j: int) -> str:
    return designation_text(list(toks[i:j]))
