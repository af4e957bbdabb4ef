"""JSON over HTTP to a Swoop server: bearer auth, idempotency keys on writes, retries with backoff."""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Dict, Optional

from .errors import SwoopAPIError, SwoopUnavailableError

logger = logging.getLogger("swoop")

#: Answers that mean "the server (or a proxy in front of it) is briefly away": retried like a lost connection.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def dumps(value: Any) -> bytes:
    """JSON as the server reads it: NaN and infinities as the bare words Python writes (the server accepts them)."""
    return json.dumps(value, allow_nan=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Transport:
    """One server, one key. Every write gets an `Idempotency-Key` that its retries reuse, so the server
    applies it once and replays its first answer; reads and writes are retried on a lost connection and on
    429/502/503/504 with exponential backoff until `retry_timeout` seconds have passed."""

    def __init__(
        self,
        base_url: str,
        api_key: Optional[str],
        retry_timeout: float = 300.0,
        request_timeout: float = 30.0,
        backoff_initial: float = 0.1,
        backoff_max: float = 5.0,
    ):
        # A list of replicas (`http://a:8080,http://b:8080`, as agents pass it with the live one first): this
        # client talks to the first; the Swift client fails over between them.
        base_url = base_url.split(",")[0].strip()
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"swoop: base URL must look like http://host:port, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key or None
        self.retry_timeout = float(retry_timeout)
        self.request_timeout = float(request_timeout)
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        # A proxy from the environment must not capture a server on this machine.
        handlers = [urllib.request.ProxyHandler({})] if _is_loopback(parsed.hostname or "") else []
        self._opener = urllib.request.build_opener(*handlers)
        #: Attempts that failed and were retried (or gave up), over this transport's life.
        self.failed_attempts = 0

    def request(
        self,
        method: str,
        path: str,
        body: Optional[Dict[str, Any]] = None,
        query: Optional[Dict[str, Any]] = None,
        idempotency_key: Optional[str] = None,
        retry_timeout: Optional[float] = None,
    ) -> Any:
        """Sends one request and returns the decoded JSON answer (None for an empty one).

        Raises SwoopAPIError for a refusal and SwoopUnavailableError once the retry budget is spent."""
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = dumps(body) if body is not None else None
        headers = {"Accept": "application/json", "User-Agent": "swoop-python/0.1"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        if method in WRITE_METHODS:
            headers["Idempotency-Key"] = idempotency_key or uuid.uuid4().hex
        budget = self.retry_timeout if retry_timeout is None else float(retry_timeout)
        start = time.monotonic()
        attempts = 0
        delay = self.backoff_initial
        warned = False
        while True:
            attempts += 1
            # The last attempt still gets a fair wait (a few seconds), even when little of the budget is left.
            remaining = budget - (time.monotonic() - start)
            timeout = min(self.request_timeout, max(remaining, 5.0))
            try:
                return self._once(method, url, data, headers, timeout)
            except _Retryable as e:
                last = str(e)
                self.failed_attempts += 1
            elapsed = time.monotonic() - start
            if elapsed >= budget:
                raise SwoopUnavailableError(method, url, elapsed, attempts, last)
            if not warned:
                logger.warning("swoop: %s %s failed (%s); retrying for up to %.0f s", method, url, last, budget)
                warned = True
            # Jittered so many clients coming back after an outage do not retry in step; the last try is at the deadline.
            time.sleep(min(delay * (0.5 + random.random() / 2), budget - elapsed))
            delay = min(delay * 2, self.backoff_max)

    def _once(self, method: str, url: str, data: Optional[bytes], headers: Dict[str, str], timeout: float) -> Any:
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            raw = _read_quietly(e)
            if e.code in RETRY_STATUSES:
                raise _Retryable(f"HTTP {e.code}")
            raise _api_error(method, url, e.code, raw) from None
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, OSError) as e:
            reason = getattr(e, "reason", e)
            raise _Retryable(f"{type(reason).__name__}: {reason}") from None
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise SwoopAPIError(method, url, 200, "invalid_answer", f"answer is not JSON: {raw[:200]!r}") from None


class _Retryable(Exception):
    """An attempt failed in a way another attempt may not."""


def _read_quietly(e: urllib.error.HTTPError) -> bytes:
    try:
        return e.read()
    except Exception:  # the body of an error answer is a nicety; the status already says what happened
        return b""


def _api_error(method: str, url: str, status: int, raw: bytes) -> SwoopAPIError:
    code, message, field = "http_error", raw[:300].decode("utf-8", "replace") or f"HTTP {status}", None
    try:
        err = json.loads(raw)["error"]
        code, message, field = err.get("code", code), err.get("message", message), err.get("field")
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return SwoopAPIError(method, url, status, code, message, field)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def quote(segment: str) -> str:
    """A name or id as one URL path segment."""
    return urllib.parse.quote(str(segment), safe="")
