"""The background thread that sends metric rows in batches and the summary when it changed."""

from __future__ import annotations

import collections
import json
import logging
import os
import tempfile
import threading
import time
import uuid
from typing import Deque, Dict, List, Optional, Tuple

from ._http import Transport, quote
from ._values import Number
from .errors import SwoopError
from .summary import Summary

logger = logging.getLogger("swoop")

Row = Tuple[int, Dict[str, Number]]


class Sender(threading.Thread):
    """Sends committed rows in write order, one batch at a time.

    A batch keeps its idempotency key through every retry (header and body), so a batch the server stored
    before the connection dropped is not stored twice. While the server is away rows wait here; `log` only
    blocks once `max_buffered_values` are waiting. When the retry budget is spent the error is kept, the
    rows not sent are saved to a JSON-lines file named in the error, and every later call raises it."""

    def __init__(
        self,
        transport: Transport,
        run_id: str,
        summary: Summary,
        flush_interval: float = 1.0,
        max_batch_values: int = 10_000,
        max_buffered_values: int = 1_000_000,
    ):
        super().__init__(name=f"swoop-sender-{run_id}", daemon=True)
        self._transport = transport
        self._run_id = run_id
        self._path = f"/api/v1/runs/{quote(run_id)}"
        self._summary = summary
        self._flush_interval = flush_interval
        self._max_batch_values = max_batch_values
        self._max_buffered_values = max_buffered_values
        self._cond = threading.Condition()
        self._rows: Deque[Row] = collections.deque()
        self._buffered_values = 0
        self._in_flight: List[Row] = []
        self._flush_wanted = False
        self._closing = False
        self._error: Optional[SwoopError] = None
        self._unsent_file: Optional[str] = None
        self.sent_values = 0

    # Called by the training thread.

    def put(self, step: int, values: Dict[str, Number]) -> None:
        with self._cond:
            while self._error is None and self._buffered_values >= self._max_buffered_values:
                self._cond.wait(1.0)
            if self._error is not None:
                self._save([(step, values)])
                raise self._error
            self._rows.append((step, values))
            self._buffered_values += len(values)
            if self._buffered_values >= self._max_batch_values:
                self._cond.notify_all()

    def flush(self) -> None:
        """Waits until every row put so far and the summary are on the server; raises the sender's error."""
        with self._cond:
            self._flush_wanted = True
            self._cond.notify_all()
            while self._error is None and (self._rows or self._in_flight or self._summary._pending() is not None):
                if not self.is_alive():
                    raise SwoopError("swoop: the metric sender stopped without an error (a bug); rows may be unsent")
                self._cond.wait(0.5)
            self._flush_wanted = False
            if self._error is not None:
                raise self._error

    def close(self) -> None:
        """Flushes, then stops the thread."""
        try:
            self.flush()
        finally:
            with self._cond:
                self._closing = True
                self._cond.notify_all()
            self.join(timeout=5)

    @property
    def error(self) -> Optional[SwoopError]:
        """The error that stopped the sender, if any."""
        return self._error

    def reject(self, rows: List[Row]) -> None:
        """Saves rows that came after the sender stopped with the unsent ones, and raises its error."""
        with self._cond:
            self._save(rows)
            raise self._error

    # The thread.

    def run(self) -> None:
        while True:
            with self._cond:
                deadline = time.monotonic() + self._flush_interval
                while not (self._closing or self._buffered_values >= self._max_batch_values or self._flush_due()):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if self._closing and not self._rows:
                    return
                batch = self._take()
            try:
                if batch:
                    self._send(batch)
                pending = self._summary._pending()
                if pending is not None:
                    version, items = pending
                    self._transport.request("PUT", self._path + "/summary", {"summary": items})
                    self._summary._mark_written(version)
            except SwoopError as e:
                self._fail(e)
                return
            except Exception as e:  # a bug must not pass for a delivered batch
                self._fail(SwoopError(f"swoop: the metric sender failed: {type(e).__name__}: {e}"))
                return
            with self._cond:
                self._cond.notify_all()

    def _flush_due(self) -> bool:
        return self._flush_wanted and bool(self._rows or self._summary._pending() is not None)

    def _take(self) -> List[Row]:
        batch: List[Row] = []
        count = 0
        while self._rows and (not batch or count + len(self._rows[0][1]) <= self._max_batch_values):
            row = self._rows.popleft()
            batch.append(row)
            count += len(row[1])
        self._buffered_values -= count
        self._in_flight = batch
        return batch

    def _send(self, batch: List[Row]) -> None:
        key = uuid.uuid4().hex
        points = [{"step": step, "values": values} for step, values in batch]
        result = self._transport.request("POST", self._path + "/metrics", {"points": points, "idempotencyKey": key}, idempotency_key=key)
        ignored = (result or {}).get("ignored", 0)
        if ignored and not result.get("replayed"):
            # Someone else wrote these (step, key) pairs first; the server keeps the first value.
            logger.warning("swoop: the server already had %d of the values sent for run %s (same step and key); it kept the earlier ones", ignored, self._run_id)
        with self._cond:
            self._in_flight = []
            self.sent_values += sum(len(v) for _, v in batch)
            self._cond.notify_all()

    def _fail(self, error: SwoopError) -> None:
        with self._cond:
            self._error = error
            unsent = self._in_flight + list(self._rows)
            self._in_flight = []
            self._rows.clear()
            self._buffered_values = 0
            self._save(unsent)
            self._cond.notify_all()
        logger.error("%s", error)

    def _save(self, rows: List[Row]) -> None:
        """Appends rows that will never be sent to a local file, so an outage loses nothing silently."""
        if not rows or self._error is None:
            return
        if self._unsent_file is None:
            directory = os.environ.get("SWOOP_DIR") or tempfile.gettempdir()
            self._unsent_file = os.path.join(directory, f"swoop-unsent-{self._run_id}-{os.getpid()}.jsonl")
        try:
            with open(self._unsent_file, "a", encoding="utf-8") as f:
                for step, values in rows:
                    f.write(json.dumps({"run": self._run_id, "step": step, "values": values}, allow_nan=True) + "\n")
        except OSError as e:
            logger.error("swoop: could not save %d unsent metric rows to %s: %s", len(rows), self._unsent_file, e)
            return
        self._error.note_unsent(self._unsent_file, sum(len(v) for _, v in rows))
