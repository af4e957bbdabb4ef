"""`run.summary`: one value per key describing the whole run, written to the server in the background."""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterator, Mapping, MutableMapping, Optional, Tuple

from ._values import json_value


class Summary(MutableMapping):
    """A dict kept on the server as the run's summary (replaced as a whole on each write).

    As in W&B, every logged metric sets its key to the latest value; setting a key yourself (say, the best
    loss) overrides it until that metric is logged again. Values may be any JSON (text, lists, dicts)."""

    def __init__(self, items: Optional[Mapping[str, Any]] = None):
        self._lock = threading.Lock()
        self._items: Dict[str, Any] = dict(items or {})
        # Bumped on each change; the sender writes when what it last wrote is older.
        self._version = 0
        self._written = 0

    def __getitem__(self, key: str) -> Any:
        with self._lock:
            return self._items[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(key, str) or not key:
            raise TypeError(f"swoop: summary keys must be non-empty strings, got {key!r}")
        json_value(f"summary value for {key!r}", value)
        with self._lock:
            self._items[key] = value
            self._version += 1

    def __delitem__(self, key: str) -> None:
        with self._lock:
            del self._items[key]
            self._version += 1

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(list(self._items))

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __repr__(self) -> str:
        with self._lock:
            return f"Summary({self._items!r})"

    def as_dict(self) -> Dict[str, Any]:
        with self._lock:
            return dict(self._items)

    def _logged(self, values: Mapping[str, Any]) -> None:
        with self._lock:
            self._items.update(values)
            self._version += 1

    def _pending(self) -> Optional[Tuple[int, Dict[str, Any]]]:
        """The summary to write and its version, or None when the server has the latest."""
        with self._lock:
            if self._version == self._written:
                return None
            return self._version, dict(self._items)

    def _mark_written(self, version: int) -> None:
        with self._lock:
            self._written = max(self._written, version)
