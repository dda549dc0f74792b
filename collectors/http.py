"""The one place that talks to the network: a polite, bounded HTTP client.

Every request has a (connect, read) timeout, a size cap, an honest user agent, retries with
backoff on 408/429/5xx (Retry-After honoured up to a cap), no retry on other 4xx, robots.txt
respected, a delay between requests to one host, and an allow-list of hosts.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from .errors import FetchError

log = logging.getLogger(__name__)

USER_AGENT = ("ai-landscape-dashboard/0.1 (+https://github.com/ai-landscape-dashboard/dashboard; "
              "collectors of public leaderboards and price lists)")
RETRY_STATUSES = (408, 429, 500, 502, 503, 504)


class CappedRetry(Retry):
    """urllib3 Retry whose Retry-After wait never exceeds `retry_after_cap` seconds."""

    retry_after_cap: float = 180.0

    def get_retry_after(self, response):
        value = super().get_retry_after(response)
        return None if value is None else min(value, self.retry_after_cap)

    def new(self, **kw):
        new = super().new(**kw)
        new.retry_after_cap = self.retry_after_cap
        return new


@dataclass
class Response:
    url: str
    content: bytes
    status: int
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


@dataclass
class HttpPolicy:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_bytes: int = 50 * 1024 * 1024
    retries: int = 3
    backoff: float = 1.0
    retry_after_cap: float = 180.0
    host_delay: float = 2.0
    max_redirects: int = 5
    respect_robots: bool = True


@dataclass
class PoliteSession:
    """A requests.Session wrapped with the project's rules; `get` is the only fetch primitive."""

    allowed_hosts: set[str]
    policy: HttpPolicy = field(default_factory=HttpPolicy)

    def __post_init__(self):
        retry = CappedRetry(total=self.policy.retries, connect=self.policy.retries,
                            read=self.policy.retries, status=self.policy.retries,
                            backoff_factor=self.policy.backoff, status_forcelist=RETRY_STATUSES,
                            allowed_methods=frozenset({"GET", "HEAD"}),
                            respect_retry_after_header=True, raise_on_status=False, redirect=0)
        retry.retry_after_cap = self.policy.retry_after_cap
        self.session = requests.Session()
        self.session.max_redirects = self.policy.max_redirects
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, Protego | None] = {}
        self._lock = threading.Lock()

    # -- rules ---------------------------------------------------------------------------------
    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: only http(s) URLs are fetched")
        return parts.netloc.lower()

    def _check_allowed(self, url: str) -> str:
        host = self._host(url)
        if host not in self.allowed_hosts and urlsplit(url).hostname not in self.allowed_hosts:
            raise FetchError(f"{url}: host {host} is not in the allow-list of sources.toml")
        return host

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            last = self._last_request.get(host)
            now = time.monotonic()
            if last is not None and now - last < self.policy.host_delay:
                time.sleep(self.policy.host_delay - (now - last))
            self._last_request[host] = time.monotonic()

    def _robots_allows(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            self._wait_turn(parts.netloc.lower())
            try:
                resp = self.session.get(f"{base}/robots.txt", timeout=(
                    self.policy.connect_timeout, self.policy.read_timeout), allow_redirects=True)
            except requests.RequestException as exc:
                raise FetchError(f"{url}: robots.txt unreachable ({exc.__class__.__name__}); "
                                 "not fetching without it") from exc
            if resp.status_code >= 500:
                raise FetchError(f"{url}: robots.txt answered {resp.status_code}; "
                                 "not fetching while the site is failing")
            # 4xx: no robots.txt, everything is allowed (RFC 9309 §2.3.1.3)
            self._robots[base] = Protego.parse(resp.text) if resp.status_code == 200 else None
        rules = self._robots[base]
        return rules is None or rules.can_fetch(url, USER_AGENT)

    # -- the fetch -------------------------------------------------------------------------------
    def get(self, url: str, *, accept: tuple[str, ...] = (), etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """GET url within the rules; raise FetchError with a one-line reason otherwise.

        `accept` lists acceptable content-type fragments (e.g. "json", "csv", "text/plain");
        empty accepts anything. A 304 to a conditional request returns not_modified=True.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        resp = self._follow(url, headers)
        with resp:
            if resp.status_code == 304:
                return Response(url, b"", 304, "", etag, last_modified, not_modified=True)
            if resp.status_code >= 400:
                raise FetchError(f"{url}: HTTP {resp.status_code} {resp.reason}")
            content_type = resp.headers.get("Content-Type", "")
            if accept and not any(a in content_type.lower() for a in accept):
                raise FetchError(f"{url}: unexpected content type {content_type!r}, "
                                 f"expected one of {list(accept)}")
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                raise FetchError(f"{url}: body of {declared} bytes exceeds the cap of "
                                 f"{self.policy.max_bytes}")
            content = self._read_capped(resp, url)
            return Response(resp.url, content, resp.status_code, content_type,
                            resp.headers.get("ETag"), resp.headers.get("Last-Modified"))

    def _follow(self, url: str, headers: dict) -> requests.Response:
        """GET, following redirects by hand so that every hop is checked against the allow-list
        and robots.txt *before* it is requested."""
        current = url
        for _ in range(self.policy.max_redirects + 1):
            host = self._check_allowed(current)
            if self.policy.respect_robots and not self._robots_allows(current):
                raise FetchError(f"{current}: disallowed by robots.txt for our user agent")
            self._wait_turn(host)
            try:
                resp = self.session.get(current, headers=headers, stream=True, allow_redirects=False,
                                        timeout=(self.policy.connect_timeout, self.policy.read_timeout))
            except requests.exceptions.RetryError as exc:
                raise FetchError(f"{url}: gave up after {self.policy.retries} retries ({exc})") from exc
            except requests.exceptions.Timeout as exc:
                raise FetchError(f"{url}: timed out ({exc.__class__.__name__})") from exc
            except requests.RequestException as exc:
                raise FetchError(f"{url}: {exc.__class__.__name__}: {exc}") from exc
            if not resp.is_redirect:
                return resp
            location = resp.headers.get("Location", "")
            resp.close()
            current = urljoin(current, location)
        raise FetchError(f"{url}: too many redirects (loop?)")

    def _read_capped(self, resp: requests.Response, url: str) -> bytes:
        chunks, size = [], 0
        try:
            for chunk in resp.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise FetchError(f"{url}: body exceeds the cap of {self.policy.max_bytes} bytes")
                chunks.append(chunk)
        except requests.exceptions.ChunkedEncodingError as exc:
            raise FetchError(f"{url}: body cut short ({exc.__class__.__name__})") from exc
        except requests.exceptions.ConnectionError as exc:
            # requests wraps urllib3's ReadTimeoutError in a ConnectionError inside iter_content
            if isinstance(exc.args[0] if exc.args else None, ReadTimeoutError) or "timed out" in str(exc):
                raise FetchError(f"{url}: timed out while reading the body (stalled)") from exc
            raise FetchError(f"{url}: connection lost while reading the body") from exc
        except requests.exceptions.Timeout as exc:
            raise FetchError(f"{url}: timed out while reading the body") from exc
        content = b"".join(chunks)
        declared = resp.headers.get("Content-Length")
        encoded = resp.headers.get("Content-Encoding")
        if declared and declared.isdigit() and not encoded and len(content) < int(declared):
            raise FetchError(f"{url}: body truncated ({len(content)} of {declared} bytes)")
        return content
