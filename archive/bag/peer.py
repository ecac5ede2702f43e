"""A second opinion on a bag from bagit-python, the Library of Congress validator.

This is the only module of the project that imports ``bagit``. The pipeline
runs :func:`peer_check` on every bag it writes before moving it into place,
so that a bag we call valid is also valid to the most used independent tool.

Known differences, both on bagit-python's side: it does not decode ``%25`` in
manifest paths (RFC 8493 §2.1.3), so a bag with ``%`` in a payload name is
reported as missing that file; and it only decodes upper-case ``%0A``/``%0D``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["peer_check"]

# What bagit-python may raise besides BagError on a hostile or odd bag: an
# unknown encoding, undecodable bytes, an unreadable file. For a second
# opinion, each of these means "bagit-python does not accept this bag".
_CRASHES = (OSError, UnicodeError, LookupError, ValueError)


@contextmanager
def _quiet() -> Iterator[None]:
    logger = logging.getLogger("bagit")
    disabled = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = disabled


def peer_check(path: Path) -> list[str]:
    """Validate ``path`` with bagit-python; its problems as plain strings (empty: accepted).

    bagit's own logging is silenced for the call.
    """
    # Imported here: archive.bag is loaded by every command, bagit only by this one.
    import bagit

    with _quiet():
        try:
            bagit.Bag(str(path)).validate()
        except bagit.BagValidationError as exc:
            details = [str(d) for d in (exc.details or [])]
            return details or [str(exc.message)]
        except bagit.BagError as exc:
            return [str(exc)]
        except _CRASHES as exc:
            return [f"bagit-python failed: {type(exc).__name__}: {exc}"]
    return []
