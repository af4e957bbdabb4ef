"""The exceptions and warnings the client raises."""

from __future__ import annotations

from typing import Optional


class SwoopError(Exception):
    """Base of every error this package raises on its own."""

    #: Where metric values that could not be sent were saved, when the run saved some.
    unsent_path: Optional[str] = None
    unsent_values = 0

    def note_unsent(self, path: str, values: int) -> None:
        """Records where unsent values went, so every later showing of the error tells the user."""
        self.unsent_path = path
        self.unsent_values += values

    def __str__(self) -> str:
        text = super().__str__()
        if self.unsent_path:
            text += f"; {self.unsent_values} unsent metric values were saved to {self.unsent_path}"
        return text


class SwoopAPIError(SwoopError):
    """The server refused a request (4xx and other non-retryable answers), with its JSON error."""

    def __init__(self, method: str, url: str, status: int, code: str, message: str, field: Optional[str] = None):
        self.method = method
        self.url = url
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        where = f" (field '{field}')" if field else ""
        super().__init__(f"{method} {url} answered {status} {code}: {message}{where}")


class SwoopUnavailableError(SwoopError):
    """The server did not answer within the retry budget (connection refused, reset, timeouts, 502/503/504)."""

    def __init__(self, method: str, url: str, seconds: float, attempts: int, last_error: str):
        self.method = method
        self.url = url
        self.seconds = seconds
        self.attempts = attempts
        self.last_error = last_error
        super().__init__(
            f"the Swoop server did not answer {method} {url}: gave up after {seconds:.1f} s "
            f"and {attempts} attempts (last error: {last_error}); pass retry_timeout= to swoop.init "
            f"or set SWOOP_RETRY_TIMEOUT to wait longer"
        )


class SwoopWarning(UserWarning):
    """Something was ignored on purpose (a locked config key, an argument the agent's environment overrides)."""
