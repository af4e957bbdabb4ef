"""Swoop's training-side client: hyperparameters in, metrics out (standard library only).

    import swoop
    run = swoop.init(project="mnist", config={"lr": 0.01})
    run.log({"loss": 0.3})
    run.finish()
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from ._init import init
from .config import Config
from .errors import SwoopAPIError, SwoopError, SwoopUnavailableError, SwoopWarning
from .run import Run
from .summary import Summary

__version__ = "0.1.0"
__all__ = [
    "init", "log", "finish", "run", "Run", "Config", "Summary",
    "SwoopError", "SwoopAPIError", "SwoopUnavailableError", "SwoopWarning",
]

#: The run the last `swoop.init` started, until it finishes (W&B's `wandb.run`).
run: Optional[Run] = None


def log(data: Mapping[str, Any], step: Optional[int] = None, commit: Optional[bool] = None) -> None:
    """`run.log` on the current run."""
    _current().log(data, step=step, commit=commit)


def finish(exit_code: int = 0) -> None:
    """`run.finish` on the current run, if there is one."""
    if run is not None:
        run.finish(exit_code)


def _current() -> Run:
    if run is None:
        raise SwoopError("swoop: no active run; call swoop.init() first")
    return run
