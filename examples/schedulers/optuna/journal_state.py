"""An Optuna journal kept in memory and saved as part of the sweep's scheduler state.

Optuna's JournalStorage replays a list of operation logs; keeping that list in the scheduler state (the
server's compare-and-set `scheduler-state`) means no file: a scheduler started anywhere, after a crash or
on a resumed sweep, replays the same study. The logs are saved as one JSON string so that non-finite
values (Python writes NaN) come back exactly.
"""

from __future__ import annotations

import json
from typing import Any

from optuna.storages.journal import BaseJournalBackend


class StateJournal(BaseJournalBackend):
    """The journal's logs in a list; `dump`/`load` turn them into the string kept in the scheduler state."""

    def __init__(self, logs: list[dict[str, Any]] | None = None):
        self.logs: list[dict[str, Any]] = list(logs or [])

    def read_logs(self, log_number_from: int) -> list[dict[str, Any]]:
        return self.logs[log_number_from:]

    def append_logs(self, logs: list[dict[str, Any]]) -> None:
        self.logs.extend(logs)

    def dump(self) -> str:
        return json.dumps(self.logs, separators=(",", ":"))

    @classmethod
    def load(cls, text: str) -> "StateJournal":
        logs = json.loads(text)
        if not isinstance(logs, list):
            raise ValueError("scheduler state: journal is not a list of logs")
        return cls(logs)
