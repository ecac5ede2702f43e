"""Benchmark: ``archive fixity`` against bagit-python and a bare hashing loop, on the same data.

Run from the project root::

    python benchmarks/fixity.py            # the full corpora (minutes)
    python benchmarks/fixity.py --quick    # small corpora (seconds), to keep this script alive

Corpora, built once per run in a temporary folder with SHA-512 manifests
written by ``archive.bag.write_bag``:

* ``bags``: 1,000 bags of 6 x 200 KiB images;
* ``many``: one bag of 50,000 files of 4 KiB;
* ``big``: one bag of 2 x 512 MiB.

Tools, each run in a fresh child process that imports everything first and
then times only the work (so interpreter start-up counts for none):

* ``archive``: ``archive fixity CORPUS`` (the CLI's own code path, with its
  audit log and a JSON Lines report, on every CPU);
* ``bagit-1`` / ``bagit-2``: ``bagit.Bag(bag).validate(processes=1|2)`` for
  each bag (bagit-python also checks that every corpus is valid);
* ``reference``: the files ``archive`` hashes (payload and tag files), split
  by size over two processes that only read and hash them with ``hashlib``:
  no manifest read, nothing compared or reported, and the listing made
  before the clock starts. It is the limit for any Python validator on this
  machine, and a strict one: a validator must also find the files.

Method: one warm-up pass per corpus, then ``--runs`` rounds; in each round
every corpus is run by every tool in turn, so all read from a page cache
warmed within the last minute, the order turning by one each round (A B C D,
B C D A, ...): a tool that follows one using a single core starts on a rested
machine, and that advantage goes to each tool in turn. Times are medians; ratios
are taken between medians of the same run. Peak memory is the VmHWM of the
child process that ran the tool (its own high-water mark: ``ru_maxrss`` of a
child includes what it inherited at fork). ``cpu s`` is the CPU time (user
and system) of that process and its workers: unlike the elapsed time, it
hardly changes when other work shares the machine, so it tells whether a
slow run was the tool's doing.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

TOOLS = ("archive", "bagit-1", "bagit-2", "reference")
KIB, MIB = 1 << 10, 1 << 20


@dataclass(frozen=True)
class Corpus:
    """A corpus: ``bags`` bags of ``files`` payload files of ``size`` bytes each."""

    name: str
    bags: int
    files: int
    size: int
    folders: int = 1

    @property
    def total_files(self) -> int:
        return self.bags * self.files

    @property
    def total_bytes(self) -> int:
        return self.bags * self.files * self.size


FULL = (
    Corpus("bags", bags=1000, files=6, size=200 * KIB),
    Corpus("many", bags=1, files=50_000, size=4 * KIB, folders=50),
    Corpus("big", bags=1, files=2, size=512 * MIB),
)
QUICK = (
    Corpus("bags", bags=20, files=6, size=20 * KIB),
    Corpus("many", bags=1, files=2000, size=4 * KIB, folders=4),
    Corpus("big", bags=1, files=2, size=4 * MIB),
)


# ---- building the corpora --------------------------------------------------------------


def _content(seed: int, size: int) -> bytes:
    """Deterministic, distinct, incompressible-looking bytes."""
    block = hashlib.sha512(seed.to_bytes(8, "big")).digest()
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.shake_256(block + counter.to_bytes(8, "big")).digest(min(MIB, size))
        counter += 1
    return bytes(out[:size])


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def build(corpus: Corpus, root: Path) -> Path:
    """Write the corpus under ``root``/name; return its folder."""
    from archive.bag import write_bag

    top = root / corpus.name
    shutil.rmtree(top, ignore_errors=True)
    noise = _content(corpus.total_files, 2 * MIB + corpus.size)
    for b in range(corpus.bags):
        bag = top / f"bag{b:05d}"
        for f in range(corpus.files):
            folder = bag / "data" / f"d{f % corpus.folders:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            n = b * corpus.files + f
            if corpus.size >= MIB:
                data = _content(n, corpus.size)
            else:  # a window of the noise, made unique by the file's number
                start = (n * 4099) % (2 * MIB)
                data = n.to_bytes(8, "big") + noise[start : start + corpus.size - 8]
            _write(folder / f"f{n:06d}.bin", data)
        write_bag(bag, info=[("External-Identifier", f"urn:benchmark:{corpus.name}:{b}")])
    return top


# ---- the tools, each run in a child process -------------------------------------------


def _bags(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.iterdir() if (p / "bagit.txt").is_file())


def _run_archive(corpus_dir: Path, work: Path) -> Callable[[], None]:
    from archive.cli import build_parser, run

    build_parser("fixity")  # imports what the command needs, before the clock

    def go() -> None:
        n = len(list(work.glob("log-*.sqlite")))
        argv = ["fixity", str(corpus_dir), "--quiet"]
        argv += ["--log", str(work / f"log-{n}.sqlite"), "--report", str(work / f"r-{n}.jsonl")]
        out = io.StringIO()
        code = run(argv, stdout=out, stderr=out)
        if code != 0:
            raise SystemExit(f"archive fixity failed ({code}): {out.getvalue()[:2000]}")

    return go


def _run_bagit(corpus_dir: Path, processes: int) -> Callable[[], None]:
    import bagit

    logging.getLogger("bagit").disabled = True
    bags = _bags(corpus_dir)

    def go() -> None:
        for bag in bags:
            bagit.Bag(str(bag)).validate(processes=processes)  # raises if invalid

    return go


def _hash_paths(paths: Sequence[str]) -> int:
    buffer = bytearray(MIB)
    view = memoryview(buffer)
    for path in paths:
        h = hashlib.sha512()
        with open(path, "rb", buffering=0) as f:
            while n := f.readinto(buffer):
                h.update(view[:n])
        h.hexdigest()
    return len(paths)


def _run_reference(corpus_dir: Path) -> Callable[[], None]:
    # The listing and the split are made before the clock starts: the
    # reference is charged only for starting its processes, reading and
    # hashing, which makes it the strictest yardstick.
    sized = []
    stack = [str(corpus_dir)]
    while stack:
        with os.scandir(stack.pop()) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif not entry.name.startswith("tagmanifest-"):
                    sized.append((entry.stat(follow_symlinks=False).st_size, entry.path))
    shares: list[list[str]] = [[], []]
    loads = [0, 0]
    for size, path in sorted(sized, reverse=True):  # largest first, to the lighter share
        lighter = 0 if loads[0] <= loads[1] else 1
        shares[lighter].append(path)
        loads[lighter] += size
    for share in shares:
        share.sort()  # each share in folder order, as a validator reads

    def go() -> None:
        with get_context("fork").Pool(2) as pool:
            pool.map(_hash_paths, shares)

    return go


def _peak_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def child(tool: str, corpus_dir: Path, work: Path) -> None:
    """Run one tool once on one corpus; print seconds and peak memory as JSON."""
    if tool == "archive":
        go = _run_archive(corpus_dir, work)
    elif tool.startswith("bagit-"):
        go = _run_bagit(corpus_dir, int(tool[-1]))
    else:
        go = _run_reference(corpus_dir)
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    go()
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kib": _peak_kib()}))


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(tool: str, corpus_dir: Path, work: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", tool, str(corpus_dir), str(work)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{tool} on {corpus_dir.name} failed:\n{result.stderr[-3000:]}")
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


# ---- the table ----------------------------------------------------------------------


def table(corpora: Sequence[Corpus], times: dict[tuple[str, str], list[dict[str, float]]]) -> str:
    head = (
        f"{'corpus':<6} {'tool':<10} {'median s':>9} {'MB/s':>8} {'files/s':>9} "
        f"{'vs bagit best':>13} {'vs reference':>12} {'peak MB':>8} {'cpu s':>7}"
    )
    lines = [head, "-" * len(head)]
    for corpus in corpora:
        med = {t: statistics.median(r["seconds"] for r in times[corpus.name, t]) for t in TOOLS}
        best_bagit = min(med["bagit-1"], med["bagit-2"])
        for tool in TOOLS:
            seconds = med[tool]
            peak = max(r["peak_kib"] for r in times[corpus.name, tool]) / 1024
            cpu = statistics.median(r["cpu"] for r in times[corpus.name, tool])
            lines.append(
                f"{corpus.name:<6} {tool:<10} {seconds:>9.3f} "
                f"{corpus.total_bytes / seconds / 1e6:>8.0f} "
                f"{corpus.total_files / seconds:>9.0f} "
                f"{best_bagit / seconds:>12.2f}x {med['reference'] / seconds:>11.0%} "
                f"{peak:>8.1f} {cpu:>7.2f}"
            )
    return "\n".join(lines)


def verdicts(
    corpora: Sequence[Corpus], times: dict[tuple[str, str], list[dict[str, float]]]
) -> str:
    out = []
    for corpus in corpora:
        med = {t: statistics.median(r["seconds"] for r in times[corpus.name, t]) for t in TOOLS}
        speedup = min(med["bagit-1"], med["bagit-2"]) / med["archive"]
        share = med["reference"] / med["archive"]
        goal = 2.0 if corpus.name in ("bags", "many") else 1.0
        text = (
            f"{corpus.name}: {speedup:.2f}x bagit-python's best (target {goal:g}x: "
            f"{'met' if speedup >= goal else 'MISSED'}); {share:.0%} of the reference loop "
            f"(target 80%: {'met' if share >= 0.8 else 'MISSED'})"
        )
        if corpus.name == "many":
            peak = max(r["peak_kib"] for r in times["many", "archive"]) / 1024
            text += f"; peak {peak:.0f} MB (target < 150: {'met' if peak < 150 else 'MISSED'})"
        out.append(text)
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora, one round")
    parser.add_argument("--runs", type=int, help="rounds of timed runs (default 5; --quick 1)")
    parser.add_argument("--dir", type=Path, help="build the corpora here (default: a temp folder)")
    parser.add_argument("--only", nargs="+", choices=[c.name for c in FULL], help="these corpora")
    parser.add_argument(
        "--child", nargs=3, metavar=("TOOL", "CORPUS", "WORK"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    corpora = [c for c in (QUICK if args.quick else FULL) if not args.only or c.name in args.only]
    runs = args.runs or (1 if args.quick else 5)
    with contextlib.ExitStack() as stack:
        root = args.dir or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="fixity-bench-"))
        )
        root.mkdir(parents=True, exist_ok=True)
        work = root / "work"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        dirs = {}
        for corpus in corpora:
            started = time.perf_counter()
            dirs[corpus.name] = build(corpus, root / "corpora")
            print(
                f"built {corpus.name}: {corpus.bags} bag(s), {corpus.total_files} files, "
                f"{corpus.total_bytes / 1e6:.0f} MB in {time.perf_counter() - started:.1f}s",
                file=sys.stderr,
            )
        times: dict[tuple[str, str], list[dict[str, float]]] = {}
        load_before = os.getloadavg()[0]
        for corpus in corpora:
            measure("reference", dirs[corpus.name], work)  # warm-up: into the page cache
        for round_ in range(runs):
            for corpus in corpora:
                measure("reference", dirs[corpus.name], work)  # re-warm after the others
                turn = round_ % len(TOOLS)
                for tool in TOOLS[turn:] + TOOLS[:turn]:
                    result = measure(tool, dirs[corpus.name], work)
                    times.setdefault((corpus.name, tool), []).append(result)
            print(f"round {round_ + 1}/{runs} done", file=sys.stderr)
        print(
            f"# {runs} round(s); medians; CPUs: {len(os.sched_getaffinity(0))}; "
            f"{'quick' if args.quick else 'full'} corpora; load average {load_before:.2f} "
            f"before, {os.getloadavg()[0]:.2f} after (other work on the machine skews times)"
        )
        print(table(corpora, times))
        print(verdicts(corpora, times))
        if args.dir is None:
            shutil.rmtree(root / "corpora", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
