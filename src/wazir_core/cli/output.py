"""How commands speak: diagnostics to stderr, JSON to stdout, and the exit-code rules."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from wazir_core.diagnostics import Diagnostic, WazirError, has_errors

OK, CONTENT_ERROR, USAGE_ERROR = 0, 1, 2


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diag in diagnostics:
        sys.stderr.write(f"{diag}\n")


def fail(error: WazirError, as_json: bool = False) -> NoReturn:
    if as_json:
        emit_json({"ok": False, "diagnostics": [d.to_json() for d in error.diagnostics]})
    else:
        print_diagnostics(error.diagnostics)
    raise SystemExit(error.exit_code)


def usage(message: str) -> NoReturn:
    sys.stderr.write(f"wazir: error: {message}\n")
    raise SystemExit(USAGE_ERROR)


def finish(diagnostics: list[Diagnostic]) -> NoReturn:
    raise SystemExit(CONTENT_ERROR if has_errors(diagnostics) else OK)
