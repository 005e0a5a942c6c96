"""Errors as values: every user mistake becomes a Diagnostic with ``file:line:col``.

Loading, composing, rendering and writing collect diagnostics instead of raising, so one run
reports every problem at once and the CLI never shows a traceback for a user's mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, pointing at the place a user can fix it (line and column are 1-based)."""

    path: str
    line: int = 0
    col: int = 0
    message: str = ""
    severity: Severity = "error"
    code: str = field(default="", compare=False)

    def location(self) -> str:
        if not self.path:
            return "wazir"
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.col, 1)}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


class WazirError(Exception):
    """Raised by library functions when diagnostics contain errors; carries them all.

    ``exit_code`` follows the CLI convention: 1 for content or build errors, 2 for usage errors.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic], exit_code: int = 1) -> None:
        self.diagnostics = sorted(diagnostics)
        self.exit_code = exit_code
        super().__init__("\n".join(str(d) for d in self.diagnostics) or "wazir error")


def usage_error(message: str) -> WazirError:
    return WazirError([Diagnostic("", message=message, code="usage")], exit_code=2)
