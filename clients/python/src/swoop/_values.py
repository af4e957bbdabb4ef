"""What `run.log` accepts, checked before anything is buffered (pure functions, no I/O)."""

from __future__ import annotations

import json
import numbers
from typing import Any, Dict, Mapping, Union

Number = Union[int, float]

#: The server refuses longer metric names.
MAX_KEY_BYTES = 256
#: One log call must fit in a request body (the server takes 4 MiB) with room for the rest of its batch.
MAX_ROW_BYTES = 3 * 1024 * 1024
INT64 = (-(2**63), 2**63 - 1)


def metric_values(data: Any) -> Dict[str, Number]:
    """Flattens `{"val": {"loss": 1}}` to `{"val.loss": 1}` and checks every key and value.

    Raises TypeError or ValueError naming the key; nothing is taken from a dict that has one bad entry."""
    if not isinstance(data, Mapping):
        raise TypeError(f"swoop: run.log takes a dict of metric values, got {type(data).__name__}")
    out: Dict[str, Number] = {}
    _flatten(data, "", out)
    size = sum(len(k.encode("utf-8")) + 32 for k in out)
    if size > MAX_ROW_BYTES:
        raise ValueError(f"swoop: one run.log call holds {len(out)} values (~{size} bytes); split it (limit {MAX_ROW_BYTES} bytes)")
    return out


def _flatten(data: Mapping, prefix: str, out: Dict[str, Number]) -> None:
    for key, value in data.items():
        if not isinstance(key, str):
            raise TypeError(f"swoop: metric names must be strings, got {key!r} ({type(key).__name__}) under {prefix or 'the top level'!r}")
        if key == "":
            raise ValueError(f"swoop: empty metric name under {prefix[:-1] or 'the top level'!r}")
        name = prefix + key
        if isinstance(value, Mapping):
            _flatten(value, name + ".", out)
            continue
        if len(name.encode("utf-8")) > MAX_KEY_BYTES:
            raise ValueError(f"swoop: metric name {name[:40]!r}... is {len(name.encode('utf-8'))} bytes; at most {MAX_KEY_BYTES}")
        if name in out:
            raise ValueError(f"swoop: metric {name!r} is given twice (once as a dotted name, once nested)")
        out[name] = number(name, value)


def number(name: str, value: Any) -> Number:
    """A metric value as an int or float: bools are 0/1, NaN and infinities pass, numpy and torch scalars
    are unwrapped; anything else (text, None, lists, arrays) raises TypeError naming the metric."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value if INT64[0] <= value <= INT64[1] else float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, numbers.Integral):
        return number(name, int(value))
    if isinstance(value, numbers.Real):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (str, bytes)):
        try:
            unwrapped = item()
        except Exception as e:  # e.g. a numpy array of several values: not one metric value
            raise TypeError(f"swoop: metric {name!r} is a {type(value).__name__} that is not a single number ({e})") from None
        if isinstance(unwrapped, (bool, int, float)):
            return number(name, unwrapped)
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    raise TypeError(
        f"swoop: metric {name!r} must be a number (int, float, bool; NaN and infinities allowed), "
        f"got {type(value).__name__} {shown}; put text and other values in run.summary"
    )


def json_value(where: str, value: Any) -> Any:
    """Checks that a config or summary value can be stored as JSON; the error names `where`."""
    try:
        json.dumps(value, allow_nan=True)
    except (TypeError, ValueError) as e:
        raise TypeError(f"swoop: {where} cannot be stored as JSON ({e})") from None
    return value
