"""Store layouts for ``archive index``: why the store keeps named graphs and their union.

``archive.query.store`` writes each bag's triples twice: into a named graph
called by the bag's IRI (so ``GRAPH ?g`` says which bag states what, and a
bag can be removed) and into the default graph, kept as the union of them all
(so a query without ``GRAPH`` runs on one ordinary graph, with RDF-merge
semantics). Writing twice is why bulk loading misses 150,000 input triples
per second on two vCPUs. This script measures that decision against the
alternatives, on the synthetic collection of ``benchmarks/query.py``:

* ``current``: named graph per bag + the union as the default graph (what the store does);
* ``union``: the default graph only (one graph; no ``GRAPH ?g``, no removal by bag);
* ``named``: named graphs only, queried with ``use_default_graph_as_union=True``;
* ``side``: the union in the store, plus SQLite beside it holding a reference
  count per union triple and each bag's N-Triples (what removal and
  ``GRAPH ?g`` would then be answered from, outside SPARQL).

Each layout runs in child processes of its own: one bulk-loads the bags in
batches of 1,000, two loads at a time in background threads as the store
does, and compacts; others open the store read-only and time the seven
competency queries, count the default graph (RDF merge: each distinct triple
once) and ask ``GRAPH ?g`` for one image file's bag. Every query run has a time
budget and the query processes a memory cap: in ``named`` some queries run for
minutes or exhaust memory, and then that query is reported as such and the
next one runs in a fresh process.

Usage::

    .venv/bin/python benchmarks/store_layouts.py            # 10,000 bags (1.6 M triples), all four
    .venv/bin/python benchmarks/store_layouts.py --quick    # 300 bags, a smoke test (seconds)
    .venv/bin/python benchmarks/store_layouts.py --layouts current union --bags 3000 --json
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pickle
import resource
import select
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from archive.query.graphs import GraphData, parse_graph  # noqa: E402
from archive.query.store import WRITERS, nquads, to_result  # noqa: E402
from benchmarks.query import QUERIES, TARGETS, normalise, queries, synthetic_bag  # noqa: E402

LAYOUTS = ("current", "union", "named", "side")
BATCH = 1000  # bags per bulk load, as archive index loads them
SLOW_S = 2.0  # a warm-up this slow is followed by one timed run, not the usual few
SCHEMA = "http://schema.org/"
MIB = 2**20
CHECKS = ("merge-count", "graph-of-file")

Bag = tuple[str, GraphData]


# ------------------------------------------------------------------ shared helpers


def vm_mb(key: str, pid: int | str = "self") -> float:
    """A ``/proc/PID/status`` memory figure (VmHWM, VmRSS) in MiB; 0 when gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def say(message: dict[str, Any]) -> None:
    """One line to the parent, at once: it times each query run by these lines."""
    print(json.dumps(message), flush=True)


def payload(layout: str, batch: Sequence[Bag]) -> bytes:
    """The N-Quads of one bulk load in ``layout``."""
    if layout == "current":
        return nquads(batch)  # exactly what the store writes
    if layout == "named":
        # N-Triples escapes line breaks in literals: " .\n" only ends a line.
        return b"".join(g.ntriples.replace(b" .\n", f" <{iri}> .\n".encode()) for iri, g in batch)
    return b"".join(g.ntriples for _, g in batch)  # union, side: the default graph only


def h64(line: bytes) -> int:
    """A signed 64-bit key for one N-Triples line (SQLite's INTEGER PRIMARY KEY)."""
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "little", signed=True)


class Side:
    """The ``side`` layout's bookkeeping: a reference count per union triple, each bag's lines."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA cache_size=-262144")  # 256 MiB: hashed keys touch every page
        self.db.execute("CREATE TABLE refs(h INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        self.db.execute("CREATE TABLE bags(iri TEXT PRIMARY KEY, nt BLOB NOT NULL)")
        self.db.commit()
        self.cpu_s = 0.0

    def add(self, batch: Sequence[Bag]) -> None:
        """Count each batch's triples in and keep its bags' N-Triples (one transaction)."""
        start = time.thread_time()
        counts = Counter(h64(line) for _, g in batch for line in g.ntriples.splitlines())
        with self.db:
            self.db.executemany(
                "INSERT INTO refs(h, n) VALUES(?, ?)"
                " ON CONFLICT(h) DO UPDATE SET n = n + excluded.n",
                sorted(counts.items()),  # in key order: far fewer B-tree page misses
            )
            self.db.executemany(
                "INSERT INTO bags(iri, nt) VALUES(?, ?)", [(iri, g.ntriples) for iri, g in batch]
            )
        self.cpu_s += time.thread_time() - start


# ------------------------------------------------------------------ child processes


def load_batch(store: ox.Store, layout: str, batch: Sequence[Bag]) -> None:
    """One bulk load (pyoxigraph releases the GIL: the caller goes on meanwhile)."""
    store.bulk_load(payload(layout, batch), ox.RdfFormat.N_QUADS, lenient=True)


def child_load(layout: str, folder: Path, work: Path) -> None:
    """Bulk-load the collection in ``layout``, compact, and report the figures."""
    bags: list[Bag] = pickle.loads((work / "input.pkl").read_bytes())
    base_mb = vm_mb("VmRSS")
    with contextlib.suppress(OSError):  # the peak from here on: the input is in, the store not
        Path("/proc/self/clear_refs").write_text("5")
    store = ox.Store(os.fspath(folder / "oxigraph"))
    side = Side(folder / "side.sqlite") if layout == "side" else None

    cpu, wall = time.process_time(), time.perf_counter()  # process CPU: every thread
    with ThreadPoolExecutor(WRITERS) as pool:
        loading: deque[Future[None]] = deque()
        for i in range(0, len(bags), BATCH):
            while len(loading) >= WRITERS:
                loading.popleft().result()
            loading.append(pool.submit(load_batch, store, layout, bags[i : i + BATCH]))
            if side is not None:
                side.add(bags[i : i + BATCH])  # the indexer's own thread, beside the loads
        for future in loading:
            future.result()
    store.flush()
    figures: dict[str, Any] = {
        "load_wall_s": time.perf_counter() - wall,
        "load_cpu_s": time.process_time() - cpu,
        "side_cpu_s": side.cpu_s if side is not None else None,
    }
    cpu, wall = time.process_time(), time.perf_counter()
    store.optimize()
    store.flush()
    figures["optimize_wall_s"] = time.perf_counter() - wall
    figures["optimize_cpu_s"] = time.process_time() - cpu
    files = [p for p in folder.rglob("*") if p.is_file()]
    figures["disk_mb"] = sum(p.stat().st_size for p in files) / MIB
    figures["input_mb"], figures["load_peak_mb"] = base_mb, vm_mb("VmHWM")
    say({"load": figures})


def child_query(layout: str, folder: Path, work: Path, start: int) -> None:
    """Time the queries and checks from number ``start`` on, one line per run and per answer."""
    plan = json.loads((work / "plan.json").read_text())
    cap = plan["mem_cap_bytes"]
    # Address space, not RSS: the only cap the kernel enforces on one process;
    # a runaway query then fails its allocation instead of swapping the machine.
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    store = ox.Store.read_only(os.fspath(folder / "oxigraph"))
    union_mode = layout == "named"  # the only layout without a default graph of its own
    for name, text in plan["items"][start:]:
        times: list[float] = []
        rows: list[tuple[str, ...]] = []
        try:
            for run in range(1 + plan["repeat"]):  # the first run warms the caches up
                if run == 2 and times[0] >= SLOW_S:
                    break
                say({"run": name})
                began = time.perf_counter()
                answer = store.query(text, use_default_graph_as_union=union_mode)
                rows = normalise(to_result(answer, "SELECT"))
                times.append(time.perf_counter() - began)
        except MemoryError:
            say({"failed": name, "why": "out of memory"})
            raise SystemExit(1) from None
        say(
            {
                "done": name,
                "ms": statistics.median(times[1:]) * 1000,
                "rows": len(rows),
                "first": rows[0][0] if rows else None,
                "fingerprint": hashlib.sha256(repr(rows).encode()).hexdigest()[:16],
                "hwm_mb": vm_mb("VmHWM"),
            }
        )


# ------------------------------------------------------------------ the parent


def read_line(fd: int, buffer: bytearray, timeout: float | None) -> str | None:
    """The child's next line; ``""`` when it has ended, None when ``timeout`` passed first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while b"\n" not in buffer:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return ""
        buffer += chunk
    line, _, rest = bytes(buffer).partition(b"\n")
    buffer[:] = rest
    return line.decode()


def child(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, __file__, "child", *args], **kwargs)


def run_queries(layout: str, folder: Path, work: Path, start: int, out: dict[str, Any]) -> int:
    """One query process from item ``start``; returns where the next one starts."""
    items: list[str] = [name for name, _ in json.loads((work / "plan.json").read_text())["items"]]
    log = (folder / f"query-{start}.err").open("wb")
    proc = child(["query", layout, os.fspath(folder), os.fspath(work), str(start)],
                 stdout=subprocess.PIPE, stderr=log)  # fmt: skip
    assert proc.stdout is not None
    buffer, current = bytearray(), ""  # current: the query now running, if any
    try:
        while True:
            line = read_line(proc.stdout.fileno(), buffer, out["budget_s"] if current else None)
            if line is None:  # the run outlived its budget
                out["query_peak_mb"] = max(out["query_peak_mb"], vm_mb("VmHWM", proc.pid))
                out["failed"][current] = f"> {out['budget_s']:g} s"
                return items.index(current) + 1
            if line == "":
                code = proc.wait()
                if not current and code == 0:
                    return len(items)
                if not current:
                    raise SystemExit(f"{layout}: the query process failed ({code})")
                # Rust aborts (SIGABRT) when an allocation fails under the cap.
                memory = code == -signal.SIGABRT or b"memory" in Path(log.name).read_bytes()
                out["failed"][current] = "out of memory" if memory else f"failed ({code})"
                return items.index(current) + 1
            message = json.loads(line)
            current = message.get("run", "")
            if "failed" in message:  # Python's own allocation failed
                out["failed"][message["failed"]] = message["why"]
                return items.index(message["failed"]) + 1
            if "done" in message:
                out["answers"][message["done"]] = message
                out["query_peak_mb"] = max(out["query_peak_mb"], message["hwm_mb"])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()


def run_layout(layout: str, work: Path, budget_s: float) -> dict[str, Any]:
    """Load, compact and query one layout, each in a fresh process."""
    folder = work / layout
    folder.mkdir()
    proc = child(["load", layout, os.fspath(folder), os.fspath(work)], stdout=subprocess.PIPE)
    stdout, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{layout}: the load process failed ({proc.returncode})")
    out: dict[str, Any] = {"layout": layout, **json.loads(stdout.splitlines()[-1])["load"]}
    out.update(budget_s=budget_s, answers={}, failed={}, query_peak_mb=0.0)
    start, total = 0, len(QUERIES) + len(CHECKS)
    while start < total:
        start = run_queries(layout, folder, work, start, out)
    shutil.rmtree(folder)  # a 10,000-bag store takes 0.2 to 0.7 GB
    return out


def judge(out: dict[str, Any], triples: int, distinct: int, bag_iri: str) -> None:
    """Add the load rate, and judge RDF-merge counting and GRAPH ?g by the checks' answers."""
    out["triples_per_s"] = triples / out["load_wall_s"]
    out["target_met"] = out["triples_per_s"] >= TARGETS["load_triples_per_s"]
    count, graph = out["answers"].get("merge-count"), out["answers"].get("graph-of-file")
    out["merge_count"] = int(count["first"]) if count else None
    out["merge_ok"] = out["merge_count"] == distinct
    out["graph_ok"] = bool(graph) and graph["rows"] == 1 and graph["first"] == bag_iri


def cell(out: dict[str, Any], name: str) -> str:
    if name in out["failed"]:
        return str(out["failed"][name])
    return f"{out['answers'][name]['ms']:,.1f}"


def table(results: list[dict[str, Any]], triples: int, distinct: int) -> str:
    names = [name for name, _, _ in QUERIES]
    lines = [
        "| layout | load wall s | load CPU s | input triples/s | optimize s | "
        + " | ".join(f"{n} ms" for n in names)
        + " | RDF merge (COUNT) | GRAPH ?g | peak MB load / query |",
        "|---" * (9 + len(names)) + "|",
    ]
    for r in results:
        merge = f"{'yes' if r['merge_ok'] else 'NO'} ({r['merge_count'] or 0:,})"
        graph = "yes" if r["graph_ok"] else "no"
        lines.append(
            f"| {r['layout']} | {r['load_wall_s']:.1f} | {r['load_cpu_s']:.1f} | "
            f"{r['triples_per_s']:,.0f} | {r['optimize_wall_s']:.1f} | "
            + " | ".join(cell(r, n) for n in names)
            + f" | {merge} | {graph} | {r['load_peak_mb']:,.0f} / {r['query_peak_mb']:,.0f} |"
        )
    lines.append("")
    lines.append(
        f"Input: {triples:,} triples, {distinct:,} distinct (the right COUNT). Load CPU is the "
        "loading process's (every thread: bulk loaders, RocksDB, the side store); peak MB load "
        "includes the input held in memory. Target ≥ "
        f"{TARGETS['load_triples_per_s']:,} input triples/s: "
        + ", ".join(f"{r['layout']} {'met' if r['target_met'] else 'missed'}" for r in results)
        + "."
    )
    return "\n".join(lines)


def agreement(results: list[dict[str, Any]]) -> str:
    """Say whether every layout gave the same answers to the seven queries."""
    differ = sorted(
        f"{r['layout']}: {name}"
        for r in results
        for name, _, _ in QUERIES
        if name in r["answers"] and name in results[0]["answers"]
        and r["answers"][name]["fingerprint"] != results[0]["answers"][name]["fingerprint"]
    )  # fmt: skip
    if differ:
        return f"Answers differ from {results[0]['layout']}'s: " + "; ".join(differ)
    return "The seven queries gave the same answers in every layout that answered them."


def collection(n: int) -> tuple[list[Bag], list[tuple[str, str]], str]:
    """The parsed bags, the queries and checks to run (name, text), the picked bag's IRI."""
    pick = n // 2 + 42 if n > 100 else 1  # as benchmarks/query.py picks its bag
    people = max(6, n * 3 // 10)
    bags = [
        (iri, parse_graph(turtle.encode(), source=iri))
        for iri, turtle in (synthetic_bag(i, people) for i in range(n))
    ]
    items = [(name, text) for name, _, text in queries(pick, people)]
    items.append(("merge-count", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    items.append(
        ("graph-of-file",
         f'SELECT ?g WHERE {{ GRAPH ?g {{ ?i <{SCHEMA}name> "img-{pick}-3.jpg" }} }}')
    )  # fmt: skip
    return bags, items, bags[pick][0]


def child_main(argv: Sequence[str]) -> int:
    role, layout, folder, work, *start = argv
    if role == "load":
        child_load(layout, Path(folder), Path(work))
    else:
        child_query(layout, Path(folder), Path(work), int(start[0]))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["child"]:
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bags", type=int, default=10_000, help="bags in the collection")
    parser.add_argument("--layouts", nargs="+", choices=LAYOUTS, default=list(LAYOUTS))
    parser.add_argument("--quick", action="store_true", help="300 bags, 2 timed runs: a smoke test")
    parser.add_argument("--repeat", type=int, help="timed runs per query (default 5; quick 2)")
    parser.add_argument("--budget", type=float, help="seconds per query run (10; quick 3)")
    parser.add_argument("--mem-cap", type=float, help="GiB per query process (6; quick 2)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    n = 300 if args.quick else args.bags
    repeat = args.repeat or (2 if args.quick else 5)
    # Even 300 bags make two of named's queries run away: a smoke test stops them sooner.
    budget = args.budget or (3.0 if args.quick else 10.0)
    mem_cap = args.mem_cap or (2.0 if args.quick else 6.0)
    bags, items, bag_iri = collection(n)
    triples = sum(g.triples for _, g in bags)
    # 64-bit hashes rather than the lines, to spare memory: the chance of a collision
    # among 1.3 M lines is about one in twenty million.
    distinct = len({hash(line) for _, g in bags for line in g.ntriples.splitlines()})
    plan = {"items": items, "repeat": repeat, "mem_cap_bytes": int(mem_cap * 2**30)}
    load_before = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="archive-layouts-") as tmp:
        work = Path(tmp)
        (work / "input.pkl").write_bytes(pickle.dumps(bags, protocol=5))
        (work / "plan.json").write_text(json.dumps(plan))
        del bags  # the children read their own copy
        for layout in args.layouts:
            print(f"{layout} ...", file=sys.stderr, flush=True)
            results.append(run_layout(layout, work, budget))
            judge(results[-1], triples, distinct, bag_iri)
    print(
        f"{n:,} bags, batches of {BATCH}, {WRITERS} bulk loads at once; {os.cpu_count()} CPUs; "
        f"query ms: median of {repeat} timed run{'s' if repeat != 1 else ''} after a warm-up, "
        f"{budget:g} s budget a run, "
        f"{mem_cap:g} GiB cap; load average {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after\n"
    )
    print(table(results, triples, distinct))
    print(agreement(results))
    if args.quick:
        print("Quick mode: too small for the targets; the figures only show the run works.")
    if args.json:
        print(json.dumps({"bags": n, "triples": triples, "distinct": distinct, "layouts": results}))
    current = [r for r in results if r["layout"] == "current"]
    # The store's own layout must answer everything, and right; the others are what they are.
    broken = current and (
        current[0]["failed"] or not current[0]["merge_ok"] or not current[0]["graph_ok"]
    )
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
