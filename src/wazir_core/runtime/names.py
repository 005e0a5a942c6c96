"""Validating every name that becomes part of a path, so nothing lands outside the state root.

Run ids, capture names and file suffixes come from agents and command lines; a ``..`` or an
absolute path there was how the original wrote outside its state folder.
"""

from __future__ import annotations

import re

from wazir_core.diagnostics import Diagnostic, WazirError, usage_error

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,16}")
#: Names that are files of their own under ``runs/`` or that Windows cannot create.
RESERVED = {"latest", "con", "prn", "aux", "nul",
            *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def runtime_error(message: str, path: str = "", code: str = "runtime") -> WazirError:
    return WazirError([Diagnostic(path, message=message, code=code)], exit_code=1)


def describe_error(exc: BaseException, most: int | None = None) -> str:
    """An exception as one line for a hook answer or log: its diagnostics (the first
    ``most``) when it carries them, else its type and message."""
    diagnostics = getattr(exc, "diagnostics", None)
    if diagnostics:
        return "; ".join(str(d) for d in list(diagnostics)[:most])
    return f"{type(exc).__name__}: {exc}"


def _describe(value: str) -> str:
    return repr(value) if len(value) <= 80 else repr(value[:77] + "...")


def check_name(value: str, what: str) -> str:
    """A run id or capture name: one safe path segment, or a usage error saying why not."""
    if "\x00" in value:
        raise usage_error(f"{what} must not contain a NUL byte")
    if "/" in value or "\\" in value or (len(value) > 1 and value[1] == ":"):
        raise usage_error(f"{what} {_describe(value)} must be a plain name, not a path")
    if ".." in value:
        raise usage_error(f"{what} {_describe(value)} must not contain '..'")
    if not SAFE_NAME.fullmatch(value):
        raise usage_error(f"{what} {_describe(value)} must start with a letter or digit and use "
                          "only letters, digits, '.', '_' and '-' (at most 128 characters)")
    if value.split(".")[0].lower() in RESERVED:
        raise usage_error(f"{what} {_describe(value)} is a reserved name")
    return value


def check_label(value: str, what: str) -> str:
    """Phase, status and event names: short identifiers, never free text."""
    if not LABEL.fullmatch(value):
        raise usage_error(f"{what} {_describe(value)} must start with a letter or digit and use "
                          "only letters, digits, '.', '_', ':' and '-' (at most 64 characters)")
    return value


def check_suffix(value: str) -> str:
    suffix = value if value.startswith(".") else f".{value}"
    if not SUFFIX.fullmatch(suffix):
        raise usage_error(f"suffix {_describe(value)} must be a dot and 1-16 letters or digits, "
                          "such as .log or .txt")
    return suffix


def slug(text: str, fallback: str = "capture", limit: int = 48) -> str:
    """A readable name derived from free text (a command, a folder name)."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")
    return out or fallback
