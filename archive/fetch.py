"""Fetching images over HTTP(S): the only module that opens network connections.

Used only when the user asks (``archive package --fetch``) and only for
images not found beside the article. Every URL comes from an untrusted
article, so:

* only ``http`` and ``https``; redirects are followed by hand (at most
  :data:`MAX_REDIRECTS`), each hop checked again;
* hosts that resolve to loopback, private, link-local, multicast or reserved
  addresses are refused unless ``allow_private`` (a page must not make the
  archive reach the library's own network). The check is made on the
  addresses the name resolves to before connecting; it does not defend
  against a DNS server that answers differently a moment later;
* a time-out on every network operation and on the whole download, and a
  size limit checked against ``Content-Length`` and again while reading;
* the body is streamed to a file the caller names, with its SHA-256.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from archive import __version__
from archive.errors import ImageError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "FetchPolicy", "fetch", "is_remote"]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 1 << 16
_USER_AGENT = f"archive/{__version__} (image fetch for a BagIt archive)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What a fetch may do."""

    timeout: float = DEFAULT_TIMEOUT  # seconds, for each operation and for the whole download
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False


def is_remote(src: str | None) -> bool:
    """True for an ``http:`` or ``https:`` URL.

    >>> is_remote("https://news.example/a.jpg"), is_remote("images/a.jpg")
    (True, False)
    """
    return bool(src) and urllib.parse.urlsplit(src or "").scheme.lower() in ("http", "https")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # each hop is checked by fetch() itself


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch(url: str, dest: Path, policy: FetchPolicy, *, what: str) -> tuple[str, int]:
    """Download ``url`` into ``dest``; return its SHA-256 (hex) and size.

    Raises:
        ImageError: the URL is refused, the server fails or answers with an
            error, the body is too large or too slow; ``what`` names the figure.
    """
    deadline = time.monotonic() + policy.timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        _check_url(current, policy, what if current == url else f"{what} (redirected from {url})")
        request = urllib.request.Request(current, headers={"User-Agent": _USER_AGENT})
        try:
            response = _OPENER.open(request, timeout=policy.timeout)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                current = urllib.parse.urljoin(current, exc.headers["Location"])
                exc.close()
                continue
            exc.close()
            raise ImageError(f"{what}: answered HTTP {exc.code}", input=url) from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise ImageError(f"{what}: cannot be fetched: {reason}", input=url) from exc
        with response:
            return _save(response, dest, policy, deadline, what, url)
    raise ImageError(f"{what}: redirects more than {MAX_REDIRECTS} times", input=url)


def _save(
    response: http.client.HTTPResponse,
    dest: Path,
    policy: FetchPolicy,
    deadline: float,
    what: str,
    url: str,
) -> tuple[str, int]:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise ImageError(
            f"{what}: is {declared} bytes, more than the limit of {policy.max_bytes}",
            input=url,
        )
    digest = hashlib.sha256()
    size = 0
    try:
        with open(dest, "xb") as out:
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > policy.max_bytes:
                    raise ImageError(
                        f"{what}: is larger than the limit of {policy.max_bytes} bytes",
                        input=url,
                    )
                if time.monotonic() > deadline:
                    raise ImageError(f"{what}: took longer than {policy.timeout:g} s", input=url)
                digest.update(chunk)
                out.write(chunk)
    except (OSError, http.client.HTTPException) as exc:
        dest.unlink(missing_ok=True)
        raise ImageError(f"{what}: cannot be fetched: {exc}", input=url) from exc
    except ImageError:
        dest.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size


def _check_url(url: str, policy: FetchPolicy, what: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ImageError(f"{what}: is not an http(s) URL; not fetched", input=url)
    host = parts.hostname
    if not host:
        raise ImageError(f"{what}: names no host", input=url)
    if policy.allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise ImageError(f"{what}: the host cannot be resolved: {exc}", input=url) from exc
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if not address.is_global:
            raise ImageError(
                f"{what}: resolves to the non-public address {address}; "
                "not fetched (--fetch-private allows it)",
                input=url,
            )
