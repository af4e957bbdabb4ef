"""`run.config`: the run's hyperparameters, as a dict and by attribute."""

from __future__ import annotations

import warnings
from typing import Any, Dict, Iterable, Iterator, Mapping, MutableMapping, Optional

from .errors import SwoopWarning


class Config(MutableMapping):
    """Hyperparameters by key (`config["lr"]`) or attribute (`config.lr`).

    Keys that came from a sweep or a launch (the agent's environment) are locked, as in W&B: setting one
    to another value is ignored with a SwoopWarning, so the training code cannot drift from what the
    search method chose."""

    def __init__(self, items: Optional[Mapping[str, Any]] = None, locked: Iterable[str] = (), locked_by: str = "sweep"):
        object.__setattr__(self, "_items", dict(items or {}))
        object.__setattr__(self, "_locked", frozenset(locked))
        object.__setattr__(self, "_locked_by", locked_by)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise TypeError(f"swoop: config keys must be strings, got {key!r}")
        if self._is_locked(key, value):
            return
        self._items[key] = value

    def __delitem__(self, key: str) -> None:
        if key in self._locked:
            warnings.warn(f"Config item '{key}' was locked by '{self._locked_by}' (ignored delete).", SwoopWarning, stacklevel=2)
            return
        del self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(f"swoop: config has no key {name!r} (keys: {sorted(self._items)})") from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self) -> Iterable[str]:
        return list(super().__dir__()) + [k for k in self._items if k.isidentifier()]

    def __repr__(self) -> str:
        return f"Config({self._items!r})"

    def update(self, other: Any = None, allow_val_change: bool = False, **kwargs: Any) -> None:  # type: ignore[override]
        """Sets several keys (a dict, an argparse Namespace, or keywords); locked keys are left alone.

        `allow_val_change` is accepted for W&B compatibility; as in W&B it does not unlock sweep keys."""
        for key, value in _as_dict(other).items():
            self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def setdefaults(self, other: Any) -> None:
        """Sets only the keys that are not there yet (W&B's `config.setdefaults`)."""
        for key, value in _as_dict(other).items():
            if key not in self._items:
                self[key] = value

    def as_dict(self) -> Dict[str, Any]:
        return dict(self._items)

    @property
    def locked_keys(self) -> frozenset:
        return self._locked

    def _is_locked(self, key: str, value: Any) -> bool:
        if key not in self._locked:
            return False
        if self._items.get(key) != value:
            warnings.warn(f"Config item '{key}' was locked by '{self._locked_by}' (ignored update).", SwoopWarning, stacklevel=4)
        return True


def _as_dict(value: Any) -> Dict[str, Any]:
    """A config given as a dict, an argparse Namespace (or any object with attributes), or None."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    raise TypeError(f"swoop: config must be a dict or an argparse Namespace, got {type(value).__name__}")
