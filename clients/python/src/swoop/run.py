"""A live run: log metrics, keep a summary, notice stop requests, finish with a final state."""

from __future__ import annotations

import atexit
import signal
import sys
import threading
import time
from typing import Any, Dict, Mapping, Optional

from ._http import Transport, quote
from ._sender import Sender
from ._values import Number, metric_values
from .config import Config
from .errors import SwoopAPIError, SwoopError, SwoopUnavailableError
from .summary import Summary

TERMINAL_STATES = frozenset({"finished", "failed", "crashed", "stopped", "preempted"})


class Run:
    """One training run on a Swoop server (made by `swoop.init`).

    `log` is cheap: values are checked, buffered, and sent in batches by a background thread; `finish`
    (or leaving a `with` block, or the interpreter exiting) sends what is left and sets the final state."""

    def __init__(
        self,
        transport: Transport,
        record: Mapping[str, Any],
        config: Config,
        project: Optional[str],
        entity: Optional[str],
        flush_interval: float = 1.0,
        stop_check_interval: float = 2.0,
        first_step: int = 0,
    ):
        self._transport = transport
        self.id: str = record["id"]
        self.name: Optional[str] = record.get("name")
        self.sweep_id: Optional[str] = record.get("sweepID")
        self.project = project
        self.entity = entity
        self.config = config
        self.summary = Summary(record.get("summary") or {})
        self._path = f"/api/v1/runs/{quote(self.id)}"
        self._step = first_step
        self._row: Dict[str, Number] = {}
        self._lock = threading.Lock()
        self._finished = False
        self._stop_requested = False
        self._stop_check_interval = stop_check_interval
        self._last_stop_check = float("-inf")
        self._sender = Sender(transport, self.id, self.summary, flush_interval=flush_interval)
        self._sender.start()
        atexit.register(self._at_exit)

    @property
    def step(self) -> int:
        """The step the next `log` without `step=` writes to."""
        return self._step

    @property
    def url(self) -> str:
        return self._transport.base_url + self._path

    def log(self, data: Mapping[str, Any], step: Optional[int] = None, commit: Optional[bool] = None) -> None:
        """Records metric values at a step, as W&B's `run.log`.

        Without `step`, the values go to the current step and the step advances by one. With `step`, values
        of one step may come in several calls; a larger step closes the previous one. A step below the
        current one is refused (W&B drops such values with a warning; Swoop never drops silently).
        `commit=False` keeps the step open. Nested dicts become dotted names (`{"val": {"loss": 1}}` is
        `val.loss`); values must be numbers (bools count as 0/1; NaN and infinities are kept)."""
        values = metric_values(data)
        with self._lock:
            if self._finished:
                raise SwoopError(f"swoop: run {self.id} is finished; run.log after run.finish")
            if step is not None:
                if isinstance(step, bool) or not isinstance(step, int) or step < 0:
                    raise ValueError(f"swoop: step must be a non-negative int, got {step!r}")
                if step < self._step:
                    raise ValueError(
                        f"swoop: step {step} is below the current step {self._step}; steps only go up "
                        f"(log with a larger step, or without step= to use the current one)"
                    )
            if self._sender.error is not None:
                # The server is gone for good: keep these values with the other unsent ones, then say so.
                rows = [(self._step, self._row)] if self._row else []
                self._row = {}
                self._sender.reject(rows + [(self._step if step is None else step, values)])
            if step is not None:
                if step > self._step:
                    self._commit()
                    self._step = step
            self._row.update(values)
            self.summary._logged(values)
            if commit or (commit is None and step is None):
                self._commit()
                self._step += 1

    def _commit(self) -> None:
        if self._row:
            row, self._row = self._row, {}
            self._sender.put(self._step, row)

    def flush(self) -> None:
        """Blocks until everything logged so far (closed steps) and the summary are on the server."""
        self._sender.flush()

    def should_stop(self) -> bool:
        """True once someone asked the server to stop this run (`POST /runs/{id}/stop`: a person, an early
        terminating sweep, a cancelled sweep) or the run was ended from outside.

        Asks the server at most once per `stop_check_interval` seconds, with a single attempt: a server that
        is briefly away reads as "not yet" rather than an error."""
        if self._stop_requested:
            return True
        now = time.monotonic()
        if now - self._last_stop_check < self._stop_check_interval:
            return False
        self._last_stop_check = now
        try:
            record = self._transport.request("GET", self._path, retry_timeout=0)
        except SwoopUnavailableError:
            return False
        if record.get("stopRequestedAt") is not None or record.get("state") in TERMINAL_STATES:
            self._stop_requested = True
        return self._stop_requested

    def finish(self, exit_code: int = 0, error_message: Optional[str] = None) -> None:
        """Sends what is left and sets the final state: `finished` for exit code 0, `failed` otherwise, or
        `stopped` when a stop had been requested. A run already ended (its agent marked it) is left as is."""
        self._finish(exit_code, error_message)

    def _finish(self, exit_code: int, error_message: Optional[str], state: Optional[str] = None) -> None:
        with self._lock:
            if self._finished:
                return
            self._finished = True
            atexit.unregister(self._at_exit)
            _forget(self)
            self._commit()
        self._sender.close()
        record = self._transport.request("GET", self._path)
        if record.get("state") in TERMINAL_STATES:
            return
        if state is None:
            state = "stopped" if record.get("stopRequestedAt") is not None else ("finished" if exit_code == 0 else "failed")
        body: Dict[str, Any] = {"state": state, "exitCode": int(exit_code)}
        if error_message:
            body["errorMessage"] = error_message[:4000]
        # The agent may end the run between our read and our write; that end stands.
        move(self._transport, self.id, body, TERMINAL_STATES)

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._end(exc)
        return False

    def _at_exit(self) -> None:
        exc = _uncaught.get("error")
        if exc is None and "exit" in _uncaught:
            exc = SystemExit(_uncaught["exit"])
        self._end(exc)

    def _end(self, exc: Optional[BaseException]) -> None:
        """The final state for how the code ended: normally, stopped (SIGTERM, Ctrl-C), or by an error."""
        signum = _uncaught.get("signal")
        if signum is not None:
            self._finish(128 + signum, f"stopped by signal {signal.Signals(signum).name}", state="stopped")
        elif isinstance(exc, KeyboardInterrupt):
            self._finish(130, "KeyboardInterrupt", state="stopped")
        elif isinstance(exc, SystemExit):
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            self._finish(code, None if code == 0 else f"SystemExit: {exc.code}")
        elif exc is not None:
            self._finish(1, f"{type(exc).__name__}: {exc}")
        else:
            self._finish(0, None)

    def __repr__(self) -> str:
        return f"<swoop.Run {self.id} at {self._transport.base_url}>"


def move(transport: Transport, run_id: str, body: Dict[str, Any], settled: frozenset) -> Mapping[str, Any]:
    """Moves the run to `body["state"]`. A 409 means the run moved first: our own earlier attempt whose
    answer was lost (a retry after a server restart finds no stored answer), or the agent; the run is
    read again and accepted when its state is in `settled`."""
    path = f"/api/v1/runs/{quote(run_id)}"
    try:
        return transport.request("POST", path + "/state", body)
    except SwoopAPIError as e:
        if e.status != 409:
            raise
        record = transport.request("GET", path)
        if record.get("state") not in settled:
            raise SwoopError(f"swoop: run {run_id} cannot move to {body['state']}: it is {record.get('state')}") from None
        return record


def _forget(run: Run) -> None:
    module = sys.modules.get("swoop")
    if module is not None and getattr(module, "run", None) is run:
        module.run = None


# How the program ended, for the run's final state at exit: an uncaught exception (seen by the excepthook),
# sys.exit at the top level (which reaches neither the excepthook nor atexit), or SIGTERM.
_uncaught: Dict[str, Any] = {}
_hooks: Dict[str, Any] = {}


def _excepthook(exc_type, exc, tb) -> None:
    _uncaught["error"] = exc
    _hooks["excepthook"](exc_type, exc, tb)


def _exit(code: Any = None) -> None:
    _uncaught["exit"] = code
    _hooks["exit"](code)


def _on_sigterm(signum, frame) -> None:
    _uncaught["signal"] = signum
    raise SystemExit(128 + signum)


def install_exit_hooks() -> None:
    """Lets the run learn how the program ended, as W&B's exit hooks do (once per process).

    SIGTERM (how an agent stops a run) would end Python without atexit, losing buffered points: it becomes
    SystemExit so `with` blocks and atexit finish the run as `stopped`; only where nobody else handles
    SIGTERM, and only from the main thread (the only one that may set handlers). A SIGTERM blocked by
    inheritance (children of some launchers start with it blocked) is unblocked, or a stop would go
    unheard until the SIGKILL that follows it."""
    if _hooks:
        return
    _hooks["excepthook"], _hooks["exit"] = sys.excepthook, sys.exit
    sys.excepthook, sys.exit = _excepthook, _exit
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
