"""Each bag's latest fixity check, from the fixity audit log, as facts for the index.

Three facts per bag: when it was last checked and with what outcome (any
check), and when it was last *verified*: the latest full check (every digest)
that passed while the bag's tag manifests were the ones it has now. A query
for bags "not verified in the last 90 days" reads the last of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from archive.errors import UsageError
from archive.fixity import FixityLog, default_log_path

__all__ = ["FixityFacts", "FixitySource", "default_fixity_log"]


@dataclass(frozen=True, slots=True)
class FixityFacts:
    """A bag's latest check (ISO 8601 UTC times, outcome ``pass``/``fail``)."""

    checked: str | None = None
    outcome: str | None = None
    verified: str | None = None


class FixitySource:
    """Read access to a fixity log for the index.

    Raises:
        UsageError: no log at ``path`` (reading never creates one).
        FixityLogError: the file is not a fixity log this version reads.
    """

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise UsageError(f"no fixity log at {path}", input=path)
        self.path = path
        self._log = FixityLog(path)

    def latest(self, bag_path: str, digest: str | None) -> FixityFacts:
        """The facts for the bag at ``bag_path`` (absolute) whose digest is now ``digest``."""
        events = self._log.history(bag_path)
        if not events:
            return FixityFacts()
        last = events[-1]
        verified = next(
            (
                e.event_date_time
                for e in reversed(events)
                if e.event_detail == "full"
                and e.event_outcome == "pass"
                and digest is not None
                and e.object_digest == digest
            ),
            None,
        )
        return FixityFacts(last.event_date_time, last.event_outcome, verified)

    def close(self) -> None:
        self._log.close()

    def __enter__(self) -> FixitySource:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def default_fixity_log() -> Path | None:
    """The default fixity log, if one exists on this machine."""
    path = default_log_path()
    return path if path.is_file() else None
