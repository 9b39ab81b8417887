"""Errors a user can cause. Each carries a one-line message and the exit code the CLI returns."""

from __future__ import annotations

__all__ = ["KgError", "EXIT_OK", "EXIT_VIOLATIONS", "EXIT_ERROR"]

#: Exit codes, as pySHACL's: 0 conforms / success, 1 violations found, 2 error.
EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_ERROR = 2


class KgError(Exception):
    """A problem the user can fix: bad input, unknown name, unreachable endpoint…"""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
