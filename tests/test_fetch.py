"""Fetching images with --fetch, against a real HTTP server on loopback."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import EPOCH, SAMPLES
from helpers import run_cli

from archive.validate.bags import validate_bag

JPEG = next((SAMPLES / "soyuz-tma-10m" / "images").iterdir()).read_bytes()


class _Handler(BaseHTTPRequestHandler):
    """A little site with good images and every way a download can go wrong."""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path.startswith("/img/"):
            self._send(200, JPEG, "image/jpeg")
        elif path == "/moved":
            self._redirect("/img/moved.jpg")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
        elif path == "/streamed-huge":
            self.send_response(200)
            self.end_headers()  # no length: the body runs until the connection closes
            for _ in range(64):
                self.wfile.write(b"\xff" * 65536)
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"\xff" * 100)
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/not-an-image.jpg":
            self._send(200, b"<html>Not found, but 200</html>", "text/html")
        else:
            self._send(404, b"no", "text/plain")

    def _send(self, code: int, body: bytes, kind: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def article(folder: Path, *srcs: str) -> Path:
    """A post whose captions point at ``srcs`` and whose images are nowhere beside it."""
    folder.mkdir(parents=True)
    body = "Crew members wave before the launch.\n\n"
    for n, src in enumerate(srcs, 1):
        body += (
            f'[caption id="attachment_{n}" width="600"]<img src="{src}" width="600" />'
            " NASA astronaut Jane Doe waves before the launch of Soyuz TMA-99M. REUTERS[/caption]\n"
        )
    (folder / "article.txt").write_text(body, encoding="utf-8")
    return folder


def package(tmp_path: Path, folder: Path, *flags: str) -> tuple[int, str, str]:
    return run_cli(["package", str(folder), "--out", str(tmp_path / "bags"), "--json", *flags])


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))


def test_fetched_images_go_into_the_bag_with_their_source(server: str, tmp_path: Path) -> None:
    url = f"{server}/img/launch.jpg"
    folder = article(tmp_path / "in", url, url, f"{server}/moved")
    code, out, err = package(tmp_path, folder, "--fetch", "--fetch-private")
    assert code == 0, err
    bag = Path(json.loads(out)["bags"][0]["bag"])
    assert validate_bag(bag).valid
    files = sorted((bag / "data/images").iterdir())
    assert [f.name for f in files] == ["launch.jpg", "moved.jpg"]  # one copy of a repeated URL
    assert all(f.read_bytes() == JPEG for f in files)
    docs = [json.loads(p.read_text("utf-8")) for p in sorted(bag.glob("data/metadata/images/*"))]
    assert [d["dcterms:source"] for d in docs] == [url, url, f"{server}/moved"]


def test_without_fetch_a_remote_image_is_missing(server: str, tmp_path: Path) -> None:
    code, _, err = package(tmp_path, article(tmp_path / "in", f"{server}/img/a.jpg"))
    assert code == 2 and "not found" in err


def test_private_addresses_are_refused_by_default(server: str, tmp_path: Path) -> None:
    code, _, err = package(tmp_path, article(tmp_path / "in", f"{server}/img/a.jpg"), "--fetch")
    assert code == 2 and "non-public address 127.0.0.1" in err, err
    assert not (tmp_path / "bags").exists() or not any((tmp_path / "bags").iterdir())


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/to-file", "is not an http(s) URL"),
        ("/loop", "redirects more than"),
        ("/declared-huge", "more than the limit"),
        ("/streamed-huge", "larger than the limit"),
        ("/slow", "took longer than"),
        ("/missing.jpg", "answered HTTP 404"),
        ("/not-an-image.jpg", "not-an-image.jpg"),
    ],
)
def test_bad_downloads_are_clear_errors(
    server: str, tmp_path: Path, path: str, needle: str
) -> None:
    folder = article(tmp_path / "in", f"{server}{path}")
    flags = ("--fetch", "--fetch-private", "--fetch-timeout", "2", "--fetch-max-bytes", "1000000")
    started = time.monotonic()
    code, _, err = package(tmp_path, folder, *flags)
    assert time.monotonic() - started < 30
    assert code == 2 and needle in err and "Traceback" not in err, err
    assert not (tmp_path / "bags").exists() or not any((tmp_path / "bags").iterdir())


def test_a_failed_fetch_is_a_recorded_gap_with_allow_missing(server: str, tmp_path: Path) -> None:
    folder = article(tmp_path / "in", f"{server}/gone.jpg")
    code, out, err = package(tmp_path, folder, "--fetch", "--fetch-private", "--allow-missing")
    assert code == 0, err
    bag = Path(json.loads(out)["bags"][0]["bag"])
    doc = json.loads((bag / "data/metadata/images/figure-001.jsonld").read_text("utf-8"))
    assert "HTTP 404" in doc["arch:missing"]


def test_fetch_options_are_checked(tmp_path: Path) -> None:
    folder = article(tmp_path / "in", "http://news.example/a.jpg")
    assert package(tmp_path, folder, "--fetch-private")[0] == 2
    assert package(tmp_path, folder, "--fetch", "--fetch-timeout", "0")[0] == 2
